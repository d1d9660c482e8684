/**
 * Timestamps from meters. Instants with an offset are taken as they are; wall-clock times without an offset are
 * read in the meter's IANA time zone (most Chinese meters stamp local time without an offset). All arithmetic is in
 * integer milliseconds since the epoch; the ledger stores and anchors seconds.
 */
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows ("Asia/Shanghai", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at the instant `epochMs`, in milliseconds (+8 h for Asia/Shanghai). */
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_BUCKET_MS = 15 * 60_000;
const OFFSET_CACHE_MAX = 100_000;

export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  // Zones change offset only on quarter-hour boundaries, so the offset is constant within a 15-minute bucket;
  // caching per bucket keeps local-time parsing off Intl's slow path on the ingest hot path.
  // Keyed by zone, then by bucket number: no string is built per call.
  let byBucket = offsetCache.get(timeZone);
  if (!byBucket) {
    byBucket = new Map();
    offsetCache.set(timeZone, byBucket);
  }
  const bucket = Math.floor(epochMs / OFFSET_BUCKET_MS);
  let offset = byBucket.get(bucket);
  if (offset === undefined) {
    offset = computeZoneOffsetMs(epochMs, timeZone);
    if (byBucket.size > OFFSET_CACHE_MAX) byBucket.clear();
    byBucket.set(bucket, offset);
  }
  return offset;
}

function computeZoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which wall-clock time `wallMs` (the wall time read as if it were UTC) occurs in `timeZone`. In a
 * repeated hour (end of daylight saving) the earlier instant is taken; in a skipped hour, the later.
 */
export function wallTimeToEpoch(wallMs: number, timeZone: string): number {
  const DAY = 86_400_000;
  // A zone changes its offset at most once within a day either side, so these are all offsets in play.
  const offsets = new Set([wallMs - DAY, wallMs, wallMs + DAY].map((t) => zoneOffsetMs(t, timeZone)));
  const candidates = [...offsets].map((offset) => wallMs - offset);
  const valid = candidates.filter((t) => t + zoneOffsetMs(t, timeZone) === wallMs);
  return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
}

/**
 * Parses an ISO 8601 timestamp ("2026-11-01T08:15:00+08:00", "2026-11-01 08:15", "2026-11-01T00:15:00Z") to epoch
 * milliseconds. Without an offset the time is read in `timeZone`. Returns undefined when the text is not such a
 * timestamp or names an impossible date.
 */
export function parseTimestamp(text: string, timeZone: string): number | undefined {
  const m = ISO_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const ms = Number((frac + '000').slice(0, 3));
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return undefined;
  }
  if (zone === undefined) return wallTimeToEpoch(wall, timeZone);
  if (zone === 'Z' || zone === 'z') return wall;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  if (Number(digits.slice(2, 4)) > 59 || offsetMinutes > 18 * 60) return undefined;
  return wall - sign * offsetMinutes * 60_000;
}

/** ISO 8601 UTC string of epoch milliseconds, without milliseconds when they are zero. */
export function isoUtc(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

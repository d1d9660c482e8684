import type { VeeConfig } from '../runtime/config';
import { compare, multiply, parseDecimal, decimalFromJson, rescale, formatUnits, type Decimal } from '../lib/decimal';
import { conversionFactor } from '../lib/energyKinds';
import type { ReadingProblem } from '../lib/errors';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { QualityFlag } from '../lib/qualityFlags';
import { parseTimestamp, zoneOffsetMs } from '../lib/time';
import type { Meter } from '../registry/meters';
import { rawItemHashes, type RawItem } from './rawHash';
import type { ReceivedReading } from './received';

/** A reading interpreted against its meter: aligned time, quantity in the normalised unit, and its raw form. */
export interface NormalisedReading {
  index: number;
  meter: Meter;
  /** Unix seconds: the interval start (interval meters) or the read instant (cumulative registers). */
  t: number;
  /** Normalised quantity (interval meters) or register value (cumulative), scaled by 10^QUANTITY_SCALE. */
  quantity: bigint;
  /** Flags from normalisation: UNIT_CONVERTED, MULTIPLIED, ROUNDED, TIME_ALIGNED, SIGNED. */
  flags: number;
  raw: RawItem;
  /** The time exactly as sent (stored with the raw reading). */
  timeText: string;
  /** Set by {@link hashRawItems}: a request's items are hashed together, maybe on the hash thread. */
  rawItemHash: Uint8Array;
  signatureHash: string | null;
}

/** Sets the raw item hash of every reading, hashing them all together (on the hash thread when `offThread`). */
export async function hashRawItems(normalised: NormalisedReading[], options: { offThread: boolean }): Promise<void> {
  const hashes = await rawItemHashes(
    normalised.map((n) => n.raw),
    options,
  );
  normalised.forEach((n, i) => (n.rawItemHash = hashes[i]));
}

const NOT_YET_HASHED = new Uint8Array(0);
const ONE: Decimal = { units: 1n, scale: 0 };
/**
 * Largest magnitude of a normalised quantity or register value: 10^18 kWh, m3, GJ or t is far beyond any meter, and
 * keeps every stored value (numeric(38, 6)) and every register delta in range.
 */
const MAX_QUANTITY = 10n ** BigInt(18 + QUANTITY_SCALE);

const multipliers = new WeakMap<Meter, Map<string, { factor: Decimal; flags: number } | undefined>>();

/** The multiplier from a meter's raw values to its normalised unit: unit conversion × CT × PT. */
export function meterMultiplier(meter: Meter, unit: string): { factor: Decimal; flags: number } | undefined {
  // Cached per meter object (one per request) and unit: every reading of a meter in a request shares it.
  let byUnit = multipliers.get(meter);
  if (!byUnit) {
    byUnit = new Map();
    multipliers.set(meter, byUnit);
  }
  if (byUnit.has(unit)) return byUnit.get(unit);
  const result = computeMultiplier(meter, unit);
  if (byUnit.size < 100) byUnit.set(unit, result);
  return result;
}

function computeMultiplier(meter: Meter, unit: string): { factor: Decimal; flags: number } | undefined {
  const conversion = conversionFactor(meter.energyKind, unit);
  if (!conversion) return undefined;
  const transformers = multiply(parseDecimal(meter.ctRatio), parseDecimal(meter.ptRatio));
  let flags = 0;
  if (unit !== meter.unit) flags |= QualityFlag.UNIT_CONVERTED;
  if (compare(transformers, ONE) !== 0) flags |= QualityFlag.MULTIPLIED;
  return { factor: multiply(conversion, transformers), flags };
}

/** `value` in `unit` as a normalised, scaled quantity of `meter`, with the flags the normalisation earned. */
export function normaliseValue(
  meter: Meter,
  value: Decimal,
  unit: string,
): { quantity: bigint; flags: number } | undefined {
  const m = meterMultiplier(meter, unit);
  if (!m) return undefined;
  const { units, exact } = rescale(multiply(value, m.factor), QUANTITY_SCALE);
  return { quantity: units, flags: m.flags | (exact ? 0 : QualityFlag.ROUNDED) };
}

/** A meter's register modulus in normalised scaled units, or null when it has none. */
export function rolloverQuantity(meter: Meter): bigint | null {
  if (meter.rolloverAt === null) return null;
  return normaliseValue(meter, parseDecimal(meter.rolloverAt), meter.readingUnit)?.quantity ?? null;
}

/**
 * Snaps `timeMs` to the meter's interval grid in the meter's local time when within the tolerance (clock drift);
 * returns undefined when it is too far off the grid.
 */
export function alignToInterval(
  timeMs: number,
  meter: Meter,
  toleranceSeconds: number,
): { t: number; aligned: boolean } | undefined {
  const intervalMs = meter.intervalSeconds * 1000;
  const wall = timeMs + zoneOffsetMs(timeMs, meter.timeZone);
  const rem = ((wall % intervalMs) + intervalMs) % intervalMs;
  if (rem === 0) return { t: timeMs / 1000, aligned: false };
  const tolerance = Math.min(toleranceSeconds * 1000, intervalMs / 2 - 1);
  if (rem <= tolerance) return { t: (timeMs - rem) / 1000, aligned: true };
  if (intervalMs - rem <= tolerance) return { t: (timeMs + intervalMs - rem) / 1000, aligned: true };
  return undefined;
}

export function normaliseReadings(
  readings: readonly ReceivedReading[],
  meters: Map<string, Meter>,
  signatureHashes: Map<string, string>,
  vee: VeeConfig,
  nowMs: number,
): { normalised: NormalisedReading[]; problems: ReadingProblem[] } {
  const problems: ReadingProblem[] = [];
  const normalised: NormalisedReading[] = [];
  const latestMs = nowMs + vee.futureToleranceSeconds * 1000;
  for (const r of readings) {
    const fail = (field: string, code: ReadingProblem['code'], message: string, hint: string) =>
      problems.push({ index: r.index, field, code, message, hint });
    const meter = meters.get(r.meter);
    if (!meter) {
      fail(
        'meter',
        'NT_ERR_READING_METER_UNKNOWN',
        `Unknown meter "${r.meter.slice(0, 80)}"`,
        'Register the meter first (POST /v1/meters) or check its external id.',
      );
      continue;
    }
    if (meter.retiredAt !== null) {
      fail(
        'meter',
        'NT_ERR_READING_METER_RETIRED',
        `Meter "${meter.externalId.slice(0, 80)}" was retired at ${meter.retiredAt.toISOString()}`,
        'Send the readings to the meter that replaced it (GET /v1/meters lists meters and their retiredAt).',
      );
      continue;
    }
    const wantsRegister = meter.registerType === 'cumulative';
    if (wantsRegister !== (r.timeField === 'at')) {
      fail(
        r.timeField,
        'NT_ERR_READING_FIELD',
        wantsRegister
          ? 'A cumulative register reading needs "at"'
          : `An interval reading needs "start" or "end", not "at"`,
        wantsRegister
          ? 'Send the instant of the register read as "at".'
          : 'Send the interval start as "start" (or its end as "end").',
      );
      continue;
    }
    let value: Decimal;
    try {
      value = decimalFromJson(r.value);
    } catch {
      fail(
        'value',
        'NT_ERR_READING_VALUE',
        `value "${String(r.value).slice(0, 40)}" is not a decimal number`,
        'Send digits with an optional sign and decimal point, e.g. "123.45".',
      );
      continue;
    }
    const unit = r.unit ?? meter.readingUnit;
    const normal = normaliseValue(meter, value, unit);
    if (!normal) {
      fail(
        'unit',
        'NT_ERR_READING_UNIT',
        `Unit "${unit.slice(0, 20)}" cannot be converted to ${meter.unit} for a ${meter.energyKind} meter`,
        `Send the value in ${meter.readingUnit} or another unit of ${meter.energyKind} (GET /v1/energy-kinds).`,
      );
      continue;
    }
    if (normal.quantity >= MAX_QUANTITY || normal.quantity <= -MAX_QUANTITY) {
      fail(
        'value',
        'NT_ERR_READING_VALUE',
        `value ${String(r.value).slice(0, 40)} ${unit} is implausibly large`,
        'Check the value and its unit; quantities must stay below 10^18 in the normalised unit.',
      );
      continue;
    }
    const timeMs = typeof r.time === 'number' ? r.time * 1000 : parseTimestamp(r.time, meter.timeZone);
    if (timeMs === undefined || !Number.isFinite(timeMs) || !Number.isSafeInteger(Math.round(timeMs))) {
      fail(
        r.timeField,
        'NT_ERR_READING_TIME',
        `"${String(r.time).slice(0, 40)}" is not a timestamp`,
        'Send ISO 8601 ("2026-11-01T08:15:00+08:00"); without an offset the meter\'s time zone applies.',
      );
      continue;
    }
    const aligned = alignToInterval(Math.round(timeMs), meter, vee.alignToleranceSeconds);
    if (!aligned) {
      fail(
        r.timeField,
        'NT_ERR_READING_UNALIGNED',
        `${new Date(timeMs).toISOString()} is not on the meter's ${meter.intervalSeconds} s interval grid`,
        `Send times on the ${meter.intervalSeconds / 60}-minute boundaries of ${meter.timeZone} local time.`,
      );
      continue;
    }
    const t = r.timeField === 'end' ? aligned.t - meter.intervalSeconds : aligned.t;
    const lastInstant = r.timeField === 'at' ? t : t + meter.intervalSeconds;
    if (lastInstant * 1000 > latestMs) {
      fail(
        r.timeField,
        'NT_ERR_READING_TIME_FUTURE',
        `${new Date(lastInstant * 1000).toISOString()} is in the future`,
        'Check the meter or gateway clock; an interval can be sent once it has ended.',
      );
      continue;
    }
    if (t * 1000 < vee.earliest) {
      fail(
        r.timeField,
        'NT_ERR_READING_TIME_RANGE',
        `${new Date(t * 1000).toISOString()} is before ${new Date(vee.earliest).toISOString()}`,
        'Check the timestamp; readings that old are refused as implausible.',
      );
      continue;
    }
    const signatureHash = signatureHashes.get(r.meter) ?? null;
    const raw: RawItem = {
      timeField: r.timeField,
      timeMs: Math.round(timeMs),
      value: formatUnits(value.units, value.scale),
      unit,
    };
    normalised.push({
      index: r.index,
      meter,
      t,
      quantity: normal.quantity,
      flags: normal.flags | (aligned.aligned ? QualityFlag.TIME_ALIGNED : 0) | (signatureHash ? QualityFlag.SIGNED : 0),
      raw,
      timeText: String(r.time),
      rawItemHash: NOT_YET_HASHED,
      signatureHash,
    });
  }
  return { normalised, problems };
}

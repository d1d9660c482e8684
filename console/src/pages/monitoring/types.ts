/** What the monitoring page reads from the API. */
export interface Site {
  id: string;
  name: string;
}

export interface Meter {
  id: string;
  siteId: string;
  externalId: string;
  name: string | null;
  energyKind: string;
  unit: string;
  retiredAt: string | null;
}

/** GET /v1/series: [unix seconds, mean, min, max] as decimal text, and the OR-ed quality flags of each point. */
export interface Series {
  unit: string;
  buckets: number;
  points: [number, string, string, string][];
  flags: number[];
  qualityFlags: Record<string, number>;
}

export const RESOLUTIONS = ['15min', 'hour', 'day', 'month'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Flag groups the chart marks: values not measured as is, and values VEE found suspect. */
export const ESTIMATE_FLAGS = ['ESTIMATED', 'INTERPOLATED', 'PROFILED', 'PRORATED'];
export const SUSPECT_FLAGS = ['SPIKE', 'NEGATIVE', 'METER_RESET', 'CONFLICT'];

export function flagsIn(mask: number, names: string[], legend: Record<string, number>): string[] {
  return names.filter((n) => legend[n] !== undefined && (mask & legend[n]) !== 0);
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local time of unix seconds, as YYYY-MM-DD HH:mm. */
export function localTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

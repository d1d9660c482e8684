import { flagNames } from '../lib/qualityFlags';

/** One CSV row per chart point: start (ISO 8601, UTC), mean, minimum and maximum (decimal text), quality flag names. */
export const SERIES_CSV_HEADER = 'start,mean,min,max,unit,flags\r\n';

export function seriesCsvRow(
  time: number,
  mean: string,
  min: string,
  max: string,
  unit: string,
  flags: number,
): string {
  // Every field is a number, a fixed unit name or flag names from the registry: nothing a spreadsheet could run.
  return `${new Date(time * 1000).toISOString()},${mean},${min},${max},${unit},${flagNames(flags).join('|')}\r\n`;
}

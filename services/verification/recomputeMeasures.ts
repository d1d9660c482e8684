import { format, parseRational, sub } from '../accounting/rational';
import { avoidedEnergy, type AvoidedEnergy } from '../analysis/avoidedEnergy';
import { joinPeriodDays } from '../analysis/periodDays';
import type { BatchExport, EvidenceManifest, EvidenceMeasure } from '../evidence/evidenceFormat';
import { localDay } from '../ingest/dailyRollups';
import { formatUnits } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { currentReadings } from './activityFromExports';

const DAY_SECONDS = 86_400;
/** Differing days named per measure; the count says how many more. */
const DAYS_NAMED = 20;

export interface MeasureDifference {
  /** `avoided`, `uncertainty`, `adjustedBaseline`, `actual`, `days`, `refusal` or `actual on YYYY-MM-DD`. */
  figure: string;
  reported: string;
  recomputed: string;
  /** reported − recomputed, exactly, when both are numbers. */
  difference: string | null;
}

/** A measure's results recomputed by the verifier and compared with the reported ones. */
export interface MeasureCheck {
  measureId: string;
  title: string;
  reportingPeriod: { start: string; end: string };
  identical: boolean;
  differences: MeasureDifference[];
  /** Differing days beyond those named. */
  moreDifferingDays: number;
  /** The recomputed avoided energy and its uncertainty (or the refusal's code). */
  recomputed: { avoided: string; uncertainty: string; unit: string } | { refused: string };
  /** Reported figures stated as the enterprise's and not recomputed here (they need the sites' whole inventory). */
  notRecomputed: string[];
}

/**
 * The baseline meters' daily totals over the reporting period from anchored readings: per meter and local day the
 * current revisions summed, counting a meter's day only when its intervals cover the whole day (as the rollups count
 * complete days), and a day's total over the meters complete on it.
 */
function dailyTotals(exports: readonly BatchExport[], entry: EvidenceMeasure) {
  const perMeterDay = new Map<string, { day: string; units: bigint; seconds: number }>();
  for (const r of currentReadings(exports, new Set(entry.baseline.meterIds))) {
    const day = localDay(r.start, r.timeZone);
    if (day < entry.reportingPeriod.start || day >= entry.reportingPeriod.end) continue;
    const key = `${r.meterId}@${day}`;
    const sum = perMeterDay.get(key) ?? { day, units: 0n, seconds: 0 };
    sum.units += r.quantity;
    sum.seconds += r.end - r.start;
    perMeterDay.set(key, sum);
  }
  const days = new Map<string, { units: bigint; meters: number }>();
  for (const { day, units, seconds } of perMeterDay.values()) {
    if (seconds < DAY_SECONDS) continue;
    const total = days.get(day) ?? { units: 0n, meters: 0 };
    total.units += units;
    total.meters += 1;
    days.set(day, total);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, t]) => ({ day, quantity: formatUnits(t.units, QUANTITY_SCALE), meters: t.meters }));
}

const numeric = (reported: string, recomputed: string, scale: number) =>
  format(sub(parseRational(reported), parseRational(recomputed)), scale);

/**
 * Recomputes one measure's results from the package alone, with the analysis service's own functions: the days that
 * count joined as the service joins them, then avoided energy and Guideline 14 uncertainty from the baseline model as
 * fitted. Compared with the reported figures exactly (decimal strings), and the stated daily actuals with those of
 * the anchored readings, day by day.
 */
export function recomputeMeasure(entry: EvidenceMeasure, exports: readonly BatchExport[]): MeasureCheck {
  const totals = dailyTotals(exports, entry);
  const days = joinPeriodDays(totals, entry.baseline, new Map(entry.drivers.map((d) => [d.name, d.values])));
  let result: AvoidedEnergy | { refused: string };
  try {
    result = avoidedEnergy(entry.baseline.model, entry.baseline.acceptance, days, entry.confidence);
  } catch (error) {
    if (!(error instanceof NengtanError)) throw error;
    result = { refused: error.code };
  }
  const differences: MeasureDifference[] = [];
  const reported = entry.reported;
  if ('refused' in reported || 'refused' in result) {
    const said = 'refused' in reported ? `refused: ${reported.refused.code}` : `avoided ${reported.avoided}`;
    const found = 'refused' in result ? `refused: ${result.refused}` : `avoided ${result.avoided}`;
    if (said !== found) differences.push({ figure: 'refusal', reported: said, recomputed: found, difference: null });
  } else {
    for (const figure of ['avoided', 'uncertainty', 'adjustedBaseline', 'actual'] as const) {
      if (reported[figure] !== result[figure]) {
        differences.push({
          figure,
          reported: reported[figure],
          recomputed: result[figure],
          difference: numeric(reported[figure], result[figure], 3),
        });
      }
    }
    if (reported.days !== result.days) {
      differences.push({
        figure: 'days',
        reported: String(reported.days),
        recomputed: String(result.days),
        difference: String(reported.days - result.days),
      });
    }
  }
  const recomputedDays = new Map(days.map((d) => [d.day, formatUnits(d.energyUnits, QUANTITY_SCALE)]));
  const statedDays = new Map(entry.actuals.map((a) => [a.day, a.quantity]));
  const differingDays = [...new Set([...statedDays.keys(), ...recomputedDays.keys()])]
    .sort()
    .filter((day) => statedDays.get(day) !== recomputedDays.get(day));
  for (const day of differingDays.slice(0, DAYS_NAMED)) {
    const said = statedDays.get(day);
    const found = recomputedDays.get(day);
    differences.push({
      figure: `actual on ${day}`,
      reported: said ?? '(not counted)',
      recomputed: found ?? '(not counted)',
      difference: said !== undefined && found !== undefined ? numeric(said, found, QUANTITY_SCALE) : null,
    });
  }
  return {
    measureId: entry.measure.id,
    title: entry.measure.title,
    reportingPeriod: entry.reportingPeriod,
    identical: differences.length === 0,
    differences,
    moreDifferingDays: Math.max(0, differingDays.length - DAYS_NAMED),
    recomputed:
      'refused' in result
        ? result
        : { avoided: result.avoided, uncertainty: result.uncertainty, unit: entry.baseline.unit },
    notRecomputed: 'refused' in reported ? [] : ['energyKgce', 'co2eLocationKg', 'co2eMarketKg'],
  };
}

/** Every measure of a package recomputed (none in a version-1 package). */
export function recomputeMeasures(manifest: EvidenceManifest, exports: readonly BatchExport[]): MeasureCheck[] {
  return (manifest.measures ?? []).map((entry) => recomputeMeasure(entry, exports));
}

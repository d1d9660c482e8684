import type { DaySegment } from './timeRanges';
import { daySegmentsByMonth, rangesFromInput } from './timeRanges';
import type { Tariff } from './tariffTypes';

/** A tariff version ready to price: its day segments per month (empty for a single-price tariff). */
export interface PreparedTariff {
  tariff: Tariff;
  segmentsByMonth: Map<number, DaySegment[]>;
}

/**
 * Which version prices a site's energy of a kind on a local day: the site's own latest version from on or before
 * that day, else the organisation default's; none when neither has started.
 */
export function tariffSchedule(tariffs: Tariff[]) {
  const prepared = tariffs.map((tariff): PreparedTariff => ({
    tariff,
    segmentsByMonth: tariff.periods.length > 0 ? daySegmentsByMonth(rangesFromInput(tariff.periods)) : new Map(),
  }));
  // Latest first, so the first version started by a day is the one in force on it.
  const byKey = new Map<string, PreparedTariff[]>();
  for (const p of [...prepared].sort((a, b) => (a.tariff.validFrom < b.tariff.validFrom ? 1 : -1))) {
    const key = `${p.tariff.siteId ?? ''}|${p.tariff.energyKind}`;
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  const started = (key: string, day: string) => byKey.get(key)?.find((p) => p.tariff.validFrom <= day);
  return (siteId: string, energyKind: string, day: string): PreparedTariff | undefined =>
    started(`${siteId}|${energyKind}`, day) ?? started(`|${energyKind}`, day);
}

import { add, compare, div, mul, parseRational, rational, sub, sum, ZERO, type Rational } from '../accounting/rational';
import type { CalendarOverrides, DayKind } from '../calendar/calendarTypes';
import type { Meter } from '../registry/meters';
import type { EnergyAnalysisParams, FlexibleMeterShare, LoadShiftLine, Recommendation } from './energyAnalysisTypes';
import { cnyText, percentNumberText, percentText, quantityText } from './figures';
import { priceOf, type MeterBucket } from './meterPieces';

export const DEFAULTS = { movableSharePercent: '20', peakShareThresholdPercent: '40', offHoursThresholdPercent: '30' };
const HUNDRED = rational(100n);
const isPeak = (b: MeterBucket) => b.period === 'peak' || b.period === 'sharp';
const idsOf = (buckets: MeterBucket[]) =>
  [...new Set(buckets.flatMap((b) => (b.tariff ? [b.tariff.tariff.id] : [])))].sort();

/** Where the load shifting potential comes from: the meters asked for, the flagged flexible loads, or all meters. */
export type FlexibleBasis = 'requested' | 'flagged' | 'all_electricity';

export interface FlexibleLoads {
  basis: FlexibleBasis;
  meters: Meter[];
  /** Flagged meters' own largest movable share, per cent, by meter id. */
  maxShiftPercent: ReadonlyMap<string, string>;
}

function shiftAssumption(loads: FlexibleLoads, shares: { externalId: string; percent: string }[], share: string) {
  const named = shares.map((m) => `${m.externalId} ${m.percent} %`).join(', ');
  const where = 'moves to valley hours of the same tariff version and day, at the valley price';
  if (loads.basis === 'flagged') {
    return (
      `Only the meters flagged as flexible loads can move (${named}): each meter's share of its peak and sharp use ` +
      `${where}; the use of every other meter stays where it is.`
    );
  }
  if (loads.basis === 'requested')
    return `The meters asked for can move (${named}): that share of their peak and sharp use ${where}.`;
  return (
    `No meter is flagged as a flexible load: ${share} % of the peak and sharp use of every boundary electricity ` +
    `meter is assumed to move to valley hours of the same tariff version and day, at the valley price. Flag the ` +
    `meters whose load can move (PUT /v1/meters/{id}/flexibility) for a figure that names them.`
  );
}

/**
 * Load shifting (削峰填谷): the movable share of each flexible meter's peak and sharp use (the meter's own largest
 * share when it is flagged with one), moved to valley hours of the same tariff version, saves kWh × (period price −
 * valley price).
 */
function loadShift(share: Rational, loads: FlexibleLoads, buckets: Map<string, MeterBucket[]>): Recommendation {
  const lines = new Map<string, { bucket: MeterBucket; kwh: Rational[]; moved: Rational[] }>();
  const perMeter: FlexibleMeterShare[] = [];
  const shareTexts: { externalId: string; percent: string }[] = [];
  for (const meter of loads.meters) {
    const own = loads.maxShiftPercent.get(meter.id);
    const meterShare = own === undefined ? share : div(parseRational(own), HUNDRED);
    let meterPeak = ZERO;
    for (const bucket of buckets.get(meter.id) ?? []) {
      const valley = bucket.tariff?.tariff.prices.valley;
      if (!isPeak(bucket) || valley === undefined) continue;
      const key = `${bucket.tariff?.tariff.id}|${bucket.period}`;
      const line = lines.get(key) ?? { bucket, kwh: [], moved: [] };
      line.kwh.push(bucket.quantity);
      line.moved.push(mul(bucket.quantity, meterShare));
      lines.set(key, line);
      meterPeak = add(meterPeak, bucket.quantity);
    }
    const percent = percentNumberText(mul(meterShare, HUNDRED));
    shareTexts.push({ externalId: meter.externalId, percent });
    perMeter.push({
      externalId: meter.externalId,
      movableSharePercent: percent,
      shareSource: own === undefined ? 'analysis' : 'meter',
      peakKwh: quantityText(meterPeak),
      movableKwh: quantityText(mul(meterPeak, meterShare)),
    });
  }
  const figures: LoadShiftLine[] = [];
  let movable = ZERO;
  let saved = ZERO;
  let peakKwh = ZERO;
  for (const { bucket, kwh, moved: movedParts } of lines.values()) {
    const tariff = bucket.tariff!.tariff;
    const total = sum(kwh);
    const moved = sum(movedParts);
    const price = priceOf(bucket) as Rational;
    const valley = parseRational(tariff.prices.valley as string);
    const lineSaved = mul(moved, sub(price, valley));
    peakKwh = sum([peakKwh, total]);
    movable = sum([movable, moved]);
    saved = sum([saved, lineSaved]);
    figures.push({
      tariffId: tariff.id,
      validFrom: tariff.validFrom,
      period: bucket.period!,
      kwh: quantityText(total),
      movableKwh: quantityText(moved),
      price: tariff.prices[bucket.period!] as string,
      valleyPrice: tariff.prices.valley as string,
      savedCny: cnyText(lineSaved),
    });
  }
  figures.sort((a, b) => (a.validFrom + a.period < b.validFrom + b.period ? -1 : 1));
  perMeter.sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
  shareTexts.sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
  const shareText = percentNumberText(mul(share, HUNDRED));
  return {
    code: 'load_shift',
    triggered: compare(saved, ZERO) > 0,
    figures: {
      peakKwh: quantityText(peakKwh),
      // Flagged meters may each have their own share: the figure is then what moves over what could.
      movableSharePercent: loads.basis === 'flagged' ? (percentText(movable, peakKwh) ?? shareText) : shareText,
      movableKwh: quantityText(movable),
      savedCny: cnyText(saved),
    },
    meters: loads.meters.map((m) => m.externalId).sort(),
    tariffIds: [...new Set(figures.map((f) => f.tariffId))].sort(),
    lines: figures,
    basis: loads.basis,
    assumption: shiftAssumption(loads, shareTexts, shareText),
    flexibleMeters: perMeter,
  };
}

/** The peak and sharp share of electricity priced by time of use, against a threshold. */
function peakShare(threshold: Rational, electricity: Meter[], buckets: Map<string, MeterBucket[]>): Recommendation {
  const tou = electricity.flatMap((m) => buckets.get(m.id) ?? []).filter((b) => b.period !== null);
  const touKwh = sum(tou.map((b) => b.quantity));
  const peakKwh = sum(tou.filter(isPeak).map((b) => b.quantity));
  const above = compare(touKwh, ZERO) > 0 && compare(div(mul(peakKwh, HUNDRED), touKwh), threshold) > 0;
  return {
    code: 'peak_share',
    triggered: above,
    figures: {
      peakKwh: quantityText(peakKwh),
      touKwh: quantityText(touKwh),
      peakSharePercent: percentText(peakKwh, touKwh),
      thresholdPercent: percentNumberText(threshold),
    },
    meters: electricity.map((m) => m.externalId).sort(),
    tariffIds: idsOf(tou),
  };
}

/**
 * Electricity used at night (22:00–06:00 local) and on non-working days (Saturday and Sunday unless the calendar makes
 * them adjusted working days, and the calendar's holidays): equipment left running shows here.
 */
function offHours(
  threshold: Rational,
  electricity: Meter[],
  buckets: Map<string, MeterBucket[]>,
  calendar: CalendarOverrides,
): Recommendation {
  const all = electricity.flatMap((m) => buckets.get(m.id) ?? []);
  const kwh = sum(all.map((b) => b.quantity));
  const offKwh = sum(all.filter((b) => b.offHours).map((b) => b.quantity));
  const nonWorkingKwh = sum(all.filter((b) => !b.workingDay).map((b) => b.quantity));
  const above = compare(kwh, ZERO) > 0 && compare(div(mul(offKwh, HUNDRED), kwh), threshold) > 0;
  const days = (kind: DayKind) =>
    [...calendar]
      .filter(([, k]) => k === kind)
      .map(([day]) => day)
      .sort();
  const holidays = days('holiday');
  const workdays = days('workday');
  const calendarWords =
    holidays.length + workdays.length === 0
      ? 'The calendar has no holiday or adjusted working day in the period.'
      : `From the calendar: ${holidays.length} holiday(s) (${holidays.join(', ') || 'none'}) count as non-working ` +
        `and ${workdays.length} adjusted working day(s) (${workdays.join(', ') || 'none'}) as working.`;
  return {
    code: 'off_hours_base_load',
    triggered: above,
    figures: {
      offHoursKwh: quantityText(offKwh),
      electricityKwh: quantityText(kwh),
      offHoursSharePercent: percentText(offKwh, kwh),
      thresholdPercent: percentNumberText(threshold),
      offHours: '22:00-06:00, Sat, Sun, holidays; adjusted working days count as working',
      nonWorkingDayKwh: quantityText(nonWorkingKwh),
      workingDayKwh: quantityText(sub(kwh, nonWorkingKwh)),
      holidays: String(holidays.length),
      adjustedWorkdays: String(workdays.length),
    },
    meters: electricity.map((m) => m.externalId).sort(),
    tariffIds: [],
    assumption: `Nights 22:00–06:00 local and whole non-working days are off hours. ${calendarWords}`,
  };
}

export function recommendations(
  params: EnergyAnalysisParams,
  data: {
    electricity: Meter[];
    loads: FlexibleLoads;
    buckets: Map<string, MeterBucket[]>;
    calendar: CalendarOverrides;
  },
): Recommendation[] {
  const percent = (text: string | undefined, fallback: string) => parseRational(text ?? fallback);
  const share = div(percent(params.movableSharePercent, DEFAULTS.movableSharePercent), HUNDRED);
  return [
    loadShift(share, data.loads, data.buckets),
    peakShare(
      percent(params.peakShareThresholdPercent, DEFAULTS.peakShareThresholdPercent),
      data.electricity,
      data.buckets,
    ),
    offHours(
      percent(params.offHoursThresholdPercent, DEFAULTS.offHoursThresholdPercent),
      data.electricity,
      data.buckets,
      data.calendar,
    ),
  ];
}

import { compare, div, mul, parseRational, rational, sub, sum, ZERO, type Rational } from '../accounting/rational';
import type { Meter } from '../registry/meters';
import type { EnergyAnalysisParams, LoadShiftLine, Recommendation } from './energyAnalysisTypes';
import { cnyText, percentNumberText, percentText, quantityText } from './figures';
import { priceOf, type MeterBucket } from './meterPieces';

export const DEFAULTS = { movableSharePercent: '20', peakShareThresholdPercent: '40', offHoursThresholdPercent: '30' };
const HUNDRED = rational(100n);
const isPeak = (b: MeterBucket) => b.period === 'peak' || b.period === 'sharp';
const idsOf = (buckets: MeterBucket[]) =>
  [...new Set(buckets.flatMap((b) => (b.tariff ? [b.tariff.tariff.id] : [])))].sort();

/**
 * Load shifting (削峰填谷): the movable share of the flexible meters' peak and sharp use, moved to valley hours of
 * the same tariff version, saves kWh × (period price − valley price).
 */
function loadShift(share: Rational, flexible: Meter[], buckets: Map<string, MeterBucket[]>): Recommendation {
  const lines = new Map<string, { bucket: MeterBucket; kwh: Rational[] }>();
  for (const bucket of flexible.flatMap((m) => buckets.get(m.id) ?? [])) {
    const valley = bucket.tariff?.tariff.prices.valley;
    if (!isPeak(bucket) || valley === undefined) continue;
    const key = `${bucket.tariff?.tariff.id}|${bucket.period}`;
    const line = lines.get(key) ?? { bucket, kwh: [] };
    line.kwh.push(bucket.quantity);
    lines.set(key, line);
  }
  const figures: LoadShiftLine[] = [];
  let movable = ZERO;
  let saved = ZERO;
  let peakKwh = ZERO;
  for (const { bucket, kwh } of lines.values()) {
    const tariff = bucket.tariff!.tariff;
    const total = sum(kwh);
    const moved = mul(total, share);
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
  return {
    code: 'load_shift',
    triggered: compare(saved, ZERO) > 0,
    figures: {
      peakKwh: quantityText(peakKwh),
      movableSharePercent: percentNumberText(mul(share, HUNDRED)),
      movableKwh: quantityText(movable),
      savedCny: cnyText(saved),
    },
    meters: flexible.map((m) => m.externalId).sort(),
    tariffIds: [...new Set(figures.map((f) => f.tariffId))].sort(),
    lines: figures,
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

/** Electricity used at night (22:00–06:00 local) and at weekends: equipment left running shows here. */
function offHours(threshold: Rational, electricity: Meter[], buckets: Map<string, MeterBucket[]>): Recommendation {
  const all = electricity.flatMap((m) => buckets.get(m.id) ?? []);
  const kwh = sum(all.map((b) => b.quantity));
  const offKwh = sum(all.filter((b) => b.offHours).map((b) => b.quantity));
  const above = compare(kwh, ZERO) > 0 && compare(div(mul(offKwh, HUNDRED), kwh), threshold) > 0;
  return {
    code: 'off_hours_base_load',
    triggered: above,
    figures: {
      offHoursKwh: quantityText(offKwh),
      electricityKwh: quantityText(kwh),
      offHoursSharePercent: percentText(offKwh, kwh),
      thresholdPercent: percentNumberText(threshold),
      offHours: '22:00-06:00, Sat, Sun',
    },
    meters: electricity.map((m) => m.externalId).sort(),
    tariffIds: [],
  };
}

export function recommendations(
  params: EnergyAnalysisParams,
  data: { electricity: Meter[]; flexible: Meter[]; buckets: Map<string, MeterBucket[]> },
): Recommendation[] {
  const percent = (text: string | undefined, fallback: string) => parseRational(text ?? fallback);
  const share = div(percent(params.movableSharePercent, DEFAULTS.movableSharePercent), HUNDRED);
  return [
    loadShift(share, data.flexible, data.buckets),
    peakShare(
      percent(params.peakShareThresholdPercent, DEFAULTS.peakShareThresholdPercent),
      data.electricity,
      data.buckets,
    ),
    offHours(
      percent(params.offHoursThresholdPercent, DEFAULTS.offHoursThresholdPercent),
      data.electricity,
      data.buckets,
    ),
  ];
}

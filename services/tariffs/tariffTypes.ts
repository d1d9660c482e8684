import type { EnergyKind } from '../lib/energyKinds';

/** Time-of-use periods (分时电价): 尖峰 sharp, 峰 peak, 平 flat, 谷 valley. */
export const TOU_PERIODS = ['sharp', 'peak', 'flat', 'valley'] as const;
export type TouPeriod = (typeof TOU_PERIODS)[number];

/** One local time-of-day range of a period, "HH:MM"; an end before the start wraps past midnight; "24:00" ends the day. */
export interface PeriodRange {
  period: TouPeriod;
  from: string;
  to: string;
  /** Months (1–12) the range applies in; every month when omitted. */
  months?: number[] | null;
}

export interface TariffInput {
  /** The site the tariff prices; the organisation's default when omitted. */
  siteId?: string | null;
  energyKind: string;
  /** First local day the version applies to. */
  validFrom: string;
  /** One price (CNY per normalised unit) for the whole day; not with periods. */
  price?: string | null;
  /** Electricity only: the day's time-of-use ranges, with `prices` for every period they use. */
  periods?: PeriodRange[] | null;
  prices?: Partial<Record<TouPeriod, string>> | null;
  note?: string | null;
}

export interface Tariff {
  id: string;
  siteId: string | null;
  energyKind: EnergyKind;
  /** The normalised unit of the kind; prices are CNY per this unit. */
  unit: string;
  currency: 'CNY';
  validFrom: string;
  price: string | null;
  periods: PeriodRange[];
  prices: Partial<Record<TouPeriod, string>>;
  note: string | null;
  createdAt: string;
}

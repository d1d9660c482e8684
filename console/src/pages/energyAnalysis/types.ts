export type TouPeriod = 'sharp' | 'peak' | 'flat' | 'valley';
export const TOU_PERIODS: TouPeriod[] = ['sharp', 'peak', 'flat', 'valley'];

export interface PeriodRange {
  period: TouPeriod;
  from: string;
  to: string;
  months?: number[] | null;
}

export interface Tariff {
  id: string;
  siteId: string | null;
  energyKind: string;
  unit: string;
  validFrom: string;
  price: string | null;
  periods: PeriodRange[];
  prices: Partial<Record<TouPeriod, string>>;
}

export interface Recommendation {
  code: 'load_shift' | 'peak_share' | 'off_hours_base_load';
  triggered: boolean;
  figures: Record<string, string | null>;
  meters: string[];
  tariffIds: string[];
  lines?: {
    tariffId: string;
    validFrom: string;
    period: TouPeriod;
    kwh: string;
    movableKwh: string;
    price: string;
    valleyPrice: string;
    savedCny: string;
  }[];
  basis?: 'requested' | 'flagged' | 'all_electricity';
  assumption?: string;
  flexibleMeters?: {
    externalId: string;
    movableSharePercent: string;
    shareSource: 'meter' | 'analysis';
    peakKwh: string;
    movableKwh: string;
  }[];
}

export interface EnergyAnalysis {
  energy: {
    totalKgce: string;
    kinds: {
      energyKind: string;
      unit: string;
      quantity: string;
      kgce: string | null;
      sharePercent: string | null;
      meters: string[];
    }[];
  };
  cost: {
    totalCny: string;
    kinds: {
      energyKind: string;
      unit: string;
      quantity: string;
      cny: string;
      sharePercent: string | null;
      unpricedQuantity: string;
      tariffIds: string[];
    }[];
    electricityPeriods: {
      period: TouPeriod;
      kwh: string;
      cny: string;
      kwhSharePercent: string | null;
      cnySharePercent: string | null;
    }[];
  };
  recommendations: Recommendation[];
  meters: { externalId: string; quantity: string }[];
  tariffs: Tariff[];
}

export interface Site {
  id: string;
  name: string;
}

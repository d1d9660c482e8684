import type { Tariff, TouPeriod } from './tariffTypes';

export interface EnergyAnalysisParams {
  from: string;
  to: string;
  siteId?: string;
  /** Per cent of flexible meters' peak and sharp use that could move to valley hours. */
  movableSharePercent?: string;
  /**
   * Meters (external id or UUID) whose load can move; when omitted, the meters flagged as flexible loads in scope, or
   * all boundary electricity meters in scope when none is flagged.
   */
  flexibleMeters?: string[];
  peakShareThresholdPercent?: string;
  offHoursThresholdPercent?: string;
}

export interface KindEnergy {
  energyKind: string;
  unit: string;
  quantity: string;
  /** null when the default factor set has no standard coal coefficient for the kind (water). */
  kgce: string | null;
  sharePercent: string | null;
  meters: string[];
}

export interface KindCost {
  energyKind: string;
  unit: string;
  quantity: string;
  cny: string;
  sharePercent: string | null;
  /** Energy on days no tariff version prices (no version started yet). */
  unpricedQuantity: string;
  tariffIds: string[];
}

export interface PeriodCost {
  period: TouPeriod;
  kwh: string;
  cny: string;
  kwhSharePercent: string | null;
  cnySharePercent: string | null;
}

export interface LoadShiftLine {
  tariffId: string;
  validFrom: string;
  period: TouPeriod;
  kwh: string;
  movableKwh: string;
  price: string;
  valleyPrice: string;
  savedCny: string;
}

export interface Recommendation {
  code: 'load_shift' | 'peak_share' | 'off_hours_base_load';
  /** Whether the data call for the action (a saving above zero, a share above its threshold). */
  triggered: boolean;
  figures: Record<string, string | null>;
  meters: string[];
  tariffIds: string[];
  lines?: LoadShiftLine[];
  /** load_shift: which meters the potential comes from: asked for, flagged as flexible, or all electricity. */
  basis?: 'requested' | 'flagged' | 'all_electricity';
  /** The assumption behind the figures, in words. */
  assumption?: string;
  /** load_shift: each flexible meter's share, peak use and movable use. */
  flexibleMeters?: FlexibleMeterShare[];
}

export interface FlexibleMeterShare {
  externalId: string;
  movableSharePercent: string;
  /** meter: the meter's flagged maxShiftPercent; analysis: the movable share of the request (or its default). */
  shareSource: 'meter' | 'analysis';
  peakKwh: string;
  movableKwh: string;
}

export interface EnergyAnalysis {
  from: string;
  to: string;
  siteId: string | null;
  currency: 'CNY';
  factorSet: { id: string; name: string; version: number };
  energy: { totalKgce: string; kinds: KindEnergy[] };
  cost: { totalCny: string; kinds: KindCost[]; electricityPeriods: PeriodCost[] };
  recommendations: Recommendation[];
  meters: {
    externalId: string;
    siteId: string;
    energyKind: string;
    unit: string;
    quantity: string;
    flexible: boolean;
    inScope: boolean;
  }[];
  tariffs: Tariff[];
}

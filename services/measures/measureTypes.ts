/** What a measure does (节能降碳措施): the kinds the console offers; "other" for the rest. */
export const MEASURE_KINDS = [
  'compressor_group_control',
  'led_retrofit',
  'pv',
  'fuel_switch',
  'variable_speed_drive',
  'waste_heat_recovery',
  'other',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const MEASURE_STATUSES = ['planned', 'in_progress', 'implemented', 'cancelled'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** IPMVP: B measures the measure's own meters, C the whole facility (the site's meters). */
export type IpmvpOption = 'B' | 'C';

export interface MeasureInput {
  title: string;
  kind: MeasureKind;
  siteId?: string | null;
  meterIds?: string[];
  owner?: string | null;
  /** Expected savings per year: energy in the baseline meters' unit, and/or kgce (exact decimals). */
  expectedEnergy?: string | null;
  expectedKgce?: string | null;
  costCny?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  ipmvpOption: IpmvpOption;
  baselineId?: string | null;
}

export interface Measure {
  id: string;
  title: string;
  kind: MeasureKind;
  siteId: string | null;
  meterIds: string[];
  owner: string | null;
  expectedEnergy: string | null;
  expectedKgce: string | null;
  costCny: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  ipmvpOption: IpmvpOption;
  baselineId: string | null;
  status: MeasureStatus;
  /** The first day of the reporting period; set when the measure is implemented. */
  implementedOn: string | null;
  statusChangedAt: string;
  createdAt: string;
}

/** The moves a measure may make; implemented and cancelled are final. */
export const STATUS_MOVES: Record<MeasureStatus, readonly MeasureStatus[]> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['implemented', 'cancelled'],
  implemented: [],
  cancelled: [],
};

import type { MessageKey } from '../../i18n';

export interface Measure {
  id: string;
  title: string;
  kind: string;
  siteId: string | null;
  meterIds: string[];
  owner: string | null;
  expectedEnergy: string | null;
  expectedKgce: string | null;
  costCny: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  ipmvpOption: 'B' | 'C';
  baselineId: string | null;
  status: 'planned' | 'in_progress' | 'implemented' | 'cancelled';
  implementedOn: string | null;
}

export interface MeasureResults {
  reportingPeriod: { start: string; end: string };
  savings: {
    unit: string;
    days: number;
    adjustedBaseline: string;
    actual: string;
    avoided: string;
    uncertainty: string;
    confidence: number;
  };
  avoided: { energyKgce: string; co2eLocationKg: string; co2eMarketKg: string } | null;
  realisedVsExpected: {
    basis: string;
    unit: string;
    expectedProRata: string;
    realised: string;
    percent: string | null;
  } | null;
  warnings: { code: string; message: string; withinUncertainty: boolean }[];
}

export interface Task {
  id: string;
  title: string;
  owner: string | null;
  dueOn: string | null;
  status: 'open' | 'done';
  comments: number;
}

export interface Comment {
  id: string;
  author: string | null;
  body: string;
  createdAt: string;
}

export const KIND_LABEL: Record<string, MessageKey> = {
  compressor_group_control: 'measuresKindCompressor',
  led_retrofit: 'measuresKindLed',
  pv: 'measuresKindPv',
  fuel_switch: 'measuresKindFuelSwitch',
  variable_speed_drive: 'measuresKindVsd',
  waste_heat_recovery: 'measuresKindWasteHeat',
  other: 'measuresKindOther',
};

export const STATUS_LABEL: Record<Measure['status'], MessageKey> = {
  planned: 'measuresStatusPlanned',
  in_progress: 'measuresStatusInProgress',
  implemented: 'measuresStatusImplemented',
  cancelled: 'measuresStatusCancelled',
};

export const FIELD = { display: 'flex', flexDirection: 'column', gap: '0.25rem' } as const;

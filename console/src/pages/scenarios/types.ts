import type { MessageKey } from '../../i18n';

/** A change as POST /v1/scenarios/preview takes it: decimal strings, optional fields left out. */
export type ScenarioChange = { kind: ChangeKind } & Record<string, string | string[]>;

export const CHANGE_KINDS = ['production', 'efficiency', 'fuel_switch', 'pv', 'green_power', 'method'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const KIND_LABELS: Record<ChangeKind, MessageKey> = {
  production: 'scnKindProduction',
  efficiency: 'scnKindEfficiency',
  fuel_switch: 'scnKindFuelSwitch',
  pv: 'scnKindPv',
  green_power: 'scnKindGreenPower',
  method: 'scnKindMethod',
};

export const FIGURES = [
  ['energyKgce', 'figEnergyKgce'],
  ['scope1', 'figScope1'],
  ['scope2Location', 'figScope2Location'],
  ['scope2Market', 'figScope2Market'],
  ['totalLocation', 'figTotalLocation'],
  ['totalMarket', 'figTotalMarket'],
] as const satisfies readonly (readonly [string, MessageKey])[];

export interface Comparison {
  base: string;
  scenario: string;
  difference: string;
}

export interface Allowances {
  year: number | null;
  note?: string;
  heldT?: string;
  obligationT?: { base: string; scenario: string };
  positionT?: { base: string; scenario: string };
  lastPrice?: { day: string; currency: string; minorUnitsPerT: string } | null;
  costDifferenceMinorUnits?: string | null;
  rule?: string;
}

export interface ScenarioResult {
  period: { start: string; end: string };
  changes: { kind: ChangeKind; effect: string; assumption: string }[];
  figures: Record<(typeof FIGURES)[number][0], Comparison>;
  allowances: Allowances;
}

export interface FactorSet {
  id: string;
  name: string;
  version: number;
}

export interface EnergyKind {
  kind: string;
  unit: string;
}

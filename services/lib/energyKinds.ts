import { parseDecimal, type Decimal } from './decimal';

/**
 * The energy carriers a meter can measure, each with the unit its cleaned readings are normalised to and the units
 * accepted on input with their exact conversion factor to the normalised unit. Conversions that need a physical
 * property (density, enthalpy, calorific value) are deliberately absent: they belong to accounting, with a factor
 * and its source, not to meter-data cleaning.
 */
interface EnergyKindSpec {
  /** Normalised unit of cleaned readings. */
  unit: string;
  /** Accepted input units → exact multiplier to the normalised unit. */
  units: Record<string, string>;
  /** Whether CT/PT multipliers apply (electricity measured on the secondary side of instrument transformers). */
  transformerMultipliers: boolean;
  label: string;
}

const ELECTRICITY_UNITS = { Wh: '0.001', kWh: '1', MWh: '1000', GWh: '1000000' };
const HEAT_UNITS = { kJ: '0.000001', MJ: '0.001', GJ: '1', TJ: '1000', kWh: '0.0036', MWh: '3.6', Gcal: '4.1868' };
const GAS_VOLUME_UNITS = {
  m3: '1',
  Nm3: '1',
  '10^3 m3': '1000',
  '10^4 m3': '10000',
  '10^4 Nm3': '10000',
  万m3: '10000',
  万Nm3: '10000',
};
const MASS_UNITS = { kg: '0.001', t: '1' };

export const ENERGY_KINDS = {
  electricity: { unit: 'kWh', units: ELECTRICITY_UNITS, transformerMultipliers: true, label: 'Electricity 电力' },
  natural_gas: { unit: 'm3', units: GAS_VOLUME_UNITS, transformerMultipliers: false, label: 'Natural gas 天然气' },
  heat: { unit: 'GJ', units: HEAT_UNITS, transformerMultipliers: false, label: 'Heat (hot water) 热力' },
  steam: { unit: 'GJ', units: HEAT_UNITS, transformerMultipliers: false, label: 'Steam (heat content) 蒸汽' },
  water: { unit: 'm3', units: { L: '0.001', m3: '1' }, transformerMultipliers: false, label: 'Water 水' },
  coke_oven_gas: {
    unit: 'm3',
    units: GAS_VOLUME_UNITS,
    transformerMultipliers: false,
    label: 'Coke oven gas 焦炉煤气',
  },
  raw_coal: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Raw coal 原煤' },
  anthracite: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Anthracite 无烟煤' },
  bituminous_coal: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Bituminous coal 烟煤' },
  coke: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Coke 焦炭' },
  crude_oil: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Crude oil 原油' },
  fuel_oil: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Fuel oil 燃料油' },
  gasoline: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Gasoline 汽油' },
  diesel: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'Diesel 柴油' },
  lpg: { unit: 't', units: MASS_UNITS, transformerMultipliers: false, label: 'LPG 液化石油气' },
} as const satisfies Record<string, EnergyKindSpec>;

export type EnergyKind = keyof typeof ENERGY_KINDS;

export const ENERGY_KIND_NAMES = Object.keys(ENERGY_KINDS) as EnergyKind[];

export function isEnergyKind(value: string): value is EnergyKind {
  return Object.prototype.hasOwnProperty.call(ENERGY_KINDS, value);
}

const factorCache = new Map<string, Decimal>();

/**
 * Spellings seen in meter exports that mean exactly one accepted unit. Matching is otherwise exact: a case-insensitive
 * match would read "mWh" (milliwatt-hours) as "MWh".
 */
const UNIT_ALIASES: Record<string, string> = {
  kwh: 'kWh',
  KWH: 'kWh',
  KWh: 'kWh',
  'm³': 'm3',
  'Nm³': 'Nm3',
  M3: 'm3',
  gj: 'GJ',
  Gj: 'GJ',
  mj: 'MJ',
  Mj: 'MJ',
  T: 't',
  KG: 'kg',
  Kg: 'kg',
};

/** The exact factor that converts `unit` into the normalised unit of `kind`, or undefined if not accepted. */
export function conversionFactor(kind: EnergyKind, unit: string): Decimal | undefined {
  const units: Record<string, string> = ENERGY_KINDS[kind].units;
  const has = (u: string) => Object.prototype.hasOwnProperty.call(units, u);
  const name = has(unit)
    ? unit
    : UNIT_ALIASES[unit] !== undefined && has(UNIT_ALIASES[unit])
      ? UNIT_ALIASES[unit]
      : undefined;
  if (name === undefined) return undefined;
  const key = `${kind}/${name}`;
  let factor = factorCache.get(key);
  if (!factor) {
    factor = parseDecimal(units[name]);
    factorCache.set(key, factor);
  }
  return factor;
}

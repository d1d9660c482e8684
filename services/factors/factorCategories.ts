/**
 * The fixed list of factor categories (mirrored by the check constraint of emission_factors), with the unit each must
 * be stored in and the subjects it admits. Units are part of a factor's meaning: a factor in another unit is refused,
 * never converted, so that a calculation can never multiply by a value it misreads.
 */
export const FACTOR_CATEGORIES = {
  grid_electricity: { units: ['tCO2/MWh'], label: 'Grid electricity CO2 emission factor' },
  purchased_heat: { units: ['tCO2/GJ'], label: 'Purchased heat CO2 emission factor' },
  fuel_ncv: { units: ['GJ/t', 'GJ/10^4 Nm3'], label: 'Net calorific value (GB/T 32151)' },
  fuel_carbon_content: { units: ['tC/TJ'], label: 'Carbon content per unit of heat (GB/T 32151)' },
  fuel_oxidation: { units: ['fraction'], label: 'Carbon oxidation rate (GB/T 32151)' },
  fuel_co2_ipcc: { units: ['kgCO2/TJ'], label: 'CO2 emission factor (IPCC 2006)' },
  fuel_ncv_ipcc: { units: ['TJ/Gg'], label: 'Net calorific value (IPCC 2006)' },
  fuel_carbon_ipcc: { units: ['kgC/GJ'], label: 'Carbon content (IPCC 2006)' },
  fuel_ch4: { units: ['kgCH4/TJ'], label: 'Stationary combustion CH4 emission factor (IPCC 2006)' },
  fuel_n2o: { units: ['kgN2O/TJ'], label: 'Stationary combustion N2O emission factor (IPCC 2006)' },
  gwp: { units: ['kgCO2e/kg'], label: 'Global warming potential, 100 years' },
  standard_coal: { units: ['kgce/kWh', 'kgce/MJ', 'kgce/m3', 'kgce/kg'], label: 'Standard coal coefficient' },
  mobile_ch4: { units: ['kgCH4/TJ'], label: 'Mobile combustion CH4 emission factor (IPCC 2006)' },
  mobile_n2o: { units: ['kgN2O/TJ'], label: 'Mobile combustion N2O emission factor (IPCC 2006)' },
  process_co2: { units: ['tCO2/t'], label: 'Process CO2 per tonne of product or carbonate' },
} as const satisfies Record<string, { units: readonly string[]; label: string }>;

export type FactorCategory = keyof typeof FACTOR_CATEGORIES;

export const FACTOR_CATEGORY_NAMES = Object.keys(FACTOR_CATEGORIES) as FactorCategory[];

export function isFactorCategory(value: string): value is FactorCategory {
  return Object.prototype.hasOwnProperty.call(FACTOR_CATEGORIES, value);
}

export const QUALITIES = ['published', 'check', 'measured', 'supplier'] as const;
export type Quality = (typeof QUALITIES)[number];

/**
 * Grid electricity series variants: the compliance series of the national ETS, the three variants of the MEE/NBS
 * statistical series, and an organisation's supplier-specific rate (market-based Scope 2).
 */
export const GRID_VARIANTS = ['compliance', 'average', 'residual', 'fossil', 'supplier'] as const;
export type GridVariant = (typeof GRID_VARIANTS)[number];

/** GWP sets by IPCC assessment report; 'AR6-fossil' is AR6 with the fossil methane value. */
export const GWP_SETS = ['AR4', 'AR5', 'AR6', 'AR6-fossil'] as const;
export type GwpSet = (typeof GWP_SETS)[number];

/** Fuel classes of the IPCC stationary combustion CH4 and N2O defaults. */
export const FUEL_CLASSES = ['coal', 'oil', 'gas'] as const;
export type FuelClass = (typeof FUEL_CLASSES)[number];

/** The subject of a purchased heat factor (one rate; an organisation overrides it with its supplier's). */
export const PURCHASED_HEAT_SUBJECT = 'default';

/** Fuels measured by volume: their NCV is per 10^4 Nm3 and their standard coal coefficient per m3. */
const GASEOUS = new Set(['natural_gas', 'natural_gas_oil_field', 'coke_oven_gas', 'blast_furnace_gas']);
/** Fuels measured by mass. */
const MASS = new Set([
  'raw_coal',
  'anthracite',
  'bituminous_coal',
  'sub_bituminous',
  'lignite',
  'coke',
  'crude_oil',
  'fuel_oil',
  'gasoline',
  'diesel',
  'lpg',
]);

/**
 * The units a factor of `category` about `subject` may have. Known fuels and carriers have exactly one; a subject the
 * library does not know yet may use any unit of its category.
 */
export function expectedUnits(category: FactorCategory, subject: string): readonly string[] {
  if (category === 'fuel_ncv') {
    if (GASEOUS.has(subject)) return ['GJ/10^4 Nm3'];
    if (MASS.has(subject)) return ['GJ/t'];
  }
  if (category === 'standard_coal') {
    if (subject === 'electricity') return ['kgce/kWh'];
    if (subject === 'heat' || subject === 'steam') return ['kgce/MJ'];
    if (GASEOUS.has(subject)) return ['kgce/m3'];
    if (MASS.has(subject)) return ['kgce/kg'];
  }
  return FACTOR_CATEGORIES[category].units;
}

/** The subjects a category admits: a fixed list, or undefined for fuel and carrier names (snake_case). */
export function allowedSubjects(category: FactorCategory): readonly string[] | undefined {
  switch (category) {
    case 'grid_electricity':
      return GRID_VARIANTS;
    case 'purchased_heat':
      return [PURCHASED_HEAT_SUBJECT];
    case 'fuel_ch4':
    case 'fuel_n2o':
      return FUEL_CLASSES;
    case 'gwp':
      return GWP_SETS;
    default:
      return undefined;
  }
}

/** Only grid electricity factors vary by region and data year; every other factor is national and undated. */
export function isRegional(category: FactorCategory): boolean {
  return category === 'grid_electricity';
}

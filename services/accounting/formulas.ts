import { fromDecimal, mul, div, rational, type Rational } from './rational';
import type { FactorValue } from './factorSource';

/**
 * The formulas, each with its statement as printed in reports. Quantities are exact rationals in the meter's
 * normalised unit (kWh, m3, GJ, t); results are in kg.
 */
const f = (x: FactorValue) => fromDecimal(x.value);
const THOUSAND = rational(1000n);
const TEN_THOUSAND = rational(10_000n);
/** Molecular weight ratio CO2/C. */
export const CO2_PER_C = rational(44n, 12n);

/** Fuels metered by volume (m3) whose calorific value is stated per 10^4 Nm3 (GB/T 32151 annex). */
export const GASEOUS_FUELS = new Set(['natural_gas', 'coke_oven_gas']);

/** Fuel consumption in the unit the guideline's NCV is stated per: 10^4 Nm3 for gases, t otherwise. */
export function fuelConsumption(fuel: string, quantity: Rational): Rational {
  return GASEOUS_FUELS.has(fuel) ? div(quantity, TEN_THOUSAND) : quantity;
}

/** Heat released in GJ: FC × NCV. */
export function fuelEnergyGj(fuel: string, quantity: Rational, ncv: FactorValue): Rational {
  return mul(fuelConsumption(fuel, quantity), f(ncv));
}

/** GB/T 32150 combustion CO2 in kg: E = FC × NCV × CC × OF × 44/12 (NCV in GJ per unit, CC in tC/TJ). */
export const COMBUSTION_FORMULA = 'E(CO2) = FC × NCV × CC × OF × 44/12';
export function combustionCo2Kg(
  fuel: string,
  quantity: Rational,
  d: { ncv: FactorValue; carbonContent: FactorValue; oxidation: FactorValue },
): Rational {
  // GJ × tC/TJ = 10^-3 tC; × 10^3 kg/t: the two thousands cancel, leaving kg C.
  const carbonKg = mul(fuelEnergyGj(fuel, quantity, d.ncv), f(d.carbonContent));
  return mul(carbonKg, f(d.oxidation), CO2_PER_C);
}

/**
 * IPCC 2006 Tier 1 combustion CO2 in kg: energy (TJ) × default EF (kgCO2/TJ, oxidation 1). The energy uses the IPCC
 * NCV (TJ/Gg = GJ/t) for fuels metered by mass; IPCC states no NCV per volume, so gases keep the guideline's per 10^4 Nm3.
 */
export const IPCC_COMBUSTION_FORMULA = 'E(CO2) = FC × NCV × EF(CO2) (IPCC 2006 Tier 1, oxidation 1)';
export function ipccCombustionCo2Kg(energyGj: Rational, co2KgPerTj: FactorValue): Rational {
  return div(mul(energyGj, f(co2KgPerTj)), THOUSAND);
}

/** Non-CO2 greenhouse gas in kg: energy (TJ) × emission factor (kg/TJ). */
export const NON_CO2_FORMULA = 'E(gas) = FC × NCV × EF(gas)';
export function nonCo2Kg(energyGj: Rational, factorKgPerTj: FactorValue): Rational {
  return div(mul(energyGj, f(factorKgPerTj)), THOUSAND);
}

/** Purchased or exported electricity in kg CO2: kWh / 1000 × EF (tCO2/MWh) × 1000. */
export const ELECTRICITY_FORMULA = 'E = AD(MWh) × EF(tCO2/MWh)';
export function electricityCo2Kg(kwh: Rational, factor: FactorValue): Rational {
  return mul(kwh, f(factor)); // kWh × tCO2/MWh = kg CO2
}

/** Purchased or exported heat in kg CO2: GJ × EF (tCO2/GJ) × 1000. */
export const HEAT_FORMULA = 'E = AD(GJ) × EF(tCO2/GJ)';
export function heatCo2Kg(gj: Rational, factor: FactorValue): Rational {
  return mul(gj, f(factor), THOUSAND);
}

/** Energy in kg of standard coal (GB/T 2589): quantity converted to the coefficient's unit × coefficient. */
export function standardCoalKg(quantity: Rational, unit: string, coefficient: FactorValue): Rational {
  return mul(quantity, perCoefficientUnit(unit, coefficient.unit), f(coefficient));
}

/** Multiplier from a normalised unit to the unit a standard-coal coefficient is stated per (kgce/kWh, /kg, /m3, /MJ). */
function perCoefficientUnit(unit: string, coefficientUnit: string): Rational {
  const per = coefficientUnit.split('/')[1];
  if (per === unit) return rational(1n);
  if (unit === 't' && per === 'kg') return THOUSAND;
  if (unit === 'GJ' && per === 'MJ') return THOUSAND;
  if (unit === 'm3' && per === 'Nm3') return rational(1n);
  throw new Error(`no conversion from ${unit} to the unit of ${coefficientUnit}`);
}

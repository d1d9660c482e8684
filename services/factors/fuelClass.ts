import type { FuelClass } from './factorCategories';

/**
 * Which IPCC stationary combustion CH4/N2O class a fuel belongs to, by what the fuel is: LPG is a petroleum product
 * and counts as oil; coke oven gas and blast furnace gas are gaseous fuels and count as gas; coke, a solid made from
 * coal, counts as coal. A set that needs a finer split overrides the class values or adds its own.
 */
const FUEL_CLASS: Record<string, FuelClass> = {
  raw_coal: 'coal',
  anthracite: 'coal',
  bituminous_coal: 'coal',
  sub_bituminous: 'coal',
  lignite: 'coal',
  coke: 'coal',
  crude_oil: 'oil',
  fuel_oil: 'oil',
  gasoline: 'oil',
  diesel: 'oil',
  lpg: 'oil',
  natural_gas: 'gas',
  coke_oven_gas: 'gas',
  blast_furnace_gas: 'gas',
};

/** The fuel class of `fuel`, or undefined for a fuel the library does not classify. */
export function fuelClassOf(fuel: string): FuelClass | undefined {
  return Object.prototype.hasOwnProperty.call(FUEL_CLASS, fuel) ? FUEL_CLASS[fuel] : undefined;
}

/** Every fuel with a known class. */
export const CLASSIFIED_FUELS = Object.keys(FUEL_CLASS);

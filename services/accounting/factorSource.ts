import type { Decimal } from '../lib/decimal';

/** One factor as an inventory uses it: the value and everything needed to trace it to its source. */
export interface FactorValue {
  value: Decimal;
  unit: string;
  factorId: string;
  series: string;
  source: string;
  notice: string | null;
  year: number | null;
  region: string;
  quality: string;
  /** Set when the factor of an earlier year stands in for a year not yet published. */
  fallbackFromYear?: number;
}

export type GridVariant = 'compliance' | 'average' | 'residual' | 'fossil';
export type FuelClass = 'coal' | 'oil' | 'gas';
export type GwpSet = 'AR4' | 'AR5' | 'AR6';

/**
 * The factors an inventory may ask for, resolved from one pinned factor set (services/factors). Every getter either
 * returns a traceable value or throws NT_ERR_FACTOR_MISSING with a hint.
 */
export interface FactorSource {
  readonly setId: string;
  readonly setName: string;
  readonly setVersion: number;
  readonly contentHash: string;
  gridElectricity(variant: GridVariant, region: string, year: number): FactorValue;
  /**
   * The supplier-specific electricity rate of `region` for `year` (or the latest earlier year), null when the set has
   * none (market-based Scope 2, after certificates and contracts, before the residual mix). Optional for sources
   * built by hand.
   */
  supplierElectricity?(region: string, year: number): FactorValue | null;
  /** Every region the set has a grid electricity factor for (any variant or year): the region names it recognises. */
  gridRegions(): ReadonlySet<string>;
  purchasedHeat(): FactorValue;
  fuelDefaults(fuel: string): { ncv: FactorValue; carbonContent: FactorValue; oxidation: FactorValue };
  /** IPCC 2006 Tier 1 defaults: NCV (TJ/Gg, i.e. GJ/t) and CO2 per TJ (oxidation 1 included). */
  fuelIpcc(fuel: string): { ncv: FactorValue; co2: FactorValue };
  fuelClassOf(fuel: string): FuelClass;
  fuelCh4(fuelClass: FuelClass): FactorValue;
  fuelN2o(fuelClass: FuelClass): FactorValue;
  /** GWP-100 of a gas: CO2, CH4, N2O, a refrigerant (R-134a, R-410A, R-32) or SF6. */
  gwp(set: GwpSet, gas: string): FactorValue;
  standardCoal(carrier: string): FactorValue;
  /** Mobile combustion CH4 and N2O of a vehicle fuel, kg/TJ (IPCC 2006 Vol.2 Ch.3). */
  mobileCh4(fuel: string): FactorValue;
  mobileN2o(fuel: string): FactorValue;
  /** Process CO2 per tonne of clinker, lime or carbonate calcined, tCO2/t. */
  processCo2(material: string): FactorValue;
}

import { parseDecimal, type Decimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import {
  PURCHASED_HEAT_SUBJECT,
  type FactorCategory,
  type FuelClass,
  type GridVariant,
  type GwpSet,
  type Quality,
} from './factorCategories';
import { describeFactorKey, factorKey } from './factorKey';
import type { Factor, FactorKey, ResolvedFactorSet } from './types';

/** A factor as a calculation uses it: the exact value and everything needed to cite it. */
export interface FactorValue {
  value: Decimal;
  /** The value as stored, with its published scale ("19.570"). */
  valueText: string;
  unit: string;
  factorId: string;
  /** The set the factor row belongs to (the resolved set itself or one of its bases). */
  factorSetId: string;
  category: FactorCategory;
  subject: string;
  gas: string | null;
  series: string;
  source: string;
  notice: string | null;
  year: number | null;
  region: string;
  quality: Quality;
  note: string | null;
}

export interface GridElectricityValue extends FactorValue {
  /** The data year asked for when the factor is of an earlier year (the latest one before it), else null. */
  fallbackFromYear: number | null;
  /** The region asked for when the national factor stands in for it, else null. */
  fallbackFromRegion: string | null;
}

export interface FuelDefaults {
  /** Net calorific value, GJ/t or GJ/10^4 Nm3. */
  ncv: FactorValue;
  /** tC/TJ. */
  carbonContent: FactorValue;
  /** Fraction in (0, 1]. */
  oxidation: FactorValue;
}

export interface FuelIpcc {
  /** TJ/Gg. */
  ncv: FactorValue;
  /** kgC/GJ. */
  carbonContent: FactorValue;
  /** kgCO2/TJ, oxidation 1 included. */
  co2: FactorValue;
}

/** The typed getters the accounting engine calls; each throws NT_ERR_FACTOR_MISSING naming what is missing. */
export interface FactorLookup {
  readonly factorSetId: string;
  readonly contentHash: string;
  /**
   * The grid electricity factor of `variant` for `region` and data `year`: that year's, else the latest earlier year's
   * of the same variant and region (`fallbackFromYear` says so). A region without one falls back to 'national' only
   * when `allowNationalFallback` is set (`fallbackFromRegion` says so). `year` null asks for the undated factor.
   */
  gridElectricity(
    variant: GridVariant,
    region: string,
    year: number | null,
    options?: { allowNationalFallback?: boolean },
  ): GridElectricityValue;
  purchasedHeat(): FactorValue;
  /** Chinese guideline (GB/T 32151) defaults of `fuel`. */
  fuelDefaults(fuel: string): FuelDefaults;
  /** IPCC 2006 defaults of `fuel`. */
  fuelIpcc(fuel: string): FuelIpcc;
  fuelCh4(fuelClass: FuelClass): FactorValue;
  fuelN2o(fuelClass: FuelClass): FactorValue;
  /** GWP-100 of `gas`; 'AR6-fossil' differs from 'AR6' for CH4 only and takes AR6's value for every other gas. */
  gwp(set: GwpSet, gas: string): FactorValue;
  /** kgce per physical unit of `carrier` (GB/T 2589-2020). */
  standardCoal(carrier: string): FactorValue;
  /** Mobile combustion CH4 and N2O of a vehicle fuel, kg/TJ. */
  mobileCh4(fuel: string): FactorValue;
  mobileN2o(fuel: string): FactorValue;
  /** Process CO2 per tonne of clinker, lime or carbonate, tCO2/t. */
  processCo2(material: string): FactorValue;
}

function toValue(f: Factor): FactorValue {
  return {
    value: parseDecimal(f.value),
    valueText: f.value,
    unit: f.unit,
    factorId: f.id,
    factorSetId: f.factorSetId,
    category: f.category,
    subject: f.subject,
    gas: f.gas,
    series: f.series,
    source: f.source,
    notice: f.notice,
    year: f.year,
    region: f.region,
    quality: f.quality,
    note: f.note,
  };
}

/** Lookups over a resolved set (resolveFactorSet): the factors an inventory pinned, by their typed meaning. */
export function createFactorLookup(resolved: ResolvedFactorSet): FactorLookup {
  const { set } = resolved;
  const byKey = new Map(resolved.factors.map((f) => [factorKey(f), f]));
  // Dated grid factors by variant and region, latest year first.
  const gridSeries = new Map<string, Factor[]>();
  for (const f of resolved.factors) {
    if (f.category !== 'grid_electricity' || f.year === null) continue;
    const k = JSON.stringify([f.subject, f.region]);
    gridSeries.set(k, [...(gridSeries.get(k) ?? []), f]);
  }
  for (const series of gridSeries.values()) series.sort((a, b) => (b.year ?? 0) - (a.year ?? 0));

  const missing = (what: string, hint: string, key: Partial<FactorKey>): NengtanError =>
    new NengtanError('NT_ERR_FACTOR_MISSING', {
      message: `Factor set ${set.name} v${set.version} has no ${what}`,
      hint,
      details: { factorSetId: set.id, ...key },
    });

  const exact = (category: FactorCategory, subject: string, gas: string | null = null): FactorValue => {
    const key: FactorKey = { category, subject, gas, region: 'national', year: null };
    const f = byKey.get(factorKey(key));
    if (!f) {
      throw missing(
        `${describeFactorKey(key)} factor`,
        `Add a ${category} factor for "${subject}"${gas ? ` and gas ${gas}` : ''} to an own set based on this one, ` +
          'freeze it and use that set.',
        key,
      );
    }
    return toValue(f);
  };

  const gridIn = (variant: GridVariant, region: string, year: number | null) => {
    if (year === null) {
      const f = byKey.get(factorKey({ category: 'grid_electricity', subject: variant, gas: null, region, year: null }));
      return f && { f, fallbackFromYear: null };
    }
    const f = (gridSeries.get(JSON.stringify([variant, region])) ?? []).find((c) => (c.year ?? 0) <= year);
    return f && { f, fallbackFromYear: f.year === year ? null : year };
  };

  return {
    factorSetId: set.id,
    contentHash: resolved.contentHash,

    gridElectricity(variant, region, year, options = {}) {
      const own = gridIn(variant, region, year);
      if (own) return { ...toValue(own.f), fallbackFromYear: own.fallbackFromYear, fallbackFromRegion: null };
      if (options.allowNationalFallback && region !== 'national') {
        const national = gridIn(variant, 'national', year);
        if (national) {
          return { ...toValue(national.f), fallbackFromYear: national.fallbackFromYear, fallbackFromRegion: region };
        }
      }
      const when = year === null ? 'undated' : `for ${year} or an earlier year`;
      throw missing(
        `grid_electricity ${variant} factor for ${region} ${when}`,
        region !== 'national' && !options.allowNationalFallback
          ? 'Add the regional factor to an own set based on this one, or allow the national factor to stand in.'
          : `Add a grid_electricity "${variant}" factor for ${region} to an own set based on this one, freeze it and ` +
              'use that set.',
        { category: 'grid_electricity', subject: variant, region, year },
      );
    },

    purchasedHeat: () => exact('purchased_heat', PURCHASED_HEAT_SUBJECT),

    fuelDefaults: (fuel) => ({
      ncv: exact('fuel_ncv', fuel),
      carbonContent: exact('fuel_carbon_content', fuel),
      oxidation: exact('fuel_oxidation', fuel),
    }),

    fuelIpcc: (fuel) => ({
      ncv: exact('fuel_ncv_ipcc', fuel),
      carbonContent: exact('fuel_carbon_ipcc', fuel),
      co2: exact('fuel_co2_ipcc', fuel),
    }),

    fuelCh4: (fuelClass) => exact('fuel_ch4', fuelClass),
    fuelN2o: (fuelClass) => exact('fuel_n2o', fuelClass),

    gwp: (gwpSet, gas) => exact('gwp', gwpSet === 'AR6-fossil' && gas !== 'CH4' ? 'AR6' : gwpSet, gas),

    standardCoal: (carrier) => exact('standard_coal', carrier),
    mobileCh4: (fuel) => exact('mobile_ch4', fuel),
    mobileN2o: (fuel) => exact('mobile_n2o', fuel),
    processCo2: (material) => exact('process_co2', material),
  };
}

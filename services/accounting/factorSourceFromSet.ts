import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { createFactorLookup, type FactorValue as LibraryValue } from '../factors/factorLookup';
import { fuelClassOf } from '../factors/fuelClass';
import { resolveFactorSet } from '../factors/resolveFactorSet';
import type { ResolvedFactorSet } from '../factors/types';
import type { FactorSource, FactorValue } from './factorSource';

function toValue(v: LibraryValue & { fallbackFromYear?: number | null }): FactorValue {
  return {
    value: v.value,
    unit: v.unit,
    factorId: v.factorId,
    series: v.series,
    source: v.source,
    notice: v.notice,
    year: v.year,
    region: v.region,
    quality: v.quality,
    ...(v.fallbackFromYear ? { fallbackFromYear: v.fallbackFromYear } : {}),
  };
}

/**
 * The factor source of an inventory: the organisation's (or a public) factor set, frozen, resolved with its bases and
 * content hash. Only frozen sets can be pinned, so the hash an inventory cites never changes.
 */
export async function factorSourceFromSet(db: Queryable, orgId: string, setId: string): Promise<FactorSource> {
  return factorSourceFromResolved(await resolveFactorSet(db, orgId, setId));
}

/** The factor source of a resolved (frozen) set, also as a verifier rebuilds it from an evidence package. */
export function factorSourceFromResolved(resolved: ResolvedFactorSet): FactorSource {
  if (!resolved.frozen) {
    throw new NengtanError('NT_ERR_FACTOR_SET_FROZEN', {
      message: 'An inventory can only pin a frozen factor set',
      hint: 'Freeze the set (POST /v1/factor-sets/{id}/freeze) so that the factors behind the inventory can never change.',
    });
  }
  const lookup = createFactorLookup(resolved);
  const regions = new Set(resolved.factors.filter((f) => f.category === 'grid_electricity').map((f) => f.region));
  return {
    setId: resolved.set.id,
    setName: resolved.set.name,
    setVersion: resolved.set.version,
    contentHash: resolved.contentHash,
    gridElectricity: (variant, region, year) => toValue(lookup.gridElectricity(variant, region, year)),
    supplierElectricity(region, year) {
      try {
        return toValue(lookup.gridElectricity('supplier', region, year));
      } catch (error) {
        if (error instanceof NengtanError && error.code === 'NT_ERR_FACTOR_MISSING') return null;
        throw error;
      }
    },
    gridRegions: () => regions,
    purchasedHeat: () => toValue(lookup.purchasedHeat()),
    fuelDefaults(fuel) {
      const d = lookup.fuelDefaults(fuel);
      return { ncv: toValue(d.ncv), carbonContent: toValue(d.carbonContent), oxidation: toValue(d.oxidation) };
    },
    fuelIpcc(fuel) {
      const d = lookup.fuelIpcc(fuel);
      return { ncv: toValue(d.ncv), co2: toValue(d.co2) };
    },
    fuelClassOf(fuel) {
      const cls = fuelClassOf(fuel);
      if (!cls) throw new NengtanError('NT_ERR_FACTOR_MISSING', { message: `No CH4/N2O fuel class for ${fuel}` });
      return cls;
    },
    fuelCh4: (cls) => toValue(lookup.fuelCh4(cls)),
    fuelN2o: (cls) => toValue(lookup.fuelN2o(cls)),
    gwp: (set, gas) => toValue(lookup.gwp(set, gas)),
    standardCoal: (carrier) => toValue(lookup.standardCoal(carrier)),
    mobileCh4: (fuel) => toValue(lookup.mobileCh4(fuel)),
    mobileN2o: (fuel) => toValue(lookup.mobileN2o(fuel)),
    processCo2: (material) => toValue(lookup.processCo2(material)),
  };
}

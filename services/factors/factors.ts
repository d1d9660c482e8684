import { withTransaction, type Db, type Queryable } from '../db/db';
import type { FactorCategory, Quality } from './factorCategories';
import { FACTOR_COLUMNS, isUuid, toFactor, type FactorRow } from './factorRows';
import { getFactorSet, lockOpenFactorSet } from './factorSets';
import { frozenOrDuplicate, insertFactors, validateFactorList } from './insertFactors';
import { loadResolvedFactors } from './loadResolvedFactors';
import type { Factor, FactorInput } from './types';

export interface FactorFilters {
  category?: FactorCategory;
  subject?: string;
  gas?: string | null;
  region?: string;
  /** A data year, or null for undated factors only. */
  year?: number | null;
  quality?: Quality;
  /** Only the set's own factors, not those it takes from its base. */
  ownOnly?: boolean;
}

/**
 * The factors of a set the organisation can see, sorted by key: its effective factors (own merged over its base's),
 * or with `ownOnly` just its own. Undefined when the set is not visible.
 */
export async function listFactors(
  db: Queryable,
  orgId: string,
  setId: string,
  filters: FactorFilters = {},
): Promise<Factor[] | undefined> {
  const set = await getFactorSet(db, orgId, setId);
  if (!set) return undefined;
  const { factors } = await loadResolvedFactors(db, set.id);
  return factors.filter(
    (f) =>
      (!filters.ownOnly || f.factorSetId === set.id) &&
      (filters.category === undefined || f.category === filters.category) &&
      (filters.subject === undefined || f.subject === filters.subject) &&
      (filters.gas === undefined || f.gas === filters.gas) &&
      (filters.region === undefined || f.region === filters.region) &&
      (filters.year === undefined || f.year === filters.year) &&
      (filters.quality === undefined || f.quality === filters.quality),
  );
}

/** Adds factors to the organisation's own open (not frozen) set; each key at most once among the set's own. */
export async function addFactors(db: Db, orgId: string, setId: string, factors: FactorInput[]): Promise<Factor[]> {
  const valid = validateFactorList(factors);
  return withTransaction(db, async (tx) => {
    const set = await lockOpenFactorSet(tx, orgId, setId);
    const { rows } = await tx.query<FactorRow>(
      `select ${FACTOR_COLUMNS} from emission_factors f where f.factor_set_id = $1::uuid`,
      [set.id],
    );
    const base = set.basedOn === null ? [] : (await loadResolvedFactors(tx, set.basedOn)).factors;
    return insertFactors(tx, set.id, valid, base, rows.map(toFactor));
  });
}

/**
 * Removes one of the set's own factors from the organisation's own open set (the base's factor with the same key, if
 * any, applies again). False when the set has no such own factor.
 */
export async function removeFactor(db: Db, orgId: string, setId: string, factorId: string): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const set = await lockOpenFactorSet(tx, orgId, setId);
    if (!isUuid(factorId)) return false;
    try {
      const { rowCount } = await tx.query(
        'delete from emission_factors where factor_set_id = $1::uuid and id = $2::uuid',
        [set.id, factorId],
      );
      return rowCount > 0;
    } catch (error) {
      throw frozenOrDuplicate(error, set.id);
    }
  });
}

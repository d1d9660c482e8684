import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { factorSetContentHash } from './factorSetContentHash';
import { getFactorSet } from './factorSets';
import { loadResolvedFactors } from './loadResolvedFactors';
import type { ResolvedFactorSet } from './types';

/**
 * The effective, merged factor listing of a set the organisation can see (a public set or its own) with its content
 * hash: what an inventory pins. A frozen set whose stored factors no longer hash to its recorded content hash is
 * refused with NT_ERR_FACTOR_SET_INTEGRITY rather than used.
 */
export async function resolveFactorSet(db: Queryable, orgId: string, id: string): Promise<ResolvedFactorSet> {
  const set = await getFactorSet(db, orgId, id);
  if (!set) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Factor set ${id} not found` });
  const { chain, factors } = await loadResolvedFactors(db, set.id);
  const contentHash = factorSetContentHash(factors);
  if (set.contentHash !== null && set.contentHash !== contentHash) {
    throw new NengtanError('NT_ERR_FACTOR_SET_INTEGRITY', {
      message: `Factor set ${set.name} v${set.version} (${set.id}) no longer matches its content hash`,
      details: { factorSetId: set.id, recorded: set.contentHash, computed: contentHash },
    });
  }
  return { set, chain, factors, contentHash, frozen: set.frozenAt !== null };
}

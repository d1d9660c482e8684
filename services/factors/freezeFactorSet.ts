import { withTransaction, type Db } from '../db/db';
import { NengtanError } from '../lib/errors';
import { fromHex } from '../lib/hex';
import { FACTOR_SET_COLUMNS, toFactorSet, type FactorSetRow } from './factorRows';
import { factorSetContentHash } from './factorSetContentHash';
import { getFactorSet, lockOpenFactorSet } from './factorSets';
import { loadResolvedFactors } from './loadResolvedFactors';
import type { FactorSet } from './types';

/**
 * Freezes the organisation's own set: records the content hash of its resolved listing and the time, after which
 * neither the set nor its factors can change (the database refuses it too). Freezing a frozen set changes nothing and
 * returns it as it is, so that a retried request succeeds.
 */
export async function freezeFactorSet(db: Db, orgId: string, id: string): Promise<FactorSet> {
  const visible = await getFactorSet(db, orgId, id);
  if (visible?.frozenAt) return visible;
  return withTransaction(db, async (tx) => {
    const set = await lockOpenFactorSet(tx, orgId, id).catch(async (error: unknown) => {
      // Frozen by a concurrent request after the first look: the same answer as above.
      const now = error instanceof NengtanError && error.code === 'NT_ERR_FACTOR_SET_FROZEN';
      const frozen = now ? await getFactorSet(tx, orgId, id) : undefined;
      if (frozen) return frozen;
      throw error;
    });
    if (set.frozenAt) return set;
    if (set.basedOn !== null) {
      const base = await getFactorSet(tx, orgId, set.basedOn);
      // Bases are frozen when a set is created on them and never thaw; this only guards against hand edits.
      if (!base?.frozenAt) {
        throw new NengtanError('NT_ERR_FACTOR_BASE_NOT_FROZEN', { details: { basedOn: set.basedOn } });
      }
    }
    const { factors } = await loadResolvedFactors(tx, set.id);
    const { rows } = await tx.query<FactorSetRow>(
      `update factor_sets s set content_hash = $2::bytea, frozen_at = now() where s.id = $1::uuid
       returning ${FACTOR_SET_COLUMNS}`,
      [set.id, Buffer.from(fromHex(factorSetContentHash(factors)))],
    );
    return toFactorSet(rows[0]);
  });
}

import type { Queryable } from '../db/db';
import { compareFactorKeys, factorKey } from './factorKey';
import { FACTOR_COLUMNS, toFactor, type FactorRow } from './factorRows';
import type { Factor } from './types';

/**
 * The effective factors of set `setId` without any visibility check: its own factors merged over its base's,
 * recursively, sorted by key. `chain` lists the sets involved, `setId` first.
 */
export async function loadResolvedFactors(
  db: Queryable,
  setId: string,
): Promise<{ chain: string[]; factors: Factor[] }> {
  const { rows } = await db.query<FactorRow & { depth: number; chain_set_id: string }>(
    `with recursive chain (id, based_on, depth) as (
       select id, based_on, 0 from factor_sets where id = $1::uuid
       union all
       select s.id, s.based_on, c.depth + 1 from factor_sets s join chain c on s.id = c.based_on
     )
     select c.id as chain_set_id, c.depth, ${FACTOR_COLUMNS}
     from chain c left join emission_factors f on f.factor_set_id = c.id
     order by c.depth desc`,
    [setId],
  );
  const chain: string[] = [];
  const byKey = new Map<string, Factor>();
  // Deepest base first, so that each set's own factors replace those of the sets beneath it.
  for (const row of rows) {
    if (!chain.includes(row.chain_set_id)) chain.unshift(row.chain_set_id);
    if (row.id !== null) byKey.set(factorKey(row), toFactor(row));
  }
  return { chain, factors: [...byKey.values()].sort(compareFactorKeys) };
}

import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import type { MarketDeps } from './allowances';
import { marketContracts } from './marketContracts';

const STATUS = ['pending', 'compliant', 'non_compliant'] as const;

export interface ComplianceFilter {
  /** Only these organisations (an enterprise sees its own row). */
  orgIds?: string[];
  /**
   * `covered`: the enterprises the year covers, those the authority allocated allowances of the year to (or that
   * surrendered for it); `all`: every enterprise organisation.
   */
  scope: 'covered' | 'all';
}

interface CoverageRow {
  id: string;
  name: string;
  chain_id: Uint8Array;
  allocated: string | null;
}

/**
 * The enterprises of a compliance year with what the authority allocated them, from the indexed `Allocated` and
 * `Surrendered` events of CarbonAllowance.
 */
async function coverage(db: Queryable, year: number, filter: ComplianceFilter): Promise<CoverageRow[]> {
  const { rows } = await db.query<CoverageRow>(
    `with allocated as (
       select args->>'orgId' as org, sum((args->>'amount')::numeric) as quantity from chain_events
       where contract = 'CarbonAllowance' and event = 'Allocated' and args->>'year' = $2 group by 1
     ), surrendered as (
       select distinct args->>'orgId' as org from chain_events
       where contract = 'CarbonAllowance' and event = 'Surrendered' and args->>'year' = $2
     )
     select o.id, o.name, o.chain_id, a.quantity::text as allocated
     from organisations o left join allocated a on a.org = '0x' || encode(o.chain_id, 'hex')
     where 'enterprise' = any (o.kinds) and o.chain_id is not null and ($1::uuid[] is null or o.id = any ($1::uuid[]))
       and ($3 = 'all' or a.org is not null
         or '0x' || encode(o.chain_id, 'hex') in (select org from surrendered))
     order by o.name`,
    [filter.orgIds ?? null, String(year), filter.scope],
  );
  return rows;
}

/**
 * Where each enterprise stands for a compliance year. Who is covered and what was allocated come from the indexer;
 * obligation, surrendered and status from the contract, the source of truth for compliance.
 */
export async function complianceTable(deps: Pick<MarketDeps, 'db' | 'chain'>, year: number, filter: ComplianceFilter) {
  const { allowances } = marketContracts(deps.chain);
  const rows = await coverage(deps.db, year, filter);
  return Promise.all(
    rows.map(async ({ id, name, chain_id, allocated }) => {
      const chainId = toHex(chain_id);
      const [c, status] = await Promise.all([
        allowances.compliance(chainId, year),
        allowances.complianceStatus(chainId, year),
      ]);
      return {
        organisation: { id, name },
        year,
        covered: allocated !== null || c.allowancesSurrendered > 0n || c.offsetsSurrendered > 0n,
        allocatedT: allocated ?? '0',
        verified: c.verified,
        obligationT: c.obligationT.toString(),
        allowancesSurrendered: c.allowancesSurrendered.toString(),
        offsetsSurrendered: c.offsetsSurrendered.toString(),
        shortfallT: c.shortfall.toString(),
        status: STATUS[Number(status)],
      };
    }),
  );
}

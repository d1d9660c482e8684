import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import type { MarketDeps } from './allowances';
import { marketContracts } from './marketContracts';
import { offsetToken, type OffsetToken } from './offsetToken';

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

/** What an organisation surrendered of one offset token for a year: the token, its programme and vintage, quantity. */
export interface SurrenderedOffset extends OffsetToken {
  tokenId: string;
  quantity: string;
}

/**
 * The offsets each organisation (by chain id, 0x hex) surrendered for `year`, summed per token, from the indexed
 * `Surrendered` events (`offsetIds[i]` in the quantity `offsetAmounts[i]`); by programme, then vintage.
 */
async function surrenderedOffsets(db: Queryable, year: number): Promise<Map<string, SurrenderedOffset[]>> {
  const { rows } = await db.query<{ org: string; token_id: string; quantity: string }>(
    `select e.args->>'orgId' as org, i.token_id, sum((e.args->'offsetAmounts'->>(i.n::int - 1))::numeric)::text as quantity
     from chain_events e, jsonb_array_elements_text(e.args->'offsetIds') with ordinality as i(token_id, n)
     where e.contract = 'CarbonAllowance' and e.event = 'Surrendered' and e.args->>'year' = $1
     group by 1, 2`,
    [String(year)],
  );
  const byOrg = new Map<string, SurrenderedOffset[]>();
  for (const r of rows) {
    const token = offsetToken('allowance', r.token_id);
    if (!token) continue;
    const list = byOrg.get(r.org.toLowerCase()) ?? [];
    list.push({ tokenId: r.token_id, ...token, quantity: r.quantity });
    byOrg.set(r.org.toLowerCase(), list);
  }
  for (const list of byOrg.values()) {
    list.sort((a, b) => (a.program < b.program ? -1 : a.program > b.program ? 1 : a.vintage - b.vintage));
  }
  return byOrg;
}

/**
 * The offset cap of a year for an obligation, as CarbonAllowance applies it: `floor(obligation × capBps / 10000)`
 * tonnes; what the surrendered offsets use of it and what remains (never below 0).
 */
export function offsetCap(obligationT: bigint, capBps: bigint, usedT: bigint) {
  const capT = (obligationT * capBps) / 10_000n;
  return {
    capBps: Number(capBps),
    capT: capT.toString(),
    usedT: usedT.toString(),
    remainingT: (capT > usedT ? capT - usedT : 0n).toString(),
  };
}

/**
 * Where each enterprise stands for a compliance year. Who is covered and what was allocated come from the indexer;
 * obligation, surrendered and status from the contract, the source of truth for compliance.
 */
export async function complianceTable(deps: Pick<MarketDeps, 'db' | 'chain'>, year: number, filter: ComplianceFilter) {
  const { allowances } = marketContracts(deps.chain);
  const [rows, offsets] = await Promise.all([coverage(deps.db, year, filter), surrenderedOffsets(deps.db, year)]);
  // Read only with rows to answer: a year nobody is covered for may not be open, and the contract refuses those.
  const capBps = rows.length > 0 ? BigInt((await allowances.complianceYear(year)).offsetCapBps as bigint | number) : 0n;
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
        surrenderedOffsets: offsets.get(chainId.toLowerCase()) ?? [],
        offsetCap: offsetCap(c.obligationT, capBps, c.offsetsSurrendered),
      };
    }),
  );
}

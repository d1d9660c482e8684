import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';

export interface NotarizedInventorySummary {
  inventoryId: string;
  organisation: { id: string; name: string };
  periodStart: string;
  periodEnd: string;
  version: number;
  status: 'notarized' | 'superseded';
  chainInventoryId: string;
  /** Whole kg / kgce, exactly as recorded on chain. */
  totals: Record<string, string>;
  notarizedAt: string;
  verifiers: {
    organisation: { id: string; name: string };
    opinion: string | null;
    assurance: string | null;
    materialityBps: number | null;
    attestedAt: string | null;
  }[];
}

/**
 * What the authority watches: every notarized inventory of every organisation, with its on-chain totals and where its
 * verification stands. These figures are public on chain already; the evidence behind them is not, and stays out.
 */
export async function complianceOverview(
  db: Queryable,
  filter: { periodStart?: string; periodEnd?: string } = {},
): Promise<NotarizedInventorySummary[]> {
  const { rows } = await db.query<{
    id: string;
    org_id: string;
    org_name: string;
    period_start: string;
    period_end: string;
    version: number;
    status: 'notarized' | 'superseded';
    chain_inventory_id: Uint8Array;
    totals: Record<string, string>;
    notarized_at: Date;
    verifiers: {
      id: string;
      name: string;
      opinion: string | null;
      assurance: string | null;
      materiality_bps: number | null;
      attested_at: string | null;
    }[];
  }>(
    `select i.id, i.org_id, o.name as org_name, to_char(i.period_start, 'YYYY-MM-DD') as period_start,
       to_char(i.period_end, 'YYYY-MM-DD') as period_end, i.version, i.status, i.chain_inventory_id, i.totals,
       i.notarized_at,
       coalesce((select json_agg(json_build_object('id', v.verifier_org_id, 'name', vo.name, 'opinion', v.opinion,
           'assurance', v.assurance, 'materiality_bps', v.materiality_bps, 'attested_at', v.attested_at)
           order by v.assigned_at)
         from inventory_verifiers v join organisations vo on vo.id = v.verifier_org_id
         where v.inventory_id = i.id and v.assigned_tx is not null), '[]'::json) as verifiers
     from inventories i join organisations o on o.id = i.org_id
     where i.chain_inventory_id is not null
       and ($1::date is null or i.period_start >= $1::date) and ($2::date is null or i.period_end <= $2::date)
     order by i.period_start, o.name, i.version`,
    [filter.periodStart ?? null, filter.periodEnd ?? null],
  );
  return rows.map((r) => ({
    inventoryId: r.id,
    organisation: { id: r.org_id, name: r.org_name },
    periodStart: r.period_start,
    periodEnd: r.period_end,
    version: r.version,
    status: r.status,
    chainInventoryId: toHex(r.chain_inventory_id),
    totals: r.totals,
    notarizedAt: new Date(r.notarized_at).toISOString(),
    verifiers: (typeof r.verifiers === 'string' ? JSON.parse(r.verifiers) : r.verifiers).map(
      (v: (typeof r.verifiers)[number]) => ({
        organisation: { id: v.id, name: v.name },
        opinion: v.opinion,
        assurance: v.assurance,
        materialityBps: v.materiality_bps,
        attestedAt: v.attested_at ? new Date(v.attested_at).toISOString() : null,
      }),
    ),
  }));
}

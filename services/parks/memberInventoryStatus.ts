import type { Queryable } from '../db/db';

/** Where a member's latest inventory stands: the park sees the status, never the evidence. */
export interface MemberInventoryStatus {
  periodStart: string;
  periodEnd: string;
  version: number;
  status: 'draft' | 'notarized' | 'superseded';
  notarizedAt: string | null;
  /** The opinion of the latest attestation by an assigned verifier, if one attested. */
  verification: 'verified' | 'qualified' | 'rejected' | null;
}

/** The latest inventory (by period, then version) of each of the organisations, if it has one. */
export async function memberInventoryStatus(
  db: Queryable,
  orgIds: readonly string[],
): Promise<Map<string, MemberInventoryStatus>> {
  const { rows } = await db.query<{
    org_id: string;
    period_start: string;
    period_end: string;
    version: number;
    status: MemberInventoryStatus['status'];
    notarized_at: Date | null;
    opinion: MemberInventoryStatus['verification'];
  }>(
    `select distinct on (i.org_id) i.org_id, to_char(i.period_start, 'YYYY-MM-DD') as period_start,
       to_char(i.period_end, 'YYYY-MM-DD') as period_end, i.version, i.status, i.notarized_at,
       (select v.opinion from inventory_verifiers v where v.inventory_id = i.id and v.attested_at is not null
         order by v.attested_at desc limit 1) as opinion
     from inventories i
     where i.org_id = any($1::uuid[]) and i.status <> 'superseded'
     order by i.org_id, i.period_end desc, i.period_start desc, i.version desc`,
    [orgIds],
  );
  return new Map(
    rows.map((r) => [
      r.org_id,
      {
        periodStart: r.period_start,
        periodEnd: r.period_end,
        version: r.version,
        status: r.status,
        notarizedAt: r.notarized_at ? new Date(r.notarized_at).toISOString() : null,
        verification: r.opinion,
      },
    ]),
  );
}

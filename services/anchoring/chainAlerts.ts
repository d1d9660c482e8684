import type { Queryable } from '../db/db';

export interface ChainAlerts {
  /** What an operator should know about the chain anchors live on; empty when all is well. */
  alerts: string[];
  /** Batches whose anchor the chain lost and that are not anchored again yet. */
  anchorsLost: number;
  lastResetAt: string | null;
  lastResetReason: string | null;
  checkedAt: string | null;
}

const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The chain check's findings for /health: batches waiting to be anchored again, and a problem it cannot repair. */
export async function chainAlerts(db: Queryable): Promise<ChainAlerts> {
  const { rows: lost } = await db.query<{ count: number; since: string | null; reason: string | null }>(
    `select count(*)::integer as count, ${iso('min(anchor_lost_at)')} as since, min(anchor_lost_reason) as reason
     from batches where status = 'anchor_lost'`,
  );
  const { rows: identity } = await db.query<{
    problem: string | null;
    reset_at: string | null;
    reset_reason: string | null;
    checked_at: string;
  }>(
    `select last_check_problem as problem, ${iso('last_reset_at')} as reset_at, last_reset_reason as reset_reason,
       ${iso('checked_at')} as checked_at
     from chain_identity`,
  );
  const alerts: string[] = [];
  const { count, since, reason } = lost[0];
  if (count > 0) {
    alerts.push(
      `${count} batch${count === 1 ? '' : 'es'} lost ${count === 1 ? 'its' : 'their'} anchor since ${since} ` +
        `(${reason}); receipts for them are refused until they are anchored again`,
    );
  }
  if (identity[0]?.problem) alerts.push(identity[0].problem);
  return {
    alerts,
    anchorsLost: count,
    lastResetAt: identity[0]?.reset_at ?? null,
    lastResetReason: identity[0]?.reset_reason ?? null,
    checkedAt: identity[0]?.checked_at ?? null,
  };
}

import type { Queryable } from '../db/db';

/**
 * Where an organisation's data stands: its latest ingest request and its latest anchored batch. When either moves,
 * what a console shows (figures, charts, anchoring status) may have changed.
 */
export interface LiveMarks {
  /** Sequence number of the latest ingest request (HTTP, CSV or MQTT), or null before the first. */
  ingest: string | null;
  /** Sequence number of the latest anchored batch, or null before the first. */
  anchored: string | null;
}

export async function readLiveMarks(db: Queryable, orgId: string): Promise<LiveMarks> {
  const { rows } = await db.query<{ ingest: string | null; anchored: string | null }>(
    `select (select max(seq)::text from ingest_requests where org_id = $1::uuid) as ingest,
            (select max(seq)::text from batches where org_id = $1::uuid and status = 'anchored') as anchored`,
    [orgId],
  );
  return { ingest: rows[0]?.ingest ?? null, anchored: rows[0]?.anchored ?? null };
}

/** Which marks moved from `before` to `now`, as the names of the events a client is sent. */
export function movedMarks(before: LiveMarks, now: LiveMarks): ('readings' | 'anchored')[] {
  const moved: ('readings' | 'anchored')[] = [];
  if (now.ingest !== before.ingest) moved.push('readings');
  if (now.anchored !== before.anchored) moved.push('anchored');
  return moved;
}

import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import type { BatchExport } from '../evidence/evidenceFormat';

export async function exportBatch(db: Queryable, orgId: string, batchId: string): Promise<BatchExport> {
  const { rows } = await db.query<{
    seq: number;
    batch_id: Uint8Array;
    root: Uint8Array | null;
    leaf_count: number | null;
    data: string | null;
  }>(
    `select b.seq, b.batch_id, b.root, b.leaf_count,
       (select string_agg(concat_ws(E'\\t', r.meter_id, m.time_zone, r.energy_kind, r.flow, r.unit,
          extract(epoch from r.interval_start)::bigint, extract(epoch from r.interval_end)::bigint,
          (r.quantity * 1000000)::numeric(78, 0), r.flags, r.revision,
          coalesce(encode(r.raw_hash, 'hex'), ''), coalesce(encode(r.signature_hash, 'hex'), '')), E'\\n' order by r.id)
        from readings r join meters m on m.id = r.meter_id where r.batch_seq = b.seq) as data
     from batches b where b.org_id = $1::uuid and b.batch_id = $2`,
    [orgId, Buffer.from(batchId.slice(2), 'hex')],
  );
  const batch = rows[0];
  if (!batch || !batch.root) throw new Error(`batch ${batchId} is not sealed`);
  const meters: BatchExport['meters'] = [];
  const meterIndex = new Map<string, number>();
  const out: BatchExport['rows'] = [];
  for (const line of batch.data?.split('\n') ?? []) {
    const f = line.split('\t');
    let index = meterIndex.get(f[0]);
    if (index === undefined) {
      index = meters.length;
      meterIndex.set(f[0], index);
      meters.push({ id: f[0], timeZone: f[1], energyKind: f[2], flow: f[3], unit: f[4] });
    }
    out.push([index, Number(f[5]), Number(f[6]), f[7], Number(f[8]), Number(f[9]), f[10], f[11]]);
  }
  return {
    format: 'nengtan-batch-export/v1',
    batch: { id: toHex(batch.batch_id), root: toHex(batch.root), leafCount: Number(batch.leaf_count) },
    organisation: orgId,
    meters,
    rows: out,
  };
}

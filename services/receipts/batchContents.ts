import type { Queryable } from '../db/db';
import type { StoredRaw } from '../ingest/storedRaw';
import type { TimeField } from '../ingest/received';
import type { StoredReadingRow } from './storedReading';

/**
 * A sealed batch's readings and their raw lineage, fetched for re-verification. The database joins each row into one
 * tab-separated line and the lines into one text value, so a batch of 20,000 readings crosses the wire as two values
 * rather than 40,000 rows (row-by-row parsing, not hashing, would otherwise bound how fast a verifier goes). Units and
 * values hold no tabs or newlines: units are from the accepted list, values are numerics.
 */
export async function batchContents(
  db: Queryable,
  seq: number,
): Promise<{ readings: StoredReadingRow[]; raw: Map<number, StoredRaw> }> {
  const { rows } = await db.query<{ readings: string | null; raw: string | null }>(
    `select
       (select string_agg(concat_ws(E'\\t', r.id, r.org_id, r.meter_id, extract(epoch from r.interval_start)::bigint,
          extract(epoch from r.interval_end)::bigint, r.revision, r.energy_kind, r.flow, r.quantity, r.unit, r.flags,
          array_to_string(r.raw_ids, ','), coalesce(encode(r.raw_hash, 'hex'), ''),
          coalesce(encode(r.signature_hash, 'hex'), ''), encode(r.leaf, 'hex')), E'\\n' order by r.id)
        from readings r where r.batch_seq = $1::bigint) as readings,
       (select string_agg(concat_ws(E'\\t', w.id, w.time_field, (extract(epoch from w.reading_time) * 1000)::bigint,
          w.value, w.unit, w.status), E'\\n')
        from raw_readings w
        where w.id in (select unnest(r.raw_ids) from readings r where r.batch_seq = $1::bigint)) as raw`,
    [seq],
  );
  const readings: StoredReadingRow[] = [];
  for (const line of rows[0]?.readings?.split('\n') ?? []) {
    const f = line.split('\t');
    readings.push({
      id: Number(f[0]),
      org_id: f[1],
      meter_id: f[2],
      start_s: f[3],
      end_s: f[4],
      revision: Number(f[5]),
      energy_kind: f[6],
      flow: f[7] as 'import' | 'export',
      quantity: f[8],
      unit: f[9],
      flags: Number(f[10]),
      raw_ids: f[11] === '' ? [] : f[11].split(',').map(Number),
      raw_hash: f[12] === '' ? null : Buffer.from(f[12], 'hex'),
      signature_hash: f[13] === '' ? null : Buffer.from(f[13], 'hex'),
      batch_seq: seq,
      leaf: Buffer.from(f[14], 'hex'),
    });
  }
  const raw = new Map<number, StoredRaw>();
  for (const line of rows[0]?.raw?.split('\n') ?? []) {
    const f = line.split('\t');
    const id = Number(f[0]);
    raw.set(id, {
      id,
      timeField: f[1] as TimeField,
      timeMs: Number(f[2]),
      value: f[3],
      unit: f[4],
      status: f[5] as StoredRaw['status'],
      signatureHash: null,
    });
  }
  return { readings, raw };
}

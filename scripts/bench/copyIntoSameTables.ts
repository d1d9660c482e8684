/**
 * The baseline of bench:ingest that matters: the raw and cleaned rows the pipeline stored, sent again by COPY (in
 * ~1 MB chunks, as an efficient client sends them) into the same partitioned, indexed tables of a freshly migrated
 * database, in one transaction. It is the floor of what any pipeline that keeps both rows of every reading durably
 * can cost, without parsing, VEE, hashing, batching or anchoring.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { migrate } from '../../services/db/migrate';
import { ensureMonthPartitions, type PartitionedTable } from '../../services/db/partitions';
import { postgresDb } from '../../services/db/postgresDb';

const CHUNK_BYTES = 1 << 20;

/** Every column the ingest pipeline writes itself (identities and timestamps defaulted by the table are left out). */
const COLUMNS: Record<PartitionedTable, { list: string; time: string }> = {
  raw_readings: {
    list: 'id, org_id, meter_id, time_field, reading_time, time_text, value, unit, source, request_seq, signature_hash, status',
    time: 'reading_time',
  },
  readings: {
    list: 'org_id, meter_id, interval_start, interval_end, revision, energy_kind, flow, quantity, unit, flags, raw_ids, raw_hash, signature_hash, batch_seq, leaf',
    time: 'interval_start',
  },
};

export interface CopyBaseline {
  rawRows: number;
  cleanedRows: number;
  seconds: number;
}

/** The table's rows in insertion (id) order, as COPY text in chunks of about 1 MB. */
async function exportRows(source: pg.Client, table: PartitionedTable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let pending: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= CHUNK_BYTES) {
        chunks.push(Buffer.concat(pending));
        pending = [];
        size = 0;
      }
      done();
    },
  });
  await pipeline(
    source.query(copyTo(`copy (select ${COLUMNS[table].list} from ${table} order by id) to stdout`)),
    sink,
  );
  if (pending.length > 0) chunks.push(Buffer.concat(pending));
  return chunks;
}

async function monthsOf(source: pg.Client, table: PartitionedTable): Promise<number[]> {
  const { rows } = await source.query<{ ms: string }>(
    `select distinct (extract(epoch from date_trunc('month', ${COLUMNS[table].time}, 'UTC')) * 1000)::bigint::text
       as ms from ${table}`,
  );
  return rows.map((r) => Number(r.ms));
}

/** Copies what `sourceUrl` stored into a fresh database at `targetUrl` (created and migrated here); times the COPY. */
export async function copyIntoSameTables(sourceUrl: string, targetUrl: string): Promise<CopyBaseline> {
  const source = new pg.Client({ connectionString: sourceUrl });
  await source.connect();
  const tables: PartitionedTable[] = ['raw_readings', 'readings'];
  const exported = new Map<PartitionedTable, Buffer[]>();
  const months = new Map<PartitionedTable, number[]>();
  const counts = new Map<PartitionedTable, number>();
  try {
    for (const table of tables) {
      exported.set(table, await exportRows(source, table));
      months.set(table, await monthsOf(source, table));
      const { rows } = await source.query<{ n: number }>(`select count(*)::integer as n from ${table}`);
      counts.set(table, rows[0].n);
    }
  } finally {
    await source.end();
  }

  // Same schema and the same partitions, created ahead (the pipeline created them on demand).
  const target = postgresDb(targetUrl, { max: 1 });
  try {
    await migrate(target);
    for (const table of tables) await ensureMonthPartitions(target, table, months.get(table) as number[]);
  } finally {
    await target.close();
  }
  const client = new pg.Client({ connectionString: targetUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('begin');
    for (const table of tables) {
      await pipeline(
        Readable.from(exported.get(table) as Buffer[]),
        client.query(copyFrom(`copy ${table} (${COLUMNS[table].list}) from stdin`)),
      );
    }
    await client.query('commit');
    return {
      rawRows: counts.get('raw_readings') as number,
      cleanedRows: counts.get('readings') as number,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}

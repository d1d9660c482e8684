import type { Queryable } from '../db/db';
import type { RawItem } from './rawHash';
import type { TimeField } from './received';

/** A raw reading as stored, in the form its item hash is taken over (README: raw hash). */
export interface StoredRaw extends RawItem {
  id: number;
  status: 'accepted' | 'conflict';
  signatureHash: Uint8Array | null;
}

interface RawRow {
  id: number;
  time_field: TimeField;
  time_ms: string;
  value: string;
  unit: string;
  status: 'accepted' | 'conflict';
  signature_hash: Uint8Array | null;
}

/** Columns of raw_readings as StoredRaw needs them; `value::text` keeps the received scale ("1.50"). */
export const RAW_COLUMNS = `id, time_field, (extract(epoch from reading_time) * 1000)::bigint::text as time_ms,
  value::text as value, unit, status, signature_hash`;

export function storedRawOf(row: RawRow): StoredRaw {
  return {
    id: Number(row.id),
    timeField: row.time_field,
    timeMs: Number(row.time_ms),
    value: row.value,
    unit: row.unit,
    status: row.status,
    signatureHash: row.signature_hash,
  };
}

/** Raw readings by id (optionally of one meter, which narrows the lookup). */
export async function loadRawReadings(
  db: Queryable,
  ids: readonly number[],
  meterId?: string,
): Promise<Map<number, StoredRaw>> {
  const { rows } = await db.query<RawRow>(
    `select ${RAW_COLUMNS} from raw_readings where id = any($1::bigint[]) and ($2::uuid is null or meter_id = $2::uuid)`,
    [ids, meterId ?? null],
  );
  return new Map(rows.map((r) => [Number(r.id), storedRawOf(r)]));
}

export type { RawRow };

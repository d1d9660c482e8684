import type { Queryable } from '../db/db';
import type { Statement } from '../db/oneStatement';
import { formatUnits } from '../lib/decimal';
import { toHex } from '../lib/hex';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import type { MeterState } from './vee/types';
import { scaledQuantity } from './veeStore';

interface StateRow {
  meter_id: string;
  last_start: string | null;
  last_quantity: string | null;
  last_register_at: string | null;
  last_register_value: string | null;
  last_register_raw_id: number | null;
  last_register_raw_hash: Uint8Array | null;
  last_register_flags: number | null;
  last_register_signature: Uint8Array | null;
}

/**
 * Locks the state rows of `meterIds` for this transaction (creating missing ones) in meter-id order, so concurrent
 * requests touching overlapping meters queue instead of deadlocking, and returns their states.
 */
export async function lockMeterStates(tx: Queryable, meterIds: string[]): Promise<Map<string, MeterState>> {
  const ids = [...new Set(meterIds)].sort();
  await tx.query('insert into meter_state (meter_id) select unnest($1::uuid[]) on conflict (meter_id) do nothing', [
    ids,
  ]);
  const { rows } = await tx.query<StateRow>(
    `select meter_id, extract(epoch from last_interval_start)::bigint::text as last_start, last_quantity::text as last_quantity,
       extract(epoch from last_register_at)::bigint::text as last_register_at, last_register_value::text as last_register_value,
       last_register_raw_id, last_register_raw_hash, last_register_flags, last_register_signature
     from meter_state where meter_id = any($1::uuid[]) order by meter_id for update`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.meter_id,
      {
        lastStart: r.last_start === null ? null : Number(r.last_start),
        lastQuantity: r.last_quantity === null ? null : scaledQuantity(r.last_quantity),
        lastRegister:
          r.last_register_at === null || r.last_register_value === null
            ? null
            : {
                t: Number(r.last_register_at),
                quantity: scaledQuantity(r.last_register_value),
                flags: r.last_register_flags ?? 0,
                rawId: Number(r.last_register_raw_id),
                rawItemHash: r.last_register_raw_hash as Uint8Array,
                signatureHash: r.last_register_signature ? toHex(r.last_register_signature) : null,
              },
      },
    ]),
  );
}

export async function saveMeterStates(tx: Queryable, states: Map<string, MeterState>): Promise<void> {
  const statement = saveMeterStatesStatement(states);
  if (statement) await tx.query(statement.sql, statement.params);
}

/** The statement of {@link saveMeterStates}, to send with others; undefined when there is no state. */
export function saveMeterStatesStatement(states: Map<string, MeterState>): Statement | undefined {
  const list = [...states];
  if (list.length === 0) return undefined;
  const iso = (s: number | null | undefined) =>
    s === null || s === undefined ? null : new Date(s * 1000).toISOString();
  const num = (q: bigint | null | undefined) => (q === null || q === undefined ? null : formatUnits(q, QUANTITY_SCALE));
  const hex = (b: Uint8Array | null | undefined) => (b ? toHex(b).slice(2) : null);
  return {
    sql: `update meter_state s set
       last_interval_start = u.last_start, last_quantity = u.last_quantity, last_register_at = u.last_register_at,
       last_register_value = u.last_register_value, last_register_raw_id = u.last_register_raw_id,
       last_register_raw_hash = decode(u.last_register_raw_hash, 'hex'), last_register_flags = u.last_register_flags,
       last_register_signature = decode(u.last_register_signature, 'hex'), updated_at = now()
     from unnest($1::uuid[], $2::timestamptz[], $3::numeric[], $4::timestamptz[], $5::numeric[], $6::bigint[],
       $7::text[], $8::integer[], $9::text[])
       as u(meter_id, last_start, last_quantity, last_register_at, last_register_value, last_register_raw_id,
         last_register_raw_hash, last_register_flags, last_register_signature)
     where s.meter_id = u.meter_id`,
    params: [
      list.map(([id]) => id),
      list.map(([, s]) => iso(s.lastStart)),
      list.map(([, s]) => num(s.lastQuantity)),
      list.map(([, s]) => iso(s.lastRegister?.t)),
      list.map(([, s]) => num(s.lastRegister?.quantity)),
      list.map(([, s]) => s.lastRegister?.rawId ?? null),
      list.map(([, s]) => hex(s.lastRegister?.rawItemHash)),
      list.map(([, s]) => s.lastRegister?.flags ?? null),
      list.map(([, s]) => (s.lastRegister?.signatureHash ? s.lastRegister.signatureHash.slice(2) : null)),
    ],
  };
}

import type { LeafReading } from '../lib/leafSchema';
import { scaledQuantity } from '../ingest/veeStore';

/** A cleaned reading as stored: the columns its leaf is recomputed from. */
export interface StoredReadingRow {
  id: number;
  org_id: string;
  meter_id: string;
  start_s: string;
  end_s: string;
  revision: number;
  energy_kind: string;
  flow: 'import' | 'export';
  quantity: string;
  unit: string;
  flags: number;
  raw_ids: number[];
  raw_hash: Uint8Array | null;
  signature_hash: Uint8Array | null;
  batch_seq: number;
  leaf: Uint8Array;
}

/** The StoredReadingRow columns of `readings r`. */
export const READING_COLUMNS = `r.id, r.org_id, r.meter_id, extract(epoch from r.interval_start)::bigint::text as start_s,
  extract(epoch from r.interval_end)::bigint::text as end_s, r.revision, r.energy_kind, r.flow,
  r.quantity::text as quantity, r.unit, r.flags, r.raw_ids, r.raw_hash, r.signature_hash, r.batch_seq, r.leaf`;

/** The leaf view of a stored reading: exactly the values its leaf commits to. */
export function leafReadingOf(row: StoredReadingRow): LeafReading {
  return {
    orgId: row.org_id,
    meterId: row.meter_id,
    energyKind: row.energy_kind,
    flow: row.flow,
    intervalStart: Number(row.start_s),
    intervalEnd: Number(row.end_s),
    quantity: scaledQuantity(row.quantity),
    unit: row.unit,
    flags: row.flags,
    revision: row.revision,
    rawHash: row.raw_hash,
    signatureHash: row.signature_hash,
  };
}

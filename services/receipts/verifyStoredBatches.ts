import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import { leafHash } from '../lib/leafSchema';
import { MerkleTree } from '../lib/merkle';
import { isoUtc } from '../lib/time';
import { rawHashOf, rawItemHash } from '../ingest/rawHash';
import { loadRawReadings } from '../ingest/storedRaw';
import { leafReadingOf, READING_COLUMNS, type StoredReadingRow } from './storedReading';

export type TamperKind =
  | 'reading_changed'
  | 'raw_changed'
  | 'raw_missing'
  | 'reading_missing'
  | 'reading_added'
  | 'sealed_leaves_changed'
  | 'root_not_on_chain';

export interface TamperFinding {
  kind: TamperKind;
  detail: string;
  readingId?: number;
  meterId?: string;
  intervalStart?: string;
  revision?: number;
  leafIndex?: number;
  rawIds?: number[];
}

export interface BatchVerification {
  seq: number;
  batchId: string;
  status: string;
  leafCount: number;
  readingsChecked: number;
  root: string;
  /** The root anchored on chain for this batch id, when a chain was consulted. */
  rootOnChain?: string;
  ok: boolean;
  findings: TamperFinding[];
}

/** Reads the root anchored on chain for a batch id (zero when none). */
export type RootLookup = (batchId: string) => Promise<string>;

/**
 * Re-verifies a sealed batch from what is stored, trusting nothing stored: every reading is re-hashed from its
 * columns and compared with the leaf sealed for it, every raw lineage is re-hashed and compared with the leaf's raw
 * hash, the sealed leaves are folded to a root, and the root is compared with the chain. Every finding names the
 * reading (or raw readings) and the batch, so an edit made directly in SQL is located, not just detected.
 */
export async function verifyStoredBatch(
  db: Queryable,
  seq: number,
  rootOnChain?: RootLookup,
): Promise<BatchVerification> {
  const { rows: batches } = await db.query<{
    batch_id: Uint8Array;
    status: string;
    leaf_count: number;
    leaves: Uint8Array | null;
    root: Uint8Array | null;
  }>('select batch_id, status, leaf_count, leaves, root from batches where seq = $1::bigint', [seq]);
  const batch = batches[0];
  if (!batch) throw new Error(`batch ${seq} not found`);
  const findings: TamperFinding[] = [];
  const result: BatchVerification = {
    seq,
    batchId: toHex(batch.batch_id),
    status: batch.status,
    leafCount: batch.leaf_count ?? 0,
    readingsChecked: 0,
    root: batch.root ? toHex(batch.root) : '',
    ok: true,
    findings,
  };
  if (batch.status === 'open' || batch.status === 'sealing' || !batch.leaves || !batch.root) return result;

  const { rows } = await db.query<StoredReadingRow>(
    `select ${READING_COLUMNS} from readings r where r.batch_seq = $1::bigint order by r.id`,
    [seq],
  );
  result.readingsChecked = rows.length;
  const sealed = new Uint8Array(batch.leaves);
  const sealedIndex = new Map<string, number>();
  for (let i = 0; i < sealed.length / 32; i++) sealedIndex.set(toHex(sealed.subarray(i * 32, i * 32 + 32)), i);
  const matched = new Set<number>();

  const raw = await loadRawReadings(db, [...new Set(rows.flatMap((r) => r.raw_ids.map(Number)))]);
  const itemHash = new Map([...raw].map(([id, r]) => [id, rawItemHash(r)]));

  for (const row of rows) {
    const where = {
      readingId: Number(row.id),
      meterId: row.meter_id,
      intervalStart: isoUtc(Number(row.start_s) * 1000),
      revision: row.revision,
    };
    const recomputed = toHex(leafHash(leafReadingOf(row)));
    const index = sealedIndex.get(recomputed);
    if (index !== undefined) {
      matched.add(index);
    } else {
      const storedIndex = sealedIndex.get(toHex(row.leaf));
      if (storedIndex !== undefined) matched.add(storedIndex);
      findings.push({
        kind: storedIndex === undefined ? 'reading_added' : 'reading_changed',
        detail:
          storedIndex === undefined
            ? 'This reading is not among the sealed leaves of its batch'
            : `The stored values hash to ${recomputed}, not to the sealed leaf ${toHex(row.leaf)}`,
        leafIndex: storedIndex,
        ...where,
      });
    }
    const ids = row.raw_ids.map(Number);
    const missing = ids.filter((id) => !itemHash.has(id));
    if (missing.length > 0) {
      findings.push({
        kind: 'raw_missing',
        detail: `Raw readings ${missing.join(', ')} are gone`,
        rawIds: missing,
        ...where,
      });
    } else {
      const rawHash = rawHashOf(ids.map((id) => itemHash.get(id) as Uint8Array));
      const expected = row.raw_hash ? toHex(row.raw_hash) : null;
      if ((rawHash ? toHex(rawHash) : null) !== expected) {
        findings.push({
          kind: 'raw_changed',
          detail: 'The raw readings behind this value no longer hash to its raw hash',
          rawIds: ids,
          ...where,
        });
      }
    }
  }
  for (let i = 0; i < sealed.length / 32; i++) {
    if (!matched.has(i))
      findings.push({ kind: 'reading_missing', detail: `No stored reading produces sealed leaf ${i}`, leafIndex: i });
  }
  const foldedRoot = MerkleTree.build(sealed).rootHex;
  if (foldedRoot !== result.root || sealed.length / 32 !== result.leafCount) {
    findings.push({
      kind: 'sealed_leaves_changed',
      detail: `The sealed leaves fold to ${foldedRoot}, not to the batch root ${result.root}`,
    });
  }
  if (rootOnChain && batch.status === 'anchored') {
    result.rootOnChain = (await rootOnChain(result.batchId)).toLowerCase();
    if (result.rootOnChain !== result.root && result.rootOnChain !== foldedRoot) {
      findings.push({
        kind: 'root_not_on_chain',
        detail: `The chain anchors ${result.rootOnChain} for this batch, not ${result.root}`,
      });
    } else if (result.rootOnChain !== result.root) {
      findings.push({
        kind: 'root_not_on_chain',
        detail: `The stored root ${result.root} differs from the anchored root ${result.rootOnChain}`,
      });
    } else if (foldedRoot !== result.rootOnChain) {
      findings.push({
        kind: 'root_not_on_chain',
        detail: `The sealed leaves fold to ${foldedRoot}, but the chain anchors ${result.rootOnChain}`,
      });
    }
  }
  result.ok = findings.length === 0;
  return result;
}

export interface OrganisationVerification {
  orgId: string;
  batches: number;
  readingsChecked: number;
  ok: boolean;
  failed: BatchVerification[];
  /** Batches still open (not yet sealed), whose readings are not covered yet. */
  openBatches: number;
}

/** Verifies every sealed and anchored batch of `orgId`. */
export async function verifyStoredOrganisation(
  db: Queryable,
  orgId: string,
  rootOnChain?: RootLookup,
): Promise<OrganisationVerification> {
  const { rows } = await db.query<{ seq: number; status: string }>(
    'select seq, status from batches where org_id = $1::uuid order by seq',
    [orgId],
  );
  const report: OrganisationVerification = {
    orgId,
    batches: 0,
    readingsChecked: 0,
    ok: true,
    failed: [],
    openBatches: 0,
  };
  for (const row of rows) {
    if (row.status === 'open' || row.status === 'sealing') {
      report.openBatches++;
      continue;
    }
    const v = await verifyStoredBatch(db, Number(row.seq), rootOnChain);
    report.batches++;
    report.readingsChecked += v.readingsChecked;
    if (!v.ok) report.failed.push(v);
  }
  report.ok = report.failed.length === 0;
  return report;
}

import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import { leafHash } from '../lib/leafSchema';
import { MerkleTree } from '../lib/merkle';
import { isoUtc } from '../lib/time';
import { rawHashOf, rawItemHash } from '../ingest/rawHash';
import { batchContents } from './batchContents';
import { leafReadingOf } from './storedReading';

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

  const { readings: rows, raw } = await batchContents(db, seq);
  result.readingsChecked = rows.length;
  const sealed = Buffer.from(batch.leaves);
  const sealedCount = sealed.length / 32;
  const matched = new Uint8Array(sealedCount);
  // Built only when a reading is out of place: in an untouched batch reading i produces sealed leaf i.
  let sealedIndex: Map<string, number> | undefined;
  const indexOf = (leaf: Uint8Array) => {
    sealedIndex ??= new Map(
      Array.from({ length: sealedCount }, (_, i) => [sealed.toString('hex', i * 32, i * 32 + 32), i]),
    );
    return sealedIndex.get(Buffer.from(leaf).toString('hex'));
  };

  const itemHash = new Map<number, Uint8Array>();
  for (const [id, r] of raw) itemHash.set(id, rawItemHash(r));

  rows.forEach((row, i) => {
    const where = () => ({
      readingId: Number(row.id),
      meterId: row.meter_id,
      intervalStart: isoUtc(Number(row.start_s) * 1000),
      revision: row.revision,
    });
    const recomputed = leafHash(leafReadingOf(row));
    if (i < sealedCount && sealed.compare(recomputed, 0, 32, i * 32, i * 32 + 32) === 0) {
      matched[i] = 1;
    } else {
      const index = indexOf(recomputed);
      if (index !== undefined) {
        matched[index] = 1;
      } else {
        const storedIndex = indexOf(row.leaf);
        if (storedIndex !== undefined) matched[storedIndex] = 1;
        findings.push({
          kind: storedIndex === undefined ? 'reading_added' : 'reading_changed',
          detail:
            storedIndex === undefined
              ? 'This reading is not among the sealed leaves of its batch'
              : `The stored values hash to ${toHex(recomputed)}, not to the sealed leaf ${toHex(row.leaf)}`,
          leafIndex: storedIndex,
          ...where(),
        });
      }
    }
    const ids = row.raw_ids.map(Number);
    const items = ids.map((id) => itemHash.get(id));
    if (items.some((item) => item === undefined)) {
      const missing = ids.filter((id) => !itemHash.has(id));
      findings.push({
        kind: 'raw_missing',
        detail: `Raw readings ${missing.join(', ')} are gone`,
        rawIds: missing,
        ...where(),
      });
      return;
    }
    const rawHash = rawHashOf(items as Uint8Array[]);
    const same = rawHash && row.raw_hash ? Buffer.compare(rawHash, row.raw_hash) === 0 : rawHash === row.raw_hash;
    if (!same) {
      findings.push({
        kind: 'raw_changed',
        detail: 'The raw readings behind this value no longer hash to its raw hash',
        rawIds: ids,
        ...where(),
      });
    }
  });
  for (let i = 0; i < sealedCount; i++) {
    if (!matched[i])
      findings.push({ kind: 'reading_missing', detail: `No stored reading produces sealed leaf ${i}`, leafIndex: i });
  }
  const foldedRoot = MerkleTree.build(new Uint8Array(sealed)).rootHex;
  if (foldedRoot !== result.root || sealedCount !== result.leafCount) {
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
  options: { concurrency?: number } = {},
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
  const sealedSeqs: number[] = [];
  for (const row of rows) {
    if (row.status === 'open' || row.status === 'sealing') report.openBatches++;
    else sealedSeqs.push(Number(row.seq));
  }
  // A few batches at a time: the database fetches one while this process hashes another.
  let next = 0;
  const results: BatchVerification[] = [];
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 3, sealedSeqs.length) }, async () => {
      while (next < sealedSeqs.length) {
        const seq = sealedSeqs[next++];
        results.push(await verifyStoredBatch(db, seq, rootOnChain));
      }
    }),
  );
  results.sort((a, b) => a.seq - b.seq);
  for (const v of results) {
    report.batches++;
    report.readingsChecked += v.readingsChecked;
    if (!v.ok) report.failed.push(v);
  }
  report.ok = report.failed.length === 0;
  return report;
}

import { createHash } from 'node:crypto';
import type { VeeConfig } from '../runtime/config';
import { pgErrorCode, type Db, type Queryable } from '../db/db';
import { integerArrayLiteral, textArrayLiteral } from '../db/arrayLiteral';
import { asOneStatement, type Statement } from '../db/oneStatement';
import { ensureMonthPartitions } from '../db/partitions';
import { openBatchFor } from '../batching/openBatch';
import { formatUnits } from '../lib/decimal';
import { NengtanError, type ReadingProblem } from '../lib/errors';
import { toHex } from '../lib/hex';
import { hashOffThread } from '../lib/hashThread';
import { leafEncodings, leafHash, QUANTITY_SCALE, type LeafReading } from '../lib/leafSchema';
import { QualityFlag } from '../lib/qualityFlags';
import { resolveMeters, type Meter } from '../registry/meters';
import { queueAlertEvaluationStatement } from '../alerts/alertQueue';
import { dailyRollupsStatement } from './dailyRollups';
import { lockMeterStates, saveMeterStatesStatement } from './meterState';
import { hashRawItems, normaliseReadings, type NormalisedReading } from './normalise';
import { rawHashMessages } from './rawHash';
import type { IngestSource, ReceivedBatch } from './received';
import { checkSignatures } from './signatures';
import { cleanIntervalMeter } from './vee/cleanIntervalMeter';
import { cleanRegisterMeter } from './vee/cleanRegisterMeter';
import type { CleanedRow, IdentifiedReading, MeterOutcome, Notice } from './vee/types';
import { veeStore } from './veeStore';

export interface IngestRequest {
  orgId: string;
  source: IngestSource;
  batch: ReceivedBatch;
  /** Problems found while parsing the body; any problem refuses the whole request. */
  problems: ReadingProblem[];
  /** Client-chosen key (Idempotency-Key header); when absent the body hash is the key. */
  idempotencyKey?: string;
  /** sha256 of the request body as received (bytes, or a canonical form of it). */
  bodyHash: Uint8Array;
}

export interface IngestResult {
  requestKey: string;
  received: number;
  accepted: number;
  duplicates: number;
  conflicts: number;
  /** Cleaned rows written: measured, estimated and revised intervals. */
  written: number;
  estimated: number;
  revised: number;
  batch: { id: string; seq: number };
  notices: Notice[];
  noticeCount: number;
}

const MAX_PROBLEMS_REPORTED = 1000;
const MAX_NOTICES_REPORTED = 200;
/** Raw ids per request block (migration 0001): more than any request can hold. */
const RAW_ID_BLOCK = 1_048_576;
/** PostgreSQL: "no partition of relation found for row". */
const NO_PARTITION = '23514';

export function sha256(data: string | Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}

function refuse(problems: ReadingProblem[]): never {
  throw new NengtanError('NT_ERR_INGEST_INVALID', {
    details: { errorCount: problems.length, errors: problems.slice(0, MAX_PROBLEMS_REPORTED) },
  });
}

/**
 * The one ingest pipeline behind HTTP, CSV and MQTT. Validates the whole request first (refusing it whole with
 * every problem listed), then in one transaction: claims the idempotency key, joins the organisation's open batch,
 * locks the meters' state, runs VEE, stores raw and cleaned readings with their leaves, and records the answer.
 * The answer is returned only after commit: an acknowledgement means the readings are durable.
 */
export async function ingestReadings(
  db: Db,
  vee: VeeConfig,
  request: IngestRequest,
  nowMs = Date.now(),
): Promise<IngestResult> {
  const requestKey = ingestRequestKey(request);
  const replay = await storedAnswer(db, request.orgId, requestKey, request.bodyHash);
  if (replay) return replay;
  const normalised = await checkIngestRequest(db, vee, request, nowMs);
  // Hashing leaves the request thread on PostgreSQL (PGlite runs its queries on this thread, so nothing is gained
  // there); the raw items hash while the partitions are checked and the request is claimed.
  const offThread = db.kind === 'postgres';
  const itemsHashed = hashRawItems(normalised, { offThread });
  itemsHashed.catch(() => undefined); // awaited in the transaction; this only keeps an early failure from going unhandled

  await ensureMonthPartitions(
    db,
    'raw_readings',
    normalised.map((r) => r.raw.timeMs),
  );
  await ensureMonthPartitions(
    db,
    'readings',
    normalised.map((r) => r.t * 1000),
  );
  for (let attempt = 0; ; attempt++) {
    let attempted: CleanedRow[] = [];
    try {
      return await db.transaction((tx) =>
        writeRequest(tx, vee, request, requestKey, { normalised, itemsHashed, offThread }, (rows) => {
          attempted = rows;
        }),
      );
    } catch (error) {
      // A gap estimate or a register delta reached a month with no partition yet: create it and run again.
      if (pgErrorCode(error) !== NO_PARTITION || attempt > 0) throw error;
      await ensureMonthPartitions(
        db,
        'readings',
        attempted.map((r) => r.start * 1000),
      );
    }
  }
}

/** The request's idempotency key: the client's, or the body's sha256. */
export function ingestRequestKey(request: Pick<IngestRequest, 'idempotencyKey' | 'bodyHash'>): string {
  return request.idempotencyKey ?? `sha256:${Buffer.from(request.bodyHash).toString('hex')}`;
}

/**
 * Everything that can refuse a request before it is stored: parse problems, an empty batch, unknown or retired
 * meters, bad signatures, values and times. Throws NT_ERR_INGEST_INVALID with every problem; else the readings
 * interpreted against their meters.
 */
export async function checkIngestRequest(
  db: Queryable,
  vee: VeeConfig,
  request: IngestRequest,
  nowMs: number,
): Promise<NormalisedReading[]> {
  const { orgId, batch } = request;
  if (request.problems.length > 0) refuse(request.problems);
  if (batch.readings.length === 0) throw new NengtanError('NT_ERR_INGEST_EMPTY');
  const meters = await resolveMeters(
    db,
    orgId,
    batch.readings.map((r) => r.meter),
  );
  const signed = checkSignatures(batch, meters);
  const { normalised, problems } = normaliseReadings(batch.readings, meters, signed.hashes, vee, nowMs);
  const allProblems = [...signed.problems, ...problems].sort((a, b) => a.index - b.index);
  if (allProblems.length > 0) refuse(allProblems);
  return normalised;
}

/** The stored answer to an earlier request with this key, if it has one (a different body is refused). */
export async function storedAnswer(
  db: Queryable,
  orgId: string,
  key: string,
  bodyHash: Uint8Array,
): Promise<IngestResult | undefined> {
  const { rows } = await db.query<{ body_hash: Uint8Array; response: IngestResult | null }>(
    'select body_hash, response from ingest_requests where org_id = $1::uuid and idempotency_key = $2',
    [orgId, key],
  );
  const row = rows[0];
  if (!row || row.response === null) return undefined;
  if (Buffer.compare(Buffer.from(row.body_hash), Buffer.from(bodyHash)) !== 0) {
    throw new NengtanError('NT_ERR_INGEST_IDEMPOTENCY_MISMATCH', { details: { idempotencyKey: key } });
  }
  return row.response;
}

async function writeRequest(
  tx: Queryable,
  vee: VeeConfig,
  request: IngestRequest,
  requestKey: string,
  readings: { normalised: NormalisedReading[]; itemsHashed: Promise<void>; offThread: boolean },
  onRows: (rows: CleanedRow[]) => void,
): Promise<IngestResult> {
  const { orgId } = request;
  const { normalised, offThread } = readings;
  // Claim the key first: a concurrent identical request waits here for this one and then replays its answer.
  // The request's block of raw ids is drawn in the same round trip.
  const claimed = await tx.query<{ seq: number; block: number }>(
    `insert into ingest_requests (org_id, idempotency_key, body_hash, source) values ($1::uuid, $2, $3, $4)
     on conflict (org_id, idempotency_key) do nothing returning seq, nextval('raw_reading_id_blocks') as block`,
    [orgId, requestKey, Buffer.from(request.bodyHash), request.source],
  );
  if (claimed.rowCount === 0) {
    const replay = await storedAnswer(tx, orgId, requestKey, request.bodyHash);
    if (replay) return replay;
    throw new Error(`ingest request ${requestKey} is claimed without an answer`);
  }

  const batch = await openBatchFor(tx, orgId);
  const byMeter = new Map<string, { meter: Meter; readings: IdentifiedReading[] }>();
  const firstRawId = Number(claimed.rows[0].block) * RAW_ID_BLOCK;
  await readings.itemsHashed;
  normalised.forEach((r, i) => {
    const entry = byMeter.get(r.meter.id) ?? { meter: r.meter, readings: [] };
    entry.readings.push({ ...r, rawId: firstRawId + i });
    byMeter.set(r.meter.id, entry);
  });

  const states = await lockMeterStates(tx, [...byMeter.keys()]);
  const store = veeStore(tx, vee);
  const outcomes: MeterOutcome[] = [];
  for (const [meterId, { meter, readings }] of byMeter) {
    const state = states.get(meterId) ?? { lastStart: null, lastQuantity: null, lastRegister: null };
    const outcome =
      meter.registerType === 'cumulative'
        ? await cleanRegisterMeter(meter, readings, state, store)
        : await cleanIntervalMeter(meter, readings, state, store, vee);
    outcomes.push(outcome);
    states.set(meterId, outcome.state);
  }

  const rows = outcomes.flatMap((o) => o.rows);
  onRows(rows);
  // Two statements, two round trips: the raw rows, the rollups, the meters' state and the meter-days for the alert
  // worker go to the database while the
  // leaves are encoded here and hashed on the hash thread; then the cleaned rows with their leaves, and the answer.
  const first = [
    insertRaw(orgId, request.source, Number(claimed.rows[0].seq), outcomes),
    dailyRollupsStatement(rows, byMeter, batch.seq),
    saveMeterStatesStatement(states),
    queueAlertEvaluationStatement(orgId, rows, byMeter),
  ].filter((x): x is Statement => x !== undefined);
  const firstSent = first.length > 0 ? send(tx, asOneStatement(first)) : Promise.resolve();
  const hashed = hashCleaned(orgId, rows, byMeter, offThread);
  hashed.catch(() => undefined); // awaited below; this only keeps a failure during the writes from going unhandled
  await firstSent;
  const cleaned = insertCleaned(orgId, batch.seq, rows, byMeter, await hashed);

  const notices = outcomes.flatMap((o) => o.notices).sort((a, b) => a.index - b.index);
  const raw = outcomes.flatMap((o) => o.raw);
  const result: IngestResult = {
    requestKey,
    received: normalised.length,
    accepted: raw.filter((r) => r.status === 'accepted').length,
    duplicates: outcomes.reduce((n, o) => n + o.duplicates.length, 0),
    conflicts: raw.filter((r) => r.status === 'conflict').length,
    written: rows.length,
    estimated: rows.filter((r) => r.flags & QualityFlag.ESTIMATED).length,
    revised: rows.filter((r) => r.revision > 0).length,
    batch: { id: toHex(batch.batchId), seq: batch.seq },
    notices: notices.slice(0, MAX_NOTICES_REPORTED),
    noticeCount: notices.length,
  };
  const answer: Statement = {
    sql: 'update ingest_requests set response = $3::jsonb where org_id = $1::uuid and idempotency_key = $2',
    params: [orgId, requestKey, JSON.stringify(result)],
  };
  await send(tx, asOneStatement(cleaned ? [cleaned, answer] : [answer]));
  return result;
}

async function send(tx: Queryable, statement: Statement): Promise<void> {
  await tx.query(statement.sql, statement.params);
}

function insertRaw(
  orgId: string,
  source: IngestSource,
  requestSeq: number,
  outcomes: MeterOutcome[],
): Statement | undefined {
  const raw = outcomes.flatMap((o) => o.raw);
  if (raw.length === 0) return undefined;
  // Times travel as integer milliseconds and become timestamptz by exact interval arithmetic in SQL.
  return {
    sql: `insert into raw_readings (id, org_id, meter_id, time_field, reading_time, time_text, value, unit, source,
       request_seq, signature_hash, status)
     select u.id, $1::uuid, u.meter_id, u.time_field, timestamptz 'epoch' + u.time_ms * interval '1 millisecond',
       u.time_text, u.value, u.unit, $2, $3::bigint, decode(u.signature_hash, 'hex'), u.status
     from unnest($4::bigint[], $5::uuid[], $6::text[], $7::bigint[], $8::text[], $9::numeric[], $10::text[],
       $11::text[], $12::text[])
       as u(id, meter_id, time_field, time_ms, time_text, value, unit, signature_hash, status)`,
    params: [
      orgId,
      source,
      requestSeq,
      integerArrayLiteral(raw.map((r) => r.reading.rawId)),
      textArrayLiteral(raw.map((r) => r.reading.meter.id)),
      textArrayLiteral(raw.map((r) => r.reading.raw.timeField)),
      integerArrayLiteral(raw.map((r) => r.reading.raw.timeMs)),
      textArrayLiteral(raw.map((r) => r.reading.timeText)),
      textArrayLiteral(raw.map((r) => r.reading.raw.value)),
      textArrayLiteral(raw.map((r) => r.reading.raw.unit)),
      textArrayLiteral(raw.map((r) => (r.reading.signatureHash ? r.reading.signatureHash.slice(2) : null))),
      textArrayLiteral(raw.map((r) => r.status)),
    ],
  };
}

/**
 * The raw hashes and leaves of the cleaned rows, 32 bytes each, packed: the CPU-heavy part of a request, done
 * together on the hash thread when `offThread`. The leaf encodings are written here (copies of a per-meter template
 * with a few words changed); the raw hashes are written into them where they are computed.
 */
async function hashCleaned(
  orgId: string,
  rows: CleanedRow[],
  byMeter: Map<string, { meter: Meter }>,
  offThread: boolean,
): Promise<{ rawHashes: Uint8Array; leaves: Uint8Array }> {
  const readings: LeafReading[] = rows.map((row) => {
    const meter = (byMeter.get(row.meterId) as { meter: Meter }).meter;
    return {
      orgId,
      meterId: row.meterId,
      energyKind: meter.energyKind,
      flow: meter.flow,
      intervalStart: row.start,
      intervalEnd: row.end,
      quantity: row.quantity,
      unit: meter.unit,
      flags: row.flags,
      revision: row.revision,
      rawHash: null,
      signatureHash: row.signatureHash,
    };
  });
  const { encodings, ends, outliers } = leafEncodings(readings);
  const raw = rawHashMessages(rows.map((r) => r.rawItemHashes));
  const out = await hashOffThread(
    { kind: 'leaves', encodings, ends, rawMessages: raw.messages, rawEnds: raw.ends },
    { offThread },
  );
  const n = rows.length;
  const rawHashes = out.subarray(0, 32 * n);
  const leaves = out.subarray(32 * n);
  for (const i of outliers) {
    const rawHash = rows[i].rawItemHashes.length > 0 ? rawHashes.subarray(32 * i, 32 * i + 32) : null;
    leaves.set(leafHash({ ...readings[i], rawHash }), 32 * i);
  }
  return { rawHashes, leaves };
}

/**
 * The insert of the cleaned rows with their leaves. Hashes travel packed, 32 bytes per row in one bytea each (a zero
 * raw hash stands for none), and what every row of a meter shares travels once per meter: the statement's parameters
 * stay a handful of large values.
 */
function insertCleaned(
  orgId: string,
  batchSeq: number,
  rows: CleanedRow[],
  byMeter: Map<string, { meter: Meter }>,
  hashes: { rawHashes: Uint8Array; leaves: Uint8Array },
): Statement | undefined {
  if (rows.length === 0) return undefined;
  const bytes = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const rawHashes = bytes(hashes.rawHashes);
  const leaves = bytes(hashes.leaves);
  const meters = [...byMeter.values()].map((m) => m.meter);
  return {
    sql: `insert into readings (org_id, meter_id, interval_start, interval_end, revision, energy_kind, flow, quantity, unit,
       flags, raw_ids, raw_hash, signature_hash, batch_seq, leaf)
     select $1::uuid, u.meter_id, to_timestamp(u.start_s), to_timestamp(u.end_s), u.revision, m.energy_kind, m.flow,
       u.quantity, m.unit, u.flags, u.raw_ids::bigint[],
       nullif(substring($13::bytea from (u.ord::integer - 1) * 32 + 1 for 32), $15::bytea),
       decode(u.signature_hash, 'hex'), $2::bigint, substring($14::bytea from (u.ord::integer - 1) * 32 + 1 for 32)
     from unnest($3::uuid[], $4::bigint[], $5::bigint[], $6::integer[], $7::numeric[], $8::integer[], $9::text[],
       $10::text[]) with ordinality as u(meter_id, start_s, end_s, revision, quantity, flags, raw_ids, signature_hash, ord)
     join unnest($11::uuid[], $12::text[], $16::text[], $17::text[]) as m(id, energy_kind, flow, unit) on m.id = u.meter_id`,
    params: [
      orgId,
      batchSeq,
      textArrayLiteral(rows.map((r) => r.meterId)),
      integerArrayLiteral(rows.map((r) => r.start)),
      integerArrayLiteral(rows.map((r) => r.end)),
      integerArrayLiteral(rows.map((r) => r.revision)),
      textArrayLiteral(rows.map((r) => formatUnits(r.quantity, QUANTITY_SCALE))),
      integerArrayLiteral(rows.map((r) => r.flags)),
      textArrayLiteral(rows.map((r) => `{${r.rawIds.join(',')}}`)),
      textArrayLiteral(rows.map((r) => (r.signatureHash ? r.signatureHash.slice(2) : null))),
      meters.map((m) => m.id),
      meters.map((m) => m.energyKind),
      rawHashes,
      leaves,
      ZERO_HASH,
      meters.map((m) => m.flow),
      meters.map((m) => m.unit),
    ],
  };
}

const ZERO_HASH = Buffer.alloc(32);

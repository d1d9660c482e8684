import { expect } from 'chai';
import { Wallet } from 'ethers';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { ReceivedReading } from '../../../services/ingest/received';
import { canonicalSignedMessage } from '../../../services/ingest/signatures';
import { conversionFactor } from '../../../services/lib/energyKinds';
import { auth, createOrgViaApi, createTestApp, multipartBody, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/*
 * Property-based fuzzing of the ingest doors: POST /v1/readings (JSON and NDJSON) and POST /v1/readings/csv
 * (multipart and text/csv). Every malformed request must be answered with a 4xx carrying an NT_ERR_ code and a hint,
 * never a 5xx, and must leave the database exactly as it was; every valid request is accepted once and answered
 * identically when repeated.
 *
 * The refusal generators are built to be certainly invalid (at least one poisoned part among valid ones), so that an
 * acceptance fails a property as surely as a crash does. Valid-looking parts use meter ids no random string hits.
 */

const SLOT = 900;
const METERS = {
  interval: 'fuzz-interval-kwh',
  register: 'fuzz-register-gas',
  gateway: 'fuzz-gateway-kwh',
} as const;
const KNOWN_METERS: ReadonlySet<string> = new Set(Object.values(METERS));
const GATEWAY = new Wallet('0x' + '4e'.repeat(32));
const NOW = Math.floor(Date.now() / 1000);
/** Valid-looking readings of refused requests lie in 2025: in the past, after VEE_EARLIEST, on the 15-minute grid. */
const REFUSAL_EPOCH = Date.parse('2025-01-01T00:00:00Z') / 1000;
/** Seconds of VEE_EARLIEST (2000-01-01): anything before is refused as implausible. */
const EARLIEST = Date.parse('2000-01-01T00:00:00Z') / 1000;
/**
 * Accepted requests each take a fresh window of 10 days, of which they use the first: the gap to the next window is
 * longer than the 7-day gap fill, so no request's readings estimate or revise another's.
 */
const WINDOW_ORIGIN = Date.parse('2000-01-10T00:00:00Z') / 1000;
const WINDOW_SECONDS = 10 * 86_400;
const WINDOW_LIMIT = Date.parse('2023-12-01T00:00:00Z') / 1000;
/** Slots for values at the edge of the numeric range (2024, past every window). */
const EDGE_EPOCH = Date.parse('2024-01-01T00:00:00Z') / 1000;

const READING_KEYS: ReadonlySet<string> = new Set(['meter', 'start', 'end', 'at', 'value', 'unit']);
const TIME_FIELDS = ['start', 'end', 'at'] as const;
type TimeField = (typeof TIME_FIELDS)[number];
/** What parseDecimal accepts (after trimming, which \s matches exactly in JavaScript). */
const DECIMAL = /^\s*[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d{1,4})?\s*$/;
/** The start of every timestamp the pipeline can parse (ISO 8601, and Excel's 2026/11/1 in CSV files). */
const TIMESTAMP_SHAPE = /^\d{4}[-/]/;
/** Content types Fastify hands to the JSON or NDJSON parser (media types are case-insensitive). */
const PARSED_AS_JSON = /^\s*application\/(?:json|x-ndjson)\s*(?:;|$)/i;

type Json = unknown;
type Reading = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------------
// Strings that break things

/**
 * A BOM (trim strips it), zero-width and bidi controls, a combining mark, odd spaces, non-ASCII digits, astral
 * characters, and the punctuation of JSON and CSV.
 */
const WEIRD_CHARS = [
  ...'\ufeff\u200b\u200d\u202e\u0301\u00a0\u2028\u3000\ufffd\uffff١５𝟙😀能碳"\'\\,;\t\r\n{}[]:%e.-+09 ',
];

/** One character that parsers, databases and terminals disagree about; never U+0000 (see the NUL property). */
const weirdChar: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...WEIRD_CHARS),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), // lone surrogate
  fc.integer({ min: 0x01, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

function weirdString(minLength = 0, maxLength = 30): fc.Arbitrary<string> {
  return fc
    .array(weirdChar, { minLength, maxLength })
    .map((cs) => cs.join(''))
    .filter((s) => !s.includes('\u0000'));
}

/** A string longer than `limit` UTF-16 units, up to a few hundred kilobytes. */
function longerThan(limit: number, pattern: fc.Arbitrary<string> = weirdString(1, 4)): fc.Arbitrary<string> {
  return fc
    .tuple(pattern, fc.integer({ min: limit + 1, max: Math.max(limit * 20, 200_000) }))
    .map(([s, n]) => s.repeat(Math.ceil(n / s.length)));
}

const notStringOrNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const notString: fc.Arbitrary<Json> = fc.oneof(notStringOrNumber, fc.integer(), fc.double({ noNaN: true }));

function isUnit(unit: string): boolean {
  return (
    conversionFactor('electricity', unit) !== undefined ||
    conversionFactor('natural_gas', unit) !== undefined ||
    conversionFactor('electricity', unit.trim()) !== undefined ||
    conversionFactor('natural_gas', unit.trim()) !== undefined
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Valid-looking parts

type Zone = 'Z' | '+08:00' | 'local' | 'unix';
const zone = fc.constantFrom<Zone>('Z', '+08:00', 'local', 'unix');

/** `seconds` as a reading time: ISO UTC, ISO with the site's +08:00 offset, Shanghai wall time, or unix seconds. */
function timeValue(seconds: number, z: Zone): string | number {
  if (z === 'unix') return seconds;
  if (z === 'Z') return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  const wall = new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19);
  return z === '+08:00' ? `${wall}+08:00` : wall.replace('T', ' ');
}

const decimalText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
  .map(([whole, fraction, places]) =>
    places === 0 ? `${whole}` : `${whole}.${String(fraction).padStart(6, '0').slice(0, places)}`,
  );

/** Removes undefined members so that JSON and the signed message see the same fields. */
function reading(fields: Record<string, unknown>): Reading {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

const intervalReading: fc.Arbitrary<Reading> = fc
  .record({
    meter: fc.constant<string>(METERS.interval),
    slot: fc.integer({ min: 0, max: 20_000 }),
    field: fc.constantFrom<TimeField>('start', 'end'),
    zone,
    value: fc.oneof(decimalText, fc.integer({ min: 0, max: 1_000_000 })),
    unit: fc.option(fc.constantFrom('kWh', 'Wh', 'MWh', 'kwh'), { nil: undefined }),
  })
  .map((r) =>
    reading({
      meter: r.meter,
      [r.field]: timeValue(REFUSAL_EPOCH + r.slot * SLOT, r.zone),
      value: r.value,
      unit: r.unit,
    }),
  );

const registerReading: fc.Arbitrary<Reading> = fc
  .record({
    slot: fc.integer({ min: 0, max: 20_000 }),
    zone,
    value: decimalText,
    unit: fc.option(fc.constantFrom('m3', 'Nm3'), { nil: undefined }),
  })
  .map((r) =>
    reading({
      meter: METERS.register,
      at: timeValue(REFUSAL_EPOCH + r.slot * SLOT, r.zone),
      value: r.value,
      unit: r.unit,
    }),
  );

const gatewayReading: fc.Arbitrary<Reading> = intervalReading.map((r) => ({ ...r, meter: METERS.gateway }));

const validLooking: fc.Arbitrary<Reading> = fc.oneof(intervalReading, registerReading);

// ---------------------------------------------------------------------------------------------------------------------
// Certainly invalid readings

const unknownMeter: fc.Arbitrary<string> = fc.oneof(
  weirdString(1, 200).filter((s) => !KNOWN_METERS.has(s)),
  fc.uuid(),
  fc.constantFrom('FUZZ-INTERVAL-KWH', ` ${METERS.interval}`, `${METERS.interval} `, 'fuzz-interval-kwh\u200b'),
);

/** CSV cells and mapping values are trimmed before use. */
const csvUnknownMeter: fc.Arbitrary<string> = unknownMeter.filter((m) => !KNOWN_METERS.has(m.trim()));

const badMeter: fc.Arbitrary<Json> = fc.oneof(notString, fc.constant(''), longerThan(200), unknownMeter);

/** A shifted instant in [61 s, 839 s] past a boundary: outside the 60 s snapping tolerance on both sides. */
const unalignedSeconds = fc
  .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 61, max: SLOT - 61 }))
  .map(([slot, off]) => REFUSAL_EPOCH + slot * SLOT + off);
/** Intervals that have not ended (with `end` too) and reads still to come, past the 300 s future tolerance. */
const futureSeconds = fc.integer({ min: 1, max: 5_000_000 }).map((k) => Math.ceil(NOW / SLOT) * SLOT + k * SLOT);
/** Aligned instants before VEE_EARLIEST, so `end` (one interval earlier) is before it too. */
const ancientSeconds = fc.integer({ min: 1, max: 3_000_000 }).map((k) => EARLIEST - k * SLOT);

const impossibleTimestamp = fc.constantFrom(
  '2025-02-29T00:00:00Z',
  '2025-02-30T00:00:00Z',
  '2025-04-31T00:00:00Z',
  '2025-13-01T00:00:00Z',
  '2025-00-10T00:00:00Z',
  '2025-01-00T00:00:00Z',
  '2025-01-01T24:00:00Z',
  '2025-01-01T25:00:00Z',
  '2025-01-01T00:60:00Z',
  '2025-01-01T00:00:60Z',
  '2025-01-01T00:00:00+19:00',
  '2025-01-01T00:00:00+08:60',
  '2025-01-01T00:00:00.1234567890Z',
  '2025-01-01',
  '2025-01-01T00',
  '0000-01-01T00:00:00Z',
  '+002025-01-01T00:00:00Z',
  '2025-W01-1T00:00:00Z',
  '2025-001T00:00:00Z',
  '20250101T000000Z',
  '2025/01/01 00:00',
  '1735689600',
  'now',
  'NaN',
  'Infinity',
);

const badTime: fc.Arbitrary<Json> = fc.oneof(
  notStringOrNumber,
  fc.constant(''),
  longerThan(64),
  weirdString(1, 64).filter((s) => !TIMESTAMP_SHAPE.test(s.trim())),
  impossibleTimestamp,
  unalignedSeconds.chain((s) => zone.map((z) => timeValue(s, z))),
  futureSeconds.chain((s) => fc.constantFrom<Zone>('Z', '+08:00', 'unix').map((z) => timeValue(s, z))),
  ancientSeconds.chain((s) => fc.constantFrom<Zone>('Z', 'unix').map((z) => timeValue(s, z))),
  fc.constantFrom(1e300, -1e300, Number.MAX_SAFE_INTEGER, -1, 0, 0.5, 1e15),
);

/** Numbers whose shortest decimal form has more than the 60 digits a value may have. */
const outOfRangeNumber = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    fc.oneof(fc.integer({ min: 61, max: 307 }), fc.integer({ min: -300, max: -61 })),
  )
  .map(([m, e]) => Number(`${m}e${e}`));

const badValue: fc.Arbitrary<Json> = fc.oneof(
  notStringOrNumber,
  fc.constant(''),
  longerThan(80, fc.constantFrom('9', '1.', '0')),
  weirdString(1, 80).filter((s) => !DECIMAL.test(s)),
  fc.integer({ min: 61, max: 80 }).map((n) => '7'.repeat(n)),
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 61, max: 9999 }), fc.boolean())
    .map(([m, e, negative]) => `${m}e${negative ? '-' : '+'}${e}`),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1,5',
    '1.2.3',
    '0x1F',
    '0b101',
    '1_000',
    '.5',
    '5.',
    '--1',
    '+-1',
    '1e',
    '1e99999',
    '١٢٣',
    '１２３',
    '12 34',
    '1e+',
  ),
  outOfRangeNumber,
);

const badUnit: fc.Arbitrary<Json> = fc.oneof(
  notString,
  fc.constant(''),
  longerThan(20),
  weirdString(1, 20).filter((u) => !isUnit(u)),
  fc.constantFrom('GJ', 't', 'kg', 'L', 'Gcal', 'kW', 'kVarh', 'KWH ', 'm³ ', 'MMBtu', 'toString', '__proto__'),
);

const extraKey: fc.Arbitrary<string> = fc
  .oneof(
    weirdString(1, 20),
    fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'Meter',
      'VALUE',
      'time',
      'timestamp',
      'signature',
      ' meter',
    ),
  )
  .filter((k) => !READING_KEYS.has(k));

type Mutation =
  | { kind: 'replace'; with: Json }
  | { kind: 'nest'; depth: number }
  | { kind: 'set'; field: 'meter' | 'time' | 'value' | 'unit'; to: Json }
  | { kind: 'drop'; field: 'meter' | 'time' | 'value' }
  | { kind: 'extra'; key: string; to: Json }
  | { kind: 'secondTime'; field: TimeField }
  | { kind: 'wrongTimeField' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    with: fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.string(),
      fc.array(fc.jsonValue(), { maxLength: 3 }),
    ),
  }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 3 }) }),
  // Bad values of the four fields are the richest source of problems: they reach every stage of the pipeline.
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('set' as const), field: fc.constant('meter' as const), to: badMeter }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('set' as const), field: fc.constant('time' as const), to: badTime }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('set' as const), field: fc.constant('value' as const), to: badValue }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('set' as const), field: fc.constant('unit' as const), to: badUnit }),
  },
  fc.record({
    kind: fc.constant('drop' as const),
    field: fc.constantFrom('meter' as const, 'time' as const, 'value' as const),
  }),
  fc.record({ kind: fc.constant('extra' as const), key: extraKey, to: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('secondTime' as const), field: fc.constantFrom(...TIME_FIELDS) }),
  fc.record({ kind: fc.constant('wrongTimeField' as const) }),
);

/** Sets a property even when it is named __proto__, as JSON.parse does on the server. */
function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function timeFieldOf(r: Reading): TimeField {
  return TIME_FIELDS.find((f) => r[f] !== undefined) ?? 'start';
}

function poison(base: Reading, m: Mutation): Json {
  if (m.kind === 'replace') return m.with;
  if (m.kind === 'nest') {
    let nested: Json = base;
    for (let i = 0; i < m.depth; i++) nested = [nested];
    return nested;
  }
  const out: Reading = { ...base };
  const own = timeFieldOf(base);
  switch (m.kind) {
    case 'set':
      define(out, m.field === 'time' ? own : m.field, m.to);
      break;
    case 'drop':
      if (m.field === 'time') for (const f of TIME_FIELDS) delete out[f];
      else delete out[m.field];
      break;
    case 'extra':
      define(out, m.key, m.to);
      break;
    case 'secondTime': {
      const other = m.field === own ? TIME_FIELDS.find((f) => f !== own) : m.field;
      define(out, other as TimeField, out[own]);
      break;
    }
    case 'wrongTimeField': {
      // Interval meters need start or end, cumulative registers need at.
      const wrong: TimeField = own === 'at' ? 'start' : 'at';
      define(out, wrong, out[own]);
      delete out[own];
      break;
    }
  }
  return out;
}

const poisonedReading: fc.Arbitrary<Json> = fc.tuple(validLooking, mutation).map(([base, m]) => poison(base, m));

// ---------------------------------------------------------------------------------------------------------------------
// Requests

type IngestBody =
  | { format: 'json'; body: Json; idempotencyKey?: string }
  | { format: 'ndjson'; lines: Json[]; eol: '\n' | '\r\n'; idempotencyKey?: string };

const idempotencyKey = fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }), {
  nil: undefined,
});
const randomSignature = fc
  .uint8Array({ minLength: 65, maxLength: 65 })
  .map((bytes) => '0x' + Buffer.from(bytes).toString('hex'));

/** Readings with at least one poisoned among valid-looking ones. */
const poisonedReadings: fc.Arbitrary<Json[]> = fc
  .tuple(
    fc.array(validLooking, { maxLength: 5 }),
    fc.array(poisonedReading, { minLength: 1, maxLength: 2 }),
    fc.array(validLooking, { maxLength: 5 }),
  )
  .map(([before, poisoned, after]) => [...before, ...poisoned, ...after]);

/** Valid-looking readings whose signatures are wrong: every such request is refused whole. */
const badlySigned: fc.Arbitrary<{ readings: Json[]; signatures: Json[] }> = fc.oneof(
  // The gateway meter accepts only readings signed by its gateway.
  fc
    .tuple(fc.array(validLooking, { maxLength: 4 }), fc.array(gatewayReading, { minLength: 1, maxLength: 3 }))
    .map(([valid, gated]) => ({ readings: [...valid, ...gated], signatures: [] })),
  // Signed, but not by the gateway.
  fc
    .tuple(
      fc.array(validLooking, { maxLength: 4 }),
      fc.array(gatewayReading, { minLength: 1, maxLength: 3 }),
      randomSignature,
    )
    .map(([valid, gated, signature]) => ({
      readings: [...valid, ...gated],
      signatures: [{ meter: METERS.gateway, signature }],
    })),
  // Two signatures for one meter.
  fc
    .tuple(fc.array(gatewayReading, { minLength: 1, maxLength: 3 }), randomSignature, randomSignature)
    .map(([gated, a, b]) => ({
      readings: gated,
      signatures: [
        { meter: METERS.gateway, signature: a },
        { meter: METERS.gateway, signature: b },
      ],
    })),
  // A signature for a meter without a gateway, or for a meter without readings in the request.
  fc
    .tuple(
      fc.array(intervalReading, { minLength: 1, maxLength: 4 }),
      fc.constantFrom<string>(METERS.interval, METERS.gateway),
      randomSignature,
    )
    .map(([valid, meter, signature]) => ({ readings: valid, signatures: [{ meter, signature }] })),
  // Malformed signature entries.
  fc
    .tuple(
      fc.array(gatewayReading, { minLength: 1, maxLength: 3 }),
      fc.oneof(
        notString,
        fc.record({ meter: fc.constant(METERS.gateway), signature: fc.oneof(notString, weirdString(0, 140)) }),
        fc.record({ meter: notString, signature: randomSignature }),
        randomSignature.map((signature) => ({ meter: METERS.gateway, signature, extra: 1 })),
        randomSignature.map((signature) => ({ meter: METERS.gateway, signature: signature.slice(0, -2) })),
      ),
    )
    .filter(([, entry]) => typeof entry !== 'object' || entry === null || 'signature' in entry)
    .map(([gated, entry]) => ({ readings: gated, signatures: [entry] })),
);

const eol = fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n');

/** Poisoned readings or wrong signatures among valid-looking readings, as JSON or NDJSON. */
const poisonedBatch: fc.Arbitrary<IngestBody> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: poisonedReadings.map((readings) => ({ readings, signatures: [] as Json[] })) },
      { weight: 1, arbitrary: badlySigned },
    ),
    fc.boolean(),
    eol,
    idempotencyKey,
  )
  .map(([{ readings, signatures }, asJson, lineEnd, key]): IngestBody =>
    asJson
      ? { format: 'json', body: signatures.length > 0 ? { readings, signatures } : { readings }, idempotencyKey: key }
      : { format: 'ndjson', lines: [...readings, ...signatures], eol: lineEnd, idempotencyKey: key },
  );

/** Body-level problems that only JSON can express. */
const poisonedBody: fc.Arbitrary<IngestBody> = fc
  .tuple(fc.array(validLooking, { maxLength: 5 }), idempotencyKey)
  .chain(([readings, key]) =>
    fc
      .oneof(
        fc
          .tuple(
            fc.oneof(weirdString(1, 20), fc.constantFrom('__proto__', 'Readings', 'reading', 'meta')),
            fc.jsonValue({ maxDepth: 2 }),
          )
          .filter(([k]) => k !== 'readings' && k !== 'signatures')
          .map(([k, v]) => {
            const body: Record<string, unknown> = { readings };
            define(body, k, v);
            return body;
          }),
        fc
          .oneof(notStringOrNumber, fc.string(), fc.integer())
          .filter((v) => !Array.isArray(v))
          .map((v) => ({ readings: v })),
        fc.constant<Json>(readings),
        fc.constant<Json>({ reading: readings }),
        fc.constant<Json>({ readings: { ...readings } }),
        fc
          .oneof(notStringOrNumber, fc.string(), fc.integer())
          .filter((v) => v !== undefined && !Array.isArray(v))
          .map((v) => ({ readings, signatures: v })),
      )
      .map((body): IngestBody => ({ format: 'json', body, idempotencyKey: key })),
  );

/** Requests that are refused whole by the ingest pipeline, as JSON or NDJSON. */
const refusedIngest: fc.Arbitrary<IngestBody> = fc.oneof(
  { weight: 4, arbitrary: poisonedBatch },
  { weight: 1, arbitrary: poisonedBody },
);

/** Arbitrary JSON: almost never the shape of a request, never one naming a registered meter. */
const arbitraryJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue(),
  fc.anything(),
  fc.dictionary(weirdString(0, 10), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
  fc.record({ readings: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }) }),
  fc.record(
    {
      readings: fc.array(
        fc.dictionary(
          fc.constantFrom('meter', 'start', 'end', 'at', 'value', 'unit', 'signature'),
          fc.jsonValue({ maxDepth: 2 }),
          {
            maxKeys: 7,
          },
        ),
        { maxLength: 5 },
      ),
      signatures: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: ['readings'] },
  ),
);

function serialise(request: IngestBody): { payload: string; contentType: string } {
  if (request.format === 'json')
    return { payload: JSON.stringify(request.body) ?? '', contentType: 'application/json' };
  return {
    payload: request.lines.map((line) => JSON.stringify(line) ?? 'undefined').join(request.eol) + request.eol,
    contentType: 'application/x-ndjson',
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Raw bodies

const validRequestJson: fc.Arbitrary<string> = fc
  .array(validLooking, { minLength: 1, maxLength: 5 })
  .map((readings) => JSON.stringify({ readings }));
const validNdjsonLines: fc.Arbitrary<string[]> = fc
  .array(validLooking, { minLength: 1, maxLength: 5 })
  .map((readings) => readings.map((r) => JSON.stringify(r)));

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

/** Bodies sent as application/json that are not a JSON request: garbage, truncations, NULs, a BOM, broken UTF-8. */
const rawJsonBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  weirdString(0, 200),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  fc.uint8Array({ maxLength: 500 }).map((bytes) => Buffer.from(bytes)),
  validRequestJson.chain((json) => fc.integer({ min: 0, max: json.length - 1 }).map((n) => json.slice(0, n))),
  validRequestJson.chain((json) => fc.integer({ min: 0, max: json.length }).map((at) => insertAt(json, at, '\u0000'))),
  validRequestJson.map((json) => '\ufeff\ufeff' + json), // one BOM is tolerated, two are not JSON
  validRequestJson.chain((json) =>
    fc
      .integer({ min: 0, max: json.length })
      .map((at) => Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0xff]), Buffer.from(json.slice(at))])),
  ),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '{}',
    '[]',
    '"readings"',
    '{"readings":',
    '{"readings":[{]}',
    '{"readings":[]}x',
    '{"readings":[]}{"readings":[]}',
    '{"readings":[],"readings":{}}',
    '{"readings":[1,]}',
    "{'readings':[]}",
    '{"readings":[NaN]}',
    '\u0000',
    '\ufeff',
    '['.repeat(10_000),
  ),
);

/** Bodies sent as application/x-ndjson with at least one line that is not JSON. */
const rawNdjsonBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  weirdString(1, 200).filter((s) => s.split('\n').some((line) => line.trim() !== '' && !parses(line.trim()))),
  fc.uint8Array({ minLength: 1, maxLength: 500 }).map((bytes) => Buffer.from(bytes)),
  // A line cut short: a strict prefix of a JSON object is never JSON.
  fc.tuple(validNdjsonLines, fc.nat(), fc.nat(), eol).map(([lines, which, cut, lineEnd]) => {
    const i = which % lines.length;
    const out = [...lines];
    out[i] = lines[i].slice(0, 1 + (cut % (lines[i].length - 1)));
    return out.join(lineEnd) + lineEnd;
  }),
  fc.tuple(validNdjsonLines, fc.nat(), eol).map(([lines, at, lineEnd]) => {
    const text = lines.join(lineEnd) + lineEnd;
    return insertAt(text, at % (text.length + 1), '\u0000');
  }),
  fc.tuple(validNdjsonLines, fc.nat(), eol).map(([lines, at, lineEnd]) => {
    const text = Buffer.from(lines.join(lineEnd) + lineEnd);
    const i = at % (text.length + 1);
    return Buffer.concat([text.subarray(0, i), Buffer.from([0xff]), text.subarray(i)]);
  }),
  fc
    .tuple(
      validNdjsonLines,
      fc.nat(),
      weirdString(1, 80)
        .map((s) => s.replace(/[\r\n]/g, ''))
        .filter((s) => s.trim() !== '' && !parses(s.trim())),
    )
    .map(([lines, at, garbage]) => {
      const out = [...lines];
      out.splice(at % (lines.length + 1), 0, garbage);
      return out.join('\n');
    }),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// CSV

type Delimiter = ',' | ';' | '\t';
type TimeFormat = 'iso' | 'unix' | 'unix_ms';

interface CsvDoc {
  layout: 'column' | 'fixed' | 'wide';
  /** The mapping as sent; `undefined` sends none. */
  mapping: Json;
  /** Sent instead of JSON.stringify(mapping) when set. */
  mappingText?: string;
  titleLines: string[];
  header: string[];
  rows: string[][];
  /** Pre-rendered lines appended after the data rows (structural damage). */
  tail: string[];
  delimiter: Delimiter;
  /** The delimiter the file is actually written with. */
  writtenWith: Delimiter;
  timeFormat: TimeFormat;
  bom: boolean;
  eol: '\n' | '\r\n';
  quoteAll: boolean;
  /** Replaces the whole file when set. */
  fileText?: string;
  transport: 'multipart' | 'text/csv';
  omitFile?: boolean;
}

const TIME_COLUMNS = ['time', '日期', 'Interval Start'];
const VALUE_COLUMNS = ['kwh', '电量 (kWh)', 'value'];
const METER_COLUMNS = ['meter', '表号'];

function csvTime(seconds: number, format: TimeFormat, z: Zone): string {
  if (format === 'unix') return String(seconds);
  if (format === 'unix_ms') return String(seconds * 1000);
  return String(timeValue(seconds, z === 'unix' ? 'Z' : z));
}

const csvDoc: fc.Arbitrary<CsvDoc> = fc
  .record({
    layout: fc.constantFrom<CsvDoc['layout']>('column', 'fixed', 'wide'),
    timeColumn: fc.constantFrom(...TIME_COLUMNS),
    valueColumn: fc.constantFrom(...VALUE_COLUMNS),
    meterColumn: fc.constantFrom(...METER_COLUMNS),
    unitColumn: fc.boolean(),
    delimiter: fc.constantFrom<Delimiter>(',', ';', '\t'),
    explicitDefaults: fc.boolean(),
    timeFormat: fc.constantFrom<TimeFormat>('iso', 'unix', 'unix_ms'),
    zone,
    titleLines: fc.array(
      weirdString(0, 40).map((s) => s.replace(/[\r\n]/g, '')),
      { maxLength: 3 },
    ),
    rows: fc.uniqueArray(fc.record({ slot: fc.integer({ min: 0, max: 20_000 }), value: decimalText }), {
      minLength: 1,
      maxLength: 8,
      selector: (r) => r.slot,
    }),
    bom: fc.boolean(),
    eol,
    quoteAll: fc.boolean(),
    transport: fc.constantFrom<CsvDoc['transport']>('multipart', 'text/csv'),
  })
  .map((p): CsvDoc => {
    const withUnit = p.unitColumn && p.layout !== 'wide';
    const header = p.layout === 'column' ? [p.meterColumn, p.timeColumn, p.valueColumn] : [p.timeColumn, p.valueColumn];
    if (withUnit) header.push('unit');
    const rows = p.rows.map(({ slot, value }) => {
      const time = csvTime(REFUSAL_EPOCH + slot * SLOT, p.timeFormat, p.zone);
      const cells = p.layout === 'column' ? [METERS.interval, time, value] : [time, value];
      if (withUnit) cells.push('kWh');
      return cells;
    });
    const mapping: Record<string, unknown> =
      p.layout === 'wide'
        ? { time: p.timeColumn, meters: { [p.valueColumn]: METERS.interval } }
        : {
            meter: p.layout === 'column' ? p.meterColumn : { value: METERS.interval },
            time: p.timeColumn,
            value: p.valueColumn,
          };
    if (withUnit) mapping.unit = 'unit';
    if (p.delimiter !== ',' || p.explicitDefaults) mapping.delimiter = p.delimiter;
    if (p.timeFormat !== 'iso' || p.explicitDefaults) mapping.timeFormat = p.timeFormat;
    if (p.explicitDefaults) mapping.timeField = 'start';
    if (p.titleLines.length > 0 || p.explicitDefaults) mapping.skipRows = p.titleLines.length;
    return {
      layout: p.layout,
      mapping,
      titleLines: p.titleLines,
      header,
      rows,
      tail: [],
      delimiter: p.delimiter,
      writtenWith: p.delimiter,
      timeFormat: p.timeFormat,
      bom: p.bom,
      eol: p.eol,
      quoteAll: p.quoteAll,
      transport: p.transport,
    };
  });

function quoteCsv(cell: string): string {
  return `"${cell.replace(/"/g, '""')}"`;
}

function renderRow(cells: string[], doc: CsvDoc): string {
  return cells
    .map((c) => (doc.quoteAll || /[",;\t\r\n]|^\s|\s$/.test(c) || c !== c.trim() ? quoteCsv(c) : c))
    .join(doc.writtenWith);
}

function renderCsv(doc: CsvDoc): string {
  if (doc.fileText !== undefined) return doc.fileText;
  const lines = [...doc.titleLines, renderRow(doc.header, doc), ...doc.rows.map((r) => renderRow(r, doc)), ...doc.tail];
  return (doc.bom ? '\ufeff' : '') + lines.join(doc.eol) + doc.eol;
}

function mappingObject(doc: CsvDoc): Record<string, unknown> {
  return { ...(doc.mapping as Record<string, unknown>) };
}

/** A string that names no header column (after the trimming the parser does). */
function notAColumn(doc: CsvDoc): fc.Arbitrary<string> {
  return weirdString(1, 50).filter((s) => s.trim() !== '' && !doc.header.includes(s.trim()));
}

/** A copy of `doc` changed by `change` (given the generated value). */
function variant<T>(doc: CsvDoc, change: (d: CsvDoc, v: T) => void): (v: T) => CsvDoc {
  return (v: T) => {
    const d: CsvDoc = { ...doc, rows: doc.rows.map((r) => [...r]), header: [...doc.header], tail: [...doc.tail] };
    change(d, v);
    return d;
  };
}

/** One change that makes a CSV upload certainly invalid, whatever the rest of it. */
function damagedCsv(doc: CsvDoc): fc.Arbitrary<CsvDoc> {
  const setMapping = (key: string) =>
    variant<Json>(doc, (d, v) => {
      const m = mappingObject(d);
      define(m, key, v);
      d.mapping = m;
    });
  const timeAt = doc.header.indexOf((doc.mapping as { time: string }).time);
  const valueAt = doc.layout === 'column' ? 2 : 1;
  const row = fc.nat({ max: doc.rows.length - 1 });
  const setCell = (at: number) =>
    variant<[number, string]>(doc, (d, [r, v]) => {
      d.rows[r][at] = v;
    });
  const allowed =
    doc.layout === 'wide'
      ? ['time', 'timeField', 'timeFormat', 'delimiter', 'skipRows', 'unit', 'meters']
      : ['time', 'timeField', 'timeFormat', 'delimiter', 'skipRows', 'unit', 'meter', 'value'];
  const otherFamily: TimeFormat[] =
    doc.timeFormat === 'iso' ? ['unix', 'unix_ms'] : doc.timeFormat === 'unix' ? ['iso', 'unix_ms'] : ['iso', 'unix'];
  const cellFormat = (seconds: number) => csvTime(seconds, doc.timeFormat, 'Z');
  const timeShapes: Record<TimeFormat, RegExp> = {
    iso: TIMESTAMP_SHAPE,
    unix: /^-?\d+(?:\.\d+)?$/,
    unix_ms: /^-?\d+$/,
  };

  const options: fc.Arbitrary<CsvDoc>[] = [
    // The mapping.
    fc.constant(undefined).map(variant(doc, (d) => void (d.mapping = undefined))),
    weirdString(0, 200)
      .filter((s) => !parses(s))
      .map(variant(doc, (d, s) => void (d.mappingText = s))),
    fc
      .oneof(
        notStringOrNumber.filter((v) => Array.isArray(v) || typeof v !== 'object' || v === null),
        fc.string(),
        fc.integer(),
      )
      .map(variant(doc, (d, v) => void (d.mapping = v))),
    fc
      .tuple(
        weirdString(1, 20).filter((k) => !allowed.includes(k)),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([k, v]) =>
        variant<null>(doc, (d) => {
          const m = mappingObject(d);
          define(m, k, v);
          d.mapping = m;
        })(null),
      ),
    fc
      .oneof(
        notString.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v))),
        fc.constant(''),
        fc.constant('  '),
        longerThan(200),
        notAColumn(doc),
      )
      .map(setMapping('time')),
    fc.constantFrom('timeField', 'timeFormat', 'delimiter').chain((key) =>
      fc
        .oneof(
          notString,
          weirdString(0, 12),
          fc.constantFrom('Start', 'END', 'ISO', 'unix-ms', 'ms', '|', ' ', ',,', 'tab', 'auto'),
        )
        .filter((v) => !['start', 'end', 'at', 'iso', 'unix', 'unix_ms', ',', ';', '\t'].includes(v as string))
        .map(setMapping(key)),
    ),
    fc
      .oneof(
        fc.integer({ max: -1 }),
        fc.integer({ min: 1001 }),
        fc.constantFrom(0.5, 1.5, '1', null, true, [], {}, NaN),
      )
      .map(setMapping('skipRows')),
    // Interval meters need start or end: at is refused (end only shifts every interval, which is valid).
    fc.constant('at').map(setMapping('timeField')),
    fc.constantFrom(...otherFamily).map(setMapping('timeFormat')),
  ];
  if (doc.layout === 'wide') {
    options.push(
      fc
        .oneof(
          fc.constant({}),
          notString.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        )
        .map(setMapping('meters')),
      fc.constant(null).map(
        variant(doc, (d) => {
          const m = mappingObject(d);
          m.meters = { ...(m.meters as object), [doc.header[0]]: METERS.interval };
          d.mapping = m;
        }),
      ),
      fc.oneof(notString, fc.constant(''), longerThan(200)).map(
        variant<Json>(doc, (d, v) => {
          const m = mappingObject(d);
          m.meters = { [doc.header[1]]: v };
          d.mapping = m;
        }),
      ),
      csvUnknownMeter.map(
        variant<string>(doc, (d, v) => {
          const m = mappingObject(d);
          m.meters = { [doc.header[1]]: v };
          d.mapping = m;
        }),
      ),
      fc.jsonValue().map(setMapping('value')),
      fc.constantFrom('meter', 'kWh').map(setMapping('meter')),
      fc.constantFrom('kWh', 'unit', 'x').map(setMapping('unit')),
      fc.constant(null).map(
        variant(doc, (d) => {
          const m = mappingObject(d);
          delete m.meters;
          d.mapping = m;
        }),
      ),
    );
  } else {
    options.push(
      fc
        .oneof(
          notString.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v))),
          fc.constant(''),
          longerThan(200),
          notAColumn(doc),
        )
        .map(setMapping('value')),
      fc.constant(doc.header[timeAt]).map(setMapping('value')),
      fc.constantFrom('meter', 'meters').map((key) =>
        variant<null>(doc, (d) => {
          const m = mappingObject(d);
          if (key === 'meter') delete m.meter;
          else m.meters = { [doc.header[valueAt]]: METERS.interval };
          d.mapping = m;
        })(null),
      ),
      fc
        .oneof(
          csvUnknownMeter.map((value) => ({ value })),
          fc.constant({ value: '' }),
          fc.constant({ value: '   ' }),
          longerThan(200).map((value) => ({ value })),
          notString.map((value) => ({ value })),
          fc.constant({ value: METERS.interval, column: 'meter' }),
          fc.constant({}),
        )
        .map(setMapping('meter')),
    );
    if (doc.layout === 'column') options.push(notAColumn(doc).map(setMapping('meter')));
  }
  options.push(
    // The file as a whole.
    fc.constantFrom('', '\ufeff', '\n\n\n', ' \n \t\n', '\r\n').map(
      variant(doc, (d, t) => {
        d.fileText = t;
        d.mapping = { ...mappingObject(d), skipRows: 0 };
      }),
    ),
    weirdString(0, 300).map(variant(doc, (d, t) => void (d.fileText = t))),
    // No header row: the first data row takes its place.
    fc.constant(null).map(variant(doc, (d) => void d.header.splice(0, d.header.length, ...d.rows[0]))),
    // A mapped column renamed.
    // The time column twice.
    fc.constant(null).map(
      variant(doc, (d) => {
        d.header.push(d.header[timeAt]);
        d.rows.forEach((r) => r.push(r[timeAt]));
      }),
    ),
    fc.nat({ max: doc.header.length - 1 }).map(variant(doc, (d, i) => void (d.header[i] = `${d.header[i]}_`))),
    fc
      .constantFrom<Delimiter>(',', ';', '\t')
      .filter((w) => w !== doc.delimiter)
      .map(variant(doc, (d, w) => void (d.writtenWith = w))),
    fc.integer({ min: 1, max: 20 }).map(
      variant(doc, (d, extra) => {
        d.mapping = { ...mappingObject(d), skipRows: d.titleLines.length + extra };
      }),
    ),
    fc.constant(undefined).map(variant(doc, (d) => void (d.omitFile = true))),
    // One bad row. Quotes that never close come last, so that no later quote closes them.
    fc.tuple(row, fc.constantFrom('"', '"abc', 'x"y', '"a""')).map(
      variant(doc, (d, [r, q]) => {
        const cells = [...d.rows[r]];
        cells[0] = q;
        d.tail.push(cells.join(d.writtenWith));
      }),
    ),
    fc.tuple(row, fc.constantFrom('"a"b', '"a" b', '"a""b"c')).map(
      variant(doc, (d, [r, q]) => {
        const cells = d.rows[r].map((c) => quoteCsv(c));
        cells[cells.length - 1] = q;
        d.tail.push(cells.join(d.writtenWith));
      }),
    ),
    fc.tuple(row, fc.boolean()).map(
      variant(doc, (d, [r, longer]) => {
        if (longer) d.rows[r].push('x');
        else d.rows[r].pop();
      }),
    ),
    fc
      .tuple(
        row,
        fc
          .oneof(weirdString(1, 40), longerThan(80, fc.constantFrom('9', '.')))
          .filter((v) => v.trim() !== '' && !DECIMAL.test(v.trim())),
      )
      .map(setCell(valueAt)),
    fc
      .tuple(
        row,
        fc.integer({ min: 81, max: 100_000 }).map((n) => '9'.repeat(n)),
      )
      .map(setCell(valueAt)),
    fc
      .tuple(
        row,
        fc.oneof(weirdString(0, 64), longerThan(64)).filter((v) => !timeShapes[doc.timeFormat].test(v.trim())),
      )
      .map(setCell(timeAt)),
    fc.tuple(row, unalignedSeconds.map(cellFormat)).map(setCell(timeAt)),
    fc.tuple(row, futureSeconds.map(cellFormat)).map(setCell(timeAt)),
    fc.tuple(row, ancientSeconds.map(cellFormat)).map(setCell(timeAt)),
  );
  if (doc.layout === 'column') {
    options.push(fc.tuple(row, fc.oneof(csvUnknownMeter, longerThan(200))).map(setCell(0)));
  }
  if (doc.header.includes('unit')) {
    options.push(
      fc
        .tuple(
          row,
          fc.oneof(weirdString(1, 20), longerThan(20)).filter((u) => u.trim() !== '' && !isUnit(u.trim())),
        )
        .map(setCell(doc.header.indexOf('unit'))),
    );
  }
  return fc.oneof(...options);
}

const damagedCsvDoc: fc.Arbitrary<CsvDoc> = csvDoc.chain(damagedCsv);

/** The mapping text as sent (a JSON form field or the ?mapping= query). */
function mappingTextOf(doc: CsvDoc): string | undefined {
  if (doc.mappingText !== undefined) return doc.mappingText;
  return doc.mapping === undefined ? undefined : JSON.stringify(doc.mapping);
}

/** Percent-encodes the UTF-8 bytes of `text` (lone surrogates become U+FFFD, as any HTTP client would send them). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => '%' + b.toString(16).padStart(2, '0')).join('');
}

/** A multipart/form-data body with text fields only. */
function multipartFields(fields: Record<string, string>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----nengtanfuzz${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function csvRequest(doc: CsvDoc): { url: string; payload: string | Buffer; headers: Record<string, string> } {
  const mappingText = mappingTextOf(doc);
  const text = renderCsv(doc);
  if (doc.transport === 'text/csv') {
    return {
      url: '/v1/readings/csv' + (mappingText === undefined ? '' : `?mapping=${percentEncode(mappingText)}`),
      payload: doc.omitFile ? '' : text,
      headers: { 'content-type': 'text/csv' },
    };
  }
  const fields: Record<string, string> = mappingText === undefined ? {} : { mapping: mappingText };
  const body = doc.omitFile ? multipartFields(fields) : multipartBody(fields, { name: 'readings.csv', content: text });
  return { url: '/v1/readings/csv', payload: body.payload, headers: body.headers };
}

// ---------------------------------------------------------------------------------------------------------------------
// Valid requests

interface ValidPlan {
  format: 'json' | 'ndjson';
  field: 'start' | 'end';
  interval: Array<{ slot: number; zone: Zone; value: string | number; unit?: string }>;
  registerStartMilli: number;
  register: Array<{ slot: number; zone: Zone; incrementMilli: number }>;
  gateway: Array<{ slot: number; zone: Zone; value: string }>;
  idempotencyKey: boolean;
}

const validPlan: fc.Arbitrary<ValidPlan> = fc
  .record({
    format: fc.constantFrom<'json' | 'ndjson'>('json', 'ndjson'),
    field: fc.constantFrom<'start' | 'end'>('start', 'end'),
    interval: fc.uniqueArray(
      fc.record(
        {
          slot: fc.integer({ min: 0, max: 95 }),
          zone,
          value: fc.oneof(decimalText, decimalText, fc.integer({ min: 0, max: 100_000 })),
          unit: fc.constantFrom('kWh', 'Wh', 'MWh', 'kwh'),
        },
        { requiredKeys: ['slot', 'zone', 'value'] },
      ),
      { maxLength: 12, selector: (r) => r.slot },
    ),
    registerStartMilli: fc.integer({ min: 0, max: 2_000_000_000 }),
    register: fc.uniqueArray(
      fc.record({
        slot: fc.integer({ min: 0, max: 95 }),
        zone,
        incrementMilli: fc.integer({ min: 0, max: 5_000_000 }),
      }),
      { maxLength: 6, selector: (r) => r.slot },
    ),
    gateway: fc.uniqueArray(fc.record({ slot: fc.integer({ min: 0, max: 95 }), zone, value: decimalText }), {
      maxLength: 4,
      selector: (r) => r.slot,
    }),
    idempotencyKey: fc.boolean(),
  })
  .filter((p) => p.interval.length + p.register.length + p.gateway.length > 0);

function formatMilli(milli: bigint): string {
  const text = milli.toString().padStart(4, '0');
  return `${text.slice(0, -3)}.${text.slice(-3)}`;
}

// ---------------------------------------------------------------------------------------------------------------------

interface Snapshot {
  raw_readings: number;
  readings: number;
  ingest_requests: number;
  batches: number;
  meter_state: string;
}

describe('ingest fuzzing', function () {
  let db: TestDb;
  let t: TestApp;
  let ingestKey: string;
  let adminKey: string;
  let siteId: string;
  /** Every 5xx answer, with the error behind it: there must be none. */
  const serverErrors: string[] = [];
  const errorsByRequest = new Map<string, string>();
  let nextWindow = 0;
  let nextEdgeSlot = 0;

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    t.app.addHook('onError', async (request, reply, error) => {
      if (reply.statusCode >= 500 || !(error as { statusCode?: number }).statusCode) {
        const code = String((error as { code?: unknown }).code);
        errorsByRequest.set(request.id, `${error.stack ?? error.message} (code ${code})`);
      }
    });
    t.app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 500) {
        const cause = errorsByRequest.get(request.id) ?? 'no error captured';
        serverErrors.push(`${request.method} ${request.url.slice(0, 200)} -> ${reply.statusCode}: ${cause}`);
      }
    });
    const org = await createOrgViaApi(t, 'Fuzz Works');
    adminKey = org.adminKey;
    const admin = auth(adminKey);
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: admin,
      payload: { name: 'Fuzz plant', gridRegion: 'East' },
    });
    expect(site.statusCode, site.body).to.equal(201);
    siteId = site.json().id;
    await registerMeter({ externalId: METERS.interval, energyKind: 'electricity' });
    await registerGasRegister(METERS.register);
    await registerMeter({
      externalId: METERS.gateway,
      energyKind: 'electricity',
      gatewayAddress: GATEWAY.address.toLowerCase(),
    });
    const key = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: admin,
      payload: { name: 'fuzz ingest', scopes: ['ingest'] },
    });
    ingestKey = key.json().key;
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  async function registerMeter(meter: Record<string, unknown>): Promise<void> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(adminKey),
      payload: { siteId, ...meter },
    });
    expect(res.statusCode, res.body).to.equal(201);
  }

  /** A cumulative natural gas register. */
  function registerGasRegister(externalId: string): Promise<void> {
    return registerMeter({ externalId, energyKind: 'natural_gas', registerType: 'cumulative' });
  }

  async function snapshot(): Promise<Snapshot> {
    const { rows } = await db.db.query<Snapshot>(
      `select (select count(*) from raw_readings)::integer as raw_readings,
         (select count(*) from readings)::integer as readings,
         (select count(*) from ingest_requests)::integer as ingest_requests,
         (select count(*) from batches)::integer as batches,
         (select md5(coalesce(string_agg(s::text, '|' order by s.meter_id), '')) from meter_state s) as meter_state`,
    );
    return rows[0];
  }

  function post(
    url: string,
    payload: string | Buffer | undefined,
    headers: Record<string, string | undefined>,
  ): Promise<LightMyRequestResponse> {
    const all: Record<string, string> = { ...auth(ingestKey) };
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) all[k] = v;
    return t.app.inject({ method: 'POST', url, headers: all, payload });
  }

  function explain(res: LightMyRequestResponse): string {
    const id = String(res.headers['x-request-id'] ?? '');
    const cause = res.statusCode >= 500 ? `\n${errorsByRequest.get(id) ?? 'no error captured'}` : '';
    return `${res.statusCode} ${res.body.slice(0, 600)}${cause}`;
  }

  /** A refusal: 4xx, a registered code and a hint, every reading problem itemised, and the database untouched. */
  async function expectRefused(res: LightMyRequestResponse, before: Snapshot): Promise<void> {
    expect(res.statusCode, explain(res)).to.be.within(400, 499);
    let body: Record<string, unknown>;
    try {
      body = res.json();
    } catch {
      throw new Error(`the refusal is not JSON: ${explain(res)}`);
    }
    expect(body.statusCode, explain(res)).to.equal(res.statusCode);
    expect(body.code, explain(res))
      .to.be.a('string')
      .that.matches(/^NT_ERR_[A-Z_]+$/);
    expect(body.hint, explain(res)).to.be.a('string').that.is.not.empty;
    // The ingest key is valid: an authentication refusal would make every property pass for the wrong reason.
    expect(body.code, explain(res)).not.to.match(/^NT_ERR_AUTH_/);
    if (body.code === 'NT_ERR_INGEST_INVALID') {
      const errors = body.errors as Array<Record<string, unknown>>;
      expect(errors, explain(res)).to.be.an('array').that.is.not.empty;
      for (const e of errors) {
        expect(e.code, explain(res)).to.match(/^NT_ERR_READING_[A-Z_]+$/);
        expect(e.hint, explain(res)).to.be.a('string').that.is.not.empty;
        expect(e.index, explain(res)).to.be.a('number');
      }
    }
    expect(await snapshot(), `database changed by a refused request: ${explain(res)}`).to.deep.equal(before);
  }

  async function sendIngest(request: IngestBody): Promise<LightMyRequestResponse> {
    const { payload, contentType } = serialise(request);
    return post('/v1/readings', payload, { 'content-type': contentType, 'idempotency-key': request.idempotencyKey });
  }

  it('refuses arbitrary JSON values, as JSON or NDJSON', async function () {
    await fc.assert(
      fc.asyncProperty(arbitraryJson, fc.boolean(), async (value, asNdjson) => {
        const request: IngestBody = asNdjson
          ? { format: 'ndjson', lines: Array.isArray(value) ? value : [value], eol: '\n' }
          : { format: 'json', body: value };
        const before = await snapshot();
        await expectRefused(await sendIngest(request), before);
      }),
      { numRuns: 250 },
    );
  });

  it('refuses a request whole when any reading in it is malformed', async function () {
    await fc.assert(
      fc.asyncProperty(refusedIngest, async (request) => {
        const before = await snapshot();
        await expectRefused(await sendIngest(request), before);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bodies that are not JSON or NDJSON', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(rawJsonBody, fc.constantFrom('application/json', 'application/json; charset=utf-8')),
          fc.tuple(rawNdjsonBody, fc.constant('application/x-ndjson')),
        ),
        async ([payload, contentType]) => {
          const before = await snapshot();
          await expectRefused(await post('/v1/readings', payload, { 'content-type': contentType }), before);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('refuses CSV uploads with a bad mapping, a broken file or a bad row', async function () {
    await fc.assert(
      fc.asyncProperty(damagedCsvDoc, async (doc) => {
        const { url, payload, headers } = csvRequest(doc);
        const before = await snapshot();
        await expectRefused(await post(url, payload, headers), before);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses CSV uploads with an arbitrary mapping', async function () {
    await fc.assert(
      fc.asyncProperty(
        csvDoc,
        fc.oneof(
          fc.jsonValue(),
          fc.anything().map((v) => JSON.stringify(v) ?? ''),
          fc.dictionary(weirdString(0, 10), fc.jsonValue({ maxDepth: 2 })),
          fc.dictionary(
            fc.constantFrom(
              'meter',
              'meters',
              'time',
              'value',
              'unit',
              'timeField',
              'timeFormat',
              'delimiter',
              'skipRows',
            ),
            fc.jsonValue({ maxDepth: 2 }),
          ),
        ),
        fc.option(weirdString(0, 300), { nil: undefined }),
        async (doc, mapping, fileText) => {
          const damaged: CsvDoc = { ...doc, mapping, fileText };
          const { url, payload, headers } = csvRequest(damaged);
          const before = await snapshot();
          await expectRefused(await post(url, payload, headers), before);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses readings under a content type the route does not parse as JSON', async function () {
    const token = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.+-*'),
      minLength: 1,
      maxLength: 12,
    });
    const contentType = fc.oneof(
      fc.constantFrom(
        undefined,
        '',
        'text/plain',
        'text/plain; charset=utf-8',
        'application/xml',
        'text/xml',
        'text/html',
        'text/csv',
        'application/octet-stream',
        'application/x-www-form-urlencoded',
        'application/ld+json',
        'application/json-patch+json',
        'application/jsonp',
        'application/x-ndjsonl',
        'application/json, text/plain',
        'multipart/form-data; boundary=fuzz',
        'multipart/mixed',
        'image/png',
        '*/*',
        ';',
      ),
      fc
        .tuple(token, token, fc.option(fc.tuple(token, token), { nil: undefined }))
        .map(([type, sub, param]) => `${type}/${sub}${param ? `; ${param[0]}=${param[1]}` : ''}`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(intervalReading, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        contentType.filter((ct) => ct === undefined || !PARSED_AS_JSON.test(ct)),
        async (readings, asNdjson, ct) => {
          const payload = asNdjson ? readings.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify({ readings });
          const before = await snapshot();
          await expectRefused(await post('/v1/readings', payload, { 'content-type': ct }), before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('accepts valid readings, replays a repeat without storing again, and refuses a reused key', async function () {
    await fc.assert(
      fc.asyncProperty(validPlan, async (plan) => {
        const window = nextWindow++;
        const origin = WINDOW_ORIGIN + window * WINDOW_SECONDS;
        if (origin >= WINDOW_LIMIT) throw new Error('out of fresh windows: lower numRuns or shorten WINDOW_SECONDS');
        const at = (slot: number) => origin + slot * SLOT + (plan.field === 'end' ? SLOT : 0);
        const interval = plan.interval.map((r) =>
          reading({
            meter: METERS.interval,
            [plan.field]: timeValue(at(r.slot), r.zone),
            value: r.value,
            unit: r.unit,
          }),
        );
        // A register spreads the delta between two reads over every interval in between: reads 10 days apart would
        // write a thousand rows, so each request reads a register of its own.
        const registerMeter = `${METERS.register}-${window}`;
        if (plan.register.length > 0) await registerGasRegister(registerMeter);
        let registerMilli = BigInt(plan.registerStartMilli);
        const register = [...plan.register]
          .sort((a, b) => a.slot - b.slot)
          .map((r) => {
            registerMilli += BigInt(r.incrementMilli);
            return reading({
              meter: registerMeter,
              at: timeValue(origin + r.slot * SLOT, r.zone),
              value: formatMilli(registerMilli),
            });
          });
        const gateway = plan.gateway.map((r) =>
          reading({ meter: METERS.gateway, [plan.field]: timeValue(at(r.slot), r.zone), value: r.value }),
        );
        const signatures: Json[] = [];
        if (gateway.length > 0) {
          const received = gateway.map((r, index): ReceivedReading => ({
            index,
            meter: METERS.gateway,
            timeField: plan.field,
            time: r[plan.field] as string | number,
            value: r.value as string,
          }));
          signatures.push({
            meter: METERS.gateway,
            signature: await GATEWAY.signMessage(canonicalSignedMessage(METERS.gateway, received)),
          });
        }
        const readings = [...interval, ...register, ...gateway];
        const request: IngestBody =
          plan.format === 'json'
            ? { format: 'json', body: signatures.length > 0 ? { readings, signatures } : { readings } }
            : { format: 'ndjson', lines: [...readings, ...signatures], eol: '\n' };
        if (plan.idempotencyKey) request.idempotencyKey = `fuzz-valid-${window}`;

        const before = await snapshot();
        const first = await sendIngest(request);
        expect(first.statusCode, explain(first)).to.equal(200);
        expect(first.json(), explain(first)).to.include({
          received: readings.length,
          accepted: readings.length,
          duplicates: 0,
          conflicts: 0,
        });
        const stored = await snapshot();
        expect(stored.raw_readings - before.raw_readings).to.equal(readings.length);
        expect(stored.ingest_requests - before.ingest_requests).to.equal(1);

        const again = await sendIngest(request);
        expect(again.statusCode, explain(again)).to.equal(200);
        expect(again.json()).to.deep.equal(first.json());
        expect(await snapshot(), 'a repeated request changed the database').to.deep.equal(stored);

        if (request.idempotencyKey !== undefined) {
          // The key is spent: another body under it is refused, even one that only repeats a reading.
          const other: IngestBody =
            request.format === 'json'
              ? { ...request, body: { ...(request.body as object), readings: [...readings, readings[0]] } }
              : { ...request, lines: [...request.lines, readings[0]] };
          const res = await sendIngest(other);
          await expectRefused(res, stored);
          expect(res.json()).to.include({ code: 'NT_ERR_INGEST_IDEMPOTENCY_MISMATCH' });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses meter references containing U+0000 through every door', async function () {
    const withNul = fc.tuple(weirdString(0, 20), fc.nat()).map(([s, at]) => insertAt(s, at % (s.length + 1), '\u0000'));
    await fc.assert(
      fc.asyncProperty(
        withNul,
        intervalReading,
        fc.constantFrom('json', 'ndjson', 'csv column', 'csv fixed'),
        async (meter, base, door) => {
          const r = { ...base, meter };
          const time = String(timeValue(REFUSAL_EPOCH, 'Z'));
          let res: LightMyRequestResponse;
          const before = await snapshot();
          if (door === 'json' || door === 'ndjson') {
            res = await sendIngest(
              door === 'json'
                ? { format: 'json', body: { readings: [r] } }
                : { format: 'ndjson', lines: [r], eol: '\n' },
            );
          } else {
            const fixed = door === 'csv fixed';
            const mapping = fixed
              ? { meter: { value: meter }, time: 'time', value: 'kwh' }
              : { meter: 'meter', time: 'time', value: 'kwh' };
            const file = fixed ? `time,kwh\n${time},1\n` : `meter,time,kwh\n${quoteCsv(meter)},${time},1\n`;
            const body = multipartBody({ mapping: JSON.stringify(mapping) }, { name: 'nul.csv', content: file });
            res = await post('/v1/readings/csv', body.payload, body.headers);
          }
          await expectRefused(res, before);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('answers values at the edge of the numeric range with a refusal or an acceptance', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 27, max: 60 }),
        fc.constantFrom('kWh', 'MWh', 'GWh'),
        fc.boolean(),
        async (digits, unit, negative) => {
          const slot = nextEdgeSlot++;
          const value = `${negative ? '-' : ''}1${'0'.repeat(digits - 1)}`;
          const request: IngestBody = {
            format: 'json',
            body: {
              readings: [{ meter: METERS.interval, start: timeValue(EDGE_EPOCH + slot * 8 * SLOT, 'Z'), value, unit }],
            },
          };
          const before = await snapshot();
          const res = await sendIngest(request);
          if (res.statusCode !== 200) await expectRefused(res, before);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses malformed multipart framing', async function () {
    const upload = multipartBody(
      { mapping: JSON.stringify({ meter: { value: METERS.interval }, time: 'time', value: 'kwh' }) },
      { name: 'a.csv', content: `time,kwh\n${timeValue(REFUSAL_EPOCH, 'Z')},1\n` },
    );
    const boundary = upload.headers['content-type'].split('boundary=')[1];
    const closing = Buffer.byteLength(`\r\n--${boundary}--\r\n`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .integer({ min: 1, max: upload.payload.length - closing })
            .map((n) => ({ payload: upload.payload.subarray(0, n), contentType: upload.headers['content-type'] })),
          fc
            .constantFrom(
              'multipart/form-data',
              'multipart/form-data; boundary=',
              'multipart/form-data; boundary=other',
            )
            .map((contentType) => ({ payload: upload.payload, contentType })),
          fc
            .uint8Array({ minLength: 1, maxLength: 300 })
            .map((bytes) => ({ payload: Buffer.from(bytes), contentType: upload.headers['content-type'] })),
        ),
        async ({ payload, contentType }) => {
          const before = await snapshot();
          await expectRefused(await post('/v1/readings/csv', payload, { 'content-type': contentType }), before);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a CSV file under a content type other than text/csv or multipart', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('text/plain', 'application/x-ndjson', 'application/json', 'application/xml', undefined),
        decimalText,
        async (contentType, value) => {
          const slot = nextEdgeSlot++;
          const csv = `time,kwh\n${timeValue(EDGE_EPOCH + slot * 8 * SLOT + 4 * SLOT, 'Z')},${value}\n`;
          const mapping = JSON.stringify({ meter: { value: METERS.interval }, time: 'time', value: 'kwh' });
          const payload = contentType === 'application/json' ? JSON.stringify(csv) : csv;
          const before = await snapshot();
          const res = await post(`/v1/readings/csv?mapping=${percentEncode(mapping)}`, payload, {
            'content-type': contentType,
          });
          await expectRefused(res, before);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('answered no request with a 5xx', function () {
    expect(serverErrors).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import { concat, keccak256 } from 'ethers';
import { asOneStatement } from '../../../services/db/oneStatement';
import { integerArrayLiteral, textArrayLiteral } from '../../../services/db/arrayLiteral';
import { ingestReadings, sha256 } from '../../../services/ingest/ingestReadings';
import { rawHashMessages, rawItemHashes, rawItemHashReference, type RawItem } from '../../../services/ingest/rawHash';
import { parseJsonBatch } from '../../../services/ingest/received';
import { hashOffThread, hashThreadReady, stopHashThread } from '../../../services/lib/hashThread';
import { toHex } from '../../../services/lib/hex';
import {
  leafEncodings,
  leafHash,
  leafHashReference,
  packedLeafHashes,
  type LeafReading,
} from '../../../services/lib/leafSchema';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { meter, orgWithSite, VEE } from '../../helpers/fixtures';

const UUIDS = ['0b6c1d6e-8a3f-4a57-9c1e-1f2a3b4c5d6e', 'f00dfeed-0000-4000-8000-00000000beef'];

const leafReading = fc.record({
  orgId: fc.constantFrom(...UUIDS),
  meterId: fc.constantFrom(...UUIDS),
  energyKind: fc.constantFrom('electricity', 'natural_gas'),
  flow: fc.constantFrom('import' as const, 'export' as const),
  intervalStart: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.constant(-1)),
  intervalEnd: fc.integer({ min: 0, max: 2 ** 40 }),
  quantity: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
  unit: fc.constantFrom('kWh', 'm3', 'GJ'),
  flags: fc.integer({ min: 0, max: 2 ** 31 }),
  revision: fc.integer({ min: 0, max: 1000 }),
  rawHash: fc.constant(null),
  signatureHash: fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: null }),
});
const itemHashes = fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 3 });

/** The reference: each leaf by the general encoder, its raw hash folded as rawHashOf does. */
function referenceLeaves(readings: LeafReading[], items: Uint8Array[][]): string[] {
  return readings.map((r, i) => {
    if (items[i].length === 0) return toHex(safeLeaf({ ...r, rawHash: null }));
    return toHex(safeLeaf({ ...r, rawHash: keccak256(concat(items[i])) }));
  });
}

function safeLeaf(r: LeafReading): Uint8Array {
  try {
    return leafHashReference(r);
  } catch {
    return new Uint8Array(32);
  }
}

describe('ingest hashing off the request thread', function () {
  let t: TestDb;
  before(async function () {
    t = await createTestDb();
    expect(await hashThreadReady()).to.equal(true);
  });
  after(async function () {
    await stopHashThread();
    await t.drop();
  });

  it('raw item hashes on the hash thread and here equal the reference encoder, non-ASCII items included', async function () {
    const items: RawItem[] = Array.from({ length: 700 }, (_, i) => ({
      timeField: (['at', 'start', 'end'] as const)[i % 3],
      timeMs: 1_767_225_600_000 + i * 900_000,
      value: i % 50 === 0 ? '１２.５' : `${i}.${i % 7}`,
      unit: i % 90 === 0 ? 'm³' : 'kWh',
    }));
    const expected = items.map((item) => toHex(rawItemHashReference(item)));
    for (let round = 0; round < 20; round++) {
      const off = await rawItemHashes(items, { offThread: true });
      expect(off.map(toHex)).to.deep.equal(expected);
    }
    expect((await rawItemHashes(items, { offThread: false })).map(toHex)).to.deep.equal(expected);
  });

  it('leaves with raw hashes written in on the hash thread equal the general encoder, for any readings', async function () {
    // 200 to 400 readings: on both sides of the size below which jobs stay on this thread.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(leafReading, itemHashes), { minLength: 200, maxLength: 400 }),
        async (pairs) => {
          const readings = pairs.map(([r]) => r as LeafReading);
          const items = pairs.map(([, i]) => i);
          const { encodings, ends, outliers } = leafEncodings(readings);
          const raw = rawHashMessages(items);
          const out = await hashOffThread(
            { kind: 'leaves', encodings, ends, rawMessages: raw.messages, rawEnds: raw.ends },
            { offThread: true },
          );
          const n = readings.length;
          const leaves = [...Array(n).keys()].map((i) => toHex(out.subarray(32 * n + 32 * i, 32 * n + 32 * i + 32)));
          const expected = referenceLeaves(readings, items);
          for (let i = 0; i < n; i++) if (!outliers.includes(i)) expect(leaves[i]).to.equal(expected[i]);
          for (const i of outliers) expect(readings[i].intervalStart).to.equal(-1);
          return true;
        },
      ),
      { numRuns: 15 },
    );
  });

  it('packed leaves equal leafHash one by one', function () {
    fc.assert(
      fc.property(
        fc.array(
          leafReading.filter((r) => r.intervalStart >= 0),
          { maxLength: 50 },
        ),
        (list) => {
          const readings = list as LeafReading[];
          const packed = packedLeafHashes(readings);
          return readings.every((r, i) => toHex(packed.subarray(32 * i, 32 * i + 32)) === toHex(leafHash(r)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('array literals carry any text and integers through the database unchanged', async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.option(fc.oneof(fc.string(), fc.constantFrom('NULL', 'null', '', '{1}', 'a,b', ' x ', '"', '\\')), {
            nil: null,
          }),
          { maxLength: 20 },
        ),
        fc.array(fc.option(fc.integer(), { nil: null }), { maxLength: 20 }),
        async (texts, ints) => {
          const clean = texts.map((x) => (x === null ? null : x.replace(/\u0000/g, '')));
          const { rows } = await t.db.query<{ texts: (string | null)[]; ints: (number | null)[] }>(
            'select $1::text[] as texts, $2::integer[] as ints',
            [textArrayLiteral(clean), integerArrayLiteral(ints)],
          );
          expect(rows[0].texts).to.deep.equal(clean);
          expect(rows[0].ints).to.deep.equal(ints);
          return true;
        },
      ),
      { numRuns: 60 },
    );
    expect(() => integerArrayLiteral([1.5])).to.throw(RangeError);
  });

  it('sends several data-modifying statements as one, parameters renumbered', async function () {
    await t.db.exec('create table one_statement_a (x integer, y text); create table one_statement_b (x integer)');
    const one = asOneStatement([
      { sql: 'insert into one_statement_a values ($1::integer, $2)', params: [1, 'a'] },
      { sql: 'insert into one_statement_b values ($1::integer), ($2::integer)', params: [2, 3] },
      { sql: 'insert into one_statement_a values ($1::integer, $2)', params: [4, 'd'] },
    ]);
    await t.db.query(one.sql, one.params);
    const { rows } = await t.db.query<{ a: string; b: string }>(
      `select (select string_agg(x || y, ',' order by x) from one_statement_a) as a,
         (select string_agg(x::text, ',' order by x) from one_statement_b) as b`,
    );
    expect(rows[0]).to.deep.equal({ a: '1a,4d', b: '2,3' });
  });

  it("two organisations ingesting at once each get leaves of their own readings, and neither sees the other's", async function () {
    const a = await orgWithSite(t.db, 'A');
    const b = await orgWithSite(t.db, 'B');
    const ma = await meter(t.db, a, { externalId: 'M' });
    const mb = await meter(t.db, b, { externalId: 'M' });
    const T0 = Date.parse('2026-10-01T00:00:00Z');
    const body = (offset: number) => ({
      readings: Array.from({ length: 600 }, (_, k) => ({
        meter: 'M',
        start: new Date(T0 + k * 900_000).toISOString(),
        value: `${offset + k}.5`,
      })),
    });
    const send = (orgId: string, content: ReturnType<typeof body>) => {
      const { batch, problems } = parseJsonBatch(content, 50_000);
      return ingestReadings(
        t.db,
        VEE,
        { orgId, source: 'http', batch, problems, bodyHash: sha256(JSON.stringify(content)) },
        Date.parse('2026-11-20T00:00:00Z'),
      );
    };
    await Promise.all([send(a.org.id, body(0)), send(b.org.id, body(10_000))]);
    for (const [f, m] of [
      [a, ma],
      [b, mb],
    ] as const) {
      const { rows } = await t.db.query<{
        org_id: string;
        meter_id: string;
        leaf: Uint8Array;
        s: number;
        q: string;
        raw: Uint8Array;
        flags: number;
      }>(
        `select org_id, meter_id, leaf, extract(epoch from interval_start)::integer as s, quantity::text as q, raw_hash as raw, flags
         from readings where org_id = $1::uuid order by interval_start`,
        [f.org.id],
      );
      expect(rows).to.have.length(600);
      expect(rows.every((r) => r.meter_id === m.id)).to.equal(true);
      for (const r of rows.slice(0, 50)) {
        const expected = leafHashReference({
          orgId: f.org.id,
          meterId: m.id,
          energyKind: m.energyKind,
          flow: m.flow,
          intervalStart: r.s,
          intervalEnd: r.s + 900,
          quantity: BigInt(r.q.replace('.', '')),
          unit: m.unit,
          flags: r.flags,
          revision: 0,
          rawHash: r.raw,
          signatureHash: null,
        });
        expect(toHex(r.leaf)).to.equal(toHex(expected));
      }
    }
  });
});

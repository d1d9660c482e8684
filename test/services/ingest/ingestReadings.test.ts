import { expect } from 'chai';
import { Wallet, type HDNodeWallet } from 'ethers';
import type { Db } from '../../../services/db/db';
import { ingestReadings, sha256, type IngestResult } from '../../../services/ingest/ingestReadings';
import { parseJsonBatch } from '../../../services/ingest/received';
import { canonicalSignedMessage } from '../../../services/ingest/signatures';
import { NengtanError } from '../../../services/lib/errors';
import { QualityFlag } from '../../../services/lib/qualityFlags';
import { updateMeter, type Meter } from '../../../services/registry/meters';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { meter, orgWithSite, VEE, type OrgFixture } from '../../helpers/fixtures';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const NOW = Date.parse('2026-11-20T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

async function send(db: Db, orgId: string, body: unknown, key?: string): Promise<IngestResult> {
  const { batch, problems } = parseJsonBatch(body, 50_000);
  return ingestReadings(
    db,
    VEE,
    { orgId, source: 'http', batch, problems, bodyHash: sha256(JSON.stringify(body)), idempotencyKey: key },
    NOW,
  );
}

async function refusal(promise: Promise<unknown>): Promise<NengtanError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NengtanError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

interface Row {
  start: string;
  revision: number;
  quantity: string;
  flags: number;
}

async function cleaned(db: Db, m: Meter): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `select to_char(interval_start at time zone 'UTC', 'HH24:MI') as start, revision, quantity::text as quantity, flags
     from readings where meter_id = $1::uuid order by interval_start, revision`,
    [m.id],
  );
  return rows;
}

async function count(db: Db, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return rows[0].n;
}

describe('ingestReadings', function () {
  let t: TestDb;
  let f: OrgFixture;

  before(async function () {
    t = await createTestDb();
  });
  after(async function () {
    await t.drop();
  });
  beforeEach(async function () {
    f = await orgWithSite(t.db, `org ${Math.random()}`);
  });

  describe('an interval meter', function () {
    let m: Meter;
    beforeEach(async function () {
      m = await meter(t.db, f, { externalId: 'E-1', ctRatio: '40', ptRatio: '100', readingUnit: 'kWh' });
    });

    it('stores each reading raw and cleaned, with CT x PT applied and flagged', async function () {
      const result = await send(t.db, f.org.id, {
        readings: [0, 15, 30].map((min) => ({ meter: 'E-1', start: at(min), value: '1.25' })),
      });
      expect(result).to.include({ received: 3, accepted: 3, duplicates: 0, conflicts: 0, written: 3 });
      expect(await cleaned(t.db, m)).to.deep.equal([
        { start: '00:00', revision: 0, quantity: '5000.000000', flags: QualityFlag.MULTIPLIED },
        { start: '00:15', revision: 0, quantity: '5000.000000', flags: QualityFlag.MULTIPLIED },
        { start: '00:30', revision: 0, quantity: '5000.000000', flags: QualityFlag.MULTIPLIED },
      ]);
      const { rows } = await t.db.query<{ value: string; unit: string }>(
        'select value::text as value, unit from raw_readings where meter_id = $1::uuid',
        [m.id],
      );
      expect(rows.map((r) => r.value)).to.deep.equal(['1.25', '1.25', '1.25']);
    });

    it('answers a repeated request with the same answer and stores nothing twice', async function () {
      const body = { readings: [{ meter: 'E-1', end: at(15), value: 2 }] };
      const first = await send(t.db, f.org.id, body);
      const before = await count(t.db, 'raw_readings');
      const second = await send(t.db, f.org.id, body);
      expect(second).to.deep.equal(first);
      expect(await count(t.db, 'raw_readings')).to.equal(before);
    });

    it('refuses a reused Idempotency-Key with a different body', async function () {
      await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: 1 }] }, 'k-1');
      const error = await refusal(
        send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: 2 }] }, 'k-1'),
      );
      expect(error.code).to.equal('NT_ERR_INGEST_IDEMPOTENCY_MISMATCH');
    });

    it('stores a reading sent again in another request once, and says it was a duplicate', async function () {
      await send(t.db, f.org.id, {
        readings: [
          { meter: 'E-1', start: at(0), value: '1' },
          { meter: 'E-1', start: at(15), value: '1' },
        ],
      });
      const again = await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: '1.000' }] });
      expect(again).to.include({ accepted: 0, duplicates: 1, written: 0 });
      expect(await cleaned(t.db, m)).to.have.length(2);
    });

    it('interpolates a short gap, flags it, and replaces the estimate when the value arrives', async function () {
      await send(t.db, f.org.id, {
        readings: [
          { meter: 'E-1', start: at(0), value: '1' },
          { meter: 'E-1', start: at(45), value: '4' },
        ],
      });
      expect(
        (await cleaned(t.db, m)).map((r) => [r.start, r.quantity, r.flags & ~QualityFlag.MULTIPLIED]),
      ).to.deep.equal([
        ['00:00', '4000.000000', 0],
        ['00:15', '8000.000000', QualityFlag.ESTIMATED | QualityFlag.INTERPOLATED],
        ['00:30', '12000.000000', QualityFlag.ESTIMATED | QualityFlag.INTERPOLATED],
        ['00:45', '16000.000000', 0],
      ]);
      const late = await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(15), value: '2.5' }] });
      expect(late).to.include({ accepted: 1, revised: 1 });
      const rows = await cleaned(t.db, m);
      expect(
        rows.filter((r) => r.start === '00:15').map((r) => [r.revision, r.quantity, r.flags & ~QualityFlag.MULTIPLIED]),
      ).to.deep.equal([
        [0, '8000.000000', QualityFlag.ESTIMATED | QualityFlag.INTERPOLATED],
        [1, '10000.000000', QualityFlag.REVISED],
      ]);
    });

    it('keeps the first value on a conflict, stores the second raw, and flags a new revision', async function () {
      await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: '1' }] });
      const result = await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: '9' }] });
      expect(result).to.include({ conflicts: 1, revised: 1 });
      const rows = await cleaned(t.db, m);
      expect(rows.map((r) => [r.revision, r.quantity, (r.flags & QualityFlag.CONFLICT) !== 0])).to.deep.equal([
        [0, '4000.000000', false],
        [1, '4000.000000', true],
      ]);
      const { rows: raw } = await t.db.query<{ value: string; status: string }>(
        'select value::text as value, status from raw_readings where meter_id = $1::uuid order by id',
        [m.id],
      );
      expect(raw).to.deep.equal([
        { value: '1', status: 'accepted' },
        { value: '9', status: 'conflict' },
      ]);
    });

    it('stores a repeated conflicting value once', async function () {
      await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: '1' }] });
      await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: '9' }] });
      const again = await send(t.db, f.org.id, {
        readings: [
          { meter: 'E-1', start: at(0), value: '9.0' },
          { meter: 'E-1', start: at(0), value: '9' },
        ],
      });
      expect(again).to.include({ duplicates: 2, conflicts: 0, written: 0 });
      const { rows } = await t.db.query<{ n: number }>(
        'select count(*)::int as n from raw_readings where meter_id = $1::uuid',
        [m.id],
      );
      expect(rows[0].n).to.equal(2);
    });

    it('converts units exactly and flags the conversion', async function () {
      await send(t.db, f.org.id, { readings: [{ meter: 'E-1', start: at(0), value: '1500', unit: 'Wh' }] });
      expect(await cleaned(t.db, m)).to.deep.equal([
        {
          start: '00:00',
          revision: 0,
          quantity: '6000.000000',
          flags: QualityFlag.MULTIPLIED | QualityFlag.UNIT_CONVERTED,
        },
      ]);
    });
  });

  describe('a cumulative register', function () {
    let m: Meter;
    beforeEach(async function () {
      m = await meter(t.db, f, { externalId: 'R-1', registerType: 'cumulative', rolloverAt: '100000' });
    });

    it('turns reads into interval deltas, spreading a gap exactly', async function () {
      await send(t.db, f.org.id, {
        readings: [
          { meter: 'R-1', at: at(0), value: '1000' },
          { meter: 'R-1', at: at(15), value: '1010' },
          { meter: 'R-1', at: at(60), value: '1020' },
        ],
      });
      expect((await cleaned(t.db, m)).map((r) => [r.start, r.quantity, r.flags])).to.deep.equal([
        ['00:00', '10.000000', 0],
        ['00:15', '3.333333', QualityFlag.PRORATED],
        ['00:30', '3.333333', QualityFlag.PRORATED],
        ['00:45', '3.333334', QualityFlag.PRORATED],
      ]);
    });

    it('spreads a delta over months that have no partition yet', async function () {
      const result = await send(t.db, f.org.id, {
        readings: [
          { meter: 'R-1', at: '2025-01-31T00:00:00Z', value: '0' },
          { meter: 'R-1', at: '2025-03-02T00:00:00Z', value: '2880' },
        ],
      });
      expect(result.written).to.equal(30 * 96);
      const { rows } = await t.db.query<{ month: string; n: number; total: string }>(
        `select to_char(interval_start at time zone 'UTC', 'YYYY-MM') as month, count(*)::int as n, sum(quantity)::text as total
         from readings where meter_id = $1::uuid group by 1 order by 1`,
        [m.id],
      );
      expect(rows).to.deep.equal([
        { month: '2025-01', n: 96, total: '96.000000' },
        { month: '2025-02', n: 28 * 96, total: '2688.000000' },
        { month: '2025-03', n: 96, total: '96.000000' },
      ]);
    });

    it('takes the delta across a rollover', async function () {
      await send(t.db, f.org.id, {
        readings: [
          { meter: 'R-1', at: at(0), value: '99990' },
          { meter: 'R-1', at: at(15), value: '5' },
        ],
      });
      expect((await cleaned(t.db, m)).map((r) => [r.quantity, r.flags])).to.deep.equal([
        ['15.000000', QualityFlag.ROLLOVER],
      ]);
    });

    it('revises prorated intervals when a late read arrives', async function () {
      await send(t.db, f.org.id, {
        readings: [
          { meter: 'R-1', at: at(0), value: '0' },
          { meter: 'R-1', at: at(30), value: '10' },
        ],
      });
      await send(t.db, f.org.id, { readings: [{ meter: 'R-1', at: at(15), value: '8' }] });
      const current = new Map((await cleaned(t.db, m)).map((r) => [r.start, r]));
      expect([...current.values()].map((r) => [r.start, r.revision, r.quantity, r.flags])).to.deep.equal([
        ['00:00', 1, '8.000000', QualityFlag.REVISED],
        ['00:15', 1, '2.000000', QualityFlag.REVISED],
      ]);
    });
  });

  describe('a meter with a registered gateway', function () {
    let m: Meter;
    let gateway: HDNodeWallet;
    beforeEach(async function () {
      gateway = Wallet.createRandom();
      m = await meter(t.db, f, { externalId: 'G-1' });
      await updateMeter(t.db, f.org.id, m.id, { gatewayAddress: gateway.address });
    });

    it('accepts readings signed by the gateway and binds the signature into the leaf', async function () {
      const readings = [{ meter: 'G-1', start: at(0), value: '3' }];
      const body = {
        readings,
        signatures: [
          {
            meter: 'G-1',
            signature: await gateway.signMessage(
              canonicalSignedMessage('G-1', parseJsonBatch({ readings }, 10).batch.readings),
            ),
          },
        ],
      };
      await send(t.db, f.org.id, body);
      const rows = await cleaned(t.db, m);
      expect(rows[0].flags & QualityFlag.SIGNED).to.equal(QualityFlag.SIGNED);
    });

    it('refuses unsigned readings and stores nothing', async function () {
      const error = await refusal(send(t.db, f.org.id, { readings: [{ meter: 'G-1', start: at(0), value: '3' }] }));
      expect(error.details?.errors).to.deep.include({
        index: 0,
        field: 'signature',
        code: 'NT_ERR_READING_SIGNATURE',
        message: `Meter "G-1" accepts only readings signed by its gateway ${gateway.address.toLowerCase()}`,
        hint: 'Sign the canonical batch of its readings with the gateway key (README: signed readings) and send it in signatures.',
      });
      expect(await cleaned(t.db, m)).to.deep.equal([]);
    });

    it('refuses readings signed by another key', async function () {
      const readings = [{ meter: 'G-1', start: at(0), value: '3' }];
      const forger = Wallet.createRandom();
      const signature = await forger.signMessage(
        canonicalSignedMessage('G-1', parseJsonBatch({ readings }, 10).batch.readings),
      );
      const error = await refusal(send(t.db, f.org.id, { readings, signatures: [{ meter: 'G-1', signature }] }));
      expect(error.code).to.equal('NT_ERR_INGEST_INVALID');
    });
  });

  describe('a request with bad readings', function () {
    beforeEach(async function () {
      await meter(t.db, f, { externalId: 'E-1' });
    });

    it('is refused whole, listing every problem, and writes nothing', async function () {
      const before = await count(t.db, 'readings');
      const error = await refusal(
        send(t.db, f.org.id, {
          readings: [
            { meter: 'E-1', start: at(0), value: '1' },
            { meter: 'NOPE', start: at(0), value: '1' },
            { meter: 'E-1', start: '2030-01-01T00:00:00Z', value: '1' },
            { meter: 'E-1', start: at(7), value: '1' },
            { meter: 'E-1', start: at(30), value: 'lots' },
            { meter: 'E-1', start: at(45), value: '1', unit: 'm3' },
          ],
        }),
      );
      expect(error.statusCode).to.equal(422);
      const errors = error.details?.errors as { index: number; code: string }[];
      expect(errors.map((e) => [e.index, e.code])).to.deep.equal([
        [1, 'NT_ERR_READING_METER_UNKNOWN'],
        [2, 'NT_ERR_READING_TIME_FUTURE'],
        [3, 'NT_ERR_READING_UNALIGNED'],
        [4, 'NT_ERR_READING_VALUE'],
        [5, 'NT_ERR_READING_UNIT'],
      ]);
      expect(await count(t.db, 'readings')).to.equal(before);
    });

    it("cannot write to another organisation's meter", async function () {
      const other = await orgWithSite(t.db, 'Other Co');
      await meter(t.db, other, { externalId: 'X-1' });
      const error = await refusal(send(t.db, f.org.id, { readings: [{ meter: 'X-1', start: at(0), value: '1' }] }));
      expect((error.details?.errors as { code: string }[])[0].code).to.equal('NT_ERR_READING_METER_UNKNOWN');
    });
  });
});

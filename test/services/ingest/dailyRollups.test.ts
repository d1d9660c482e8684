import { expect } from 'chai';
import fc from 'fast-check';
import { ingestReadings, sha256 } from '../../../services/ingest/ingestReadings';
import { localDay } from '../../../services/ingest/dailyRollups';
import { parseJsonBatch } from '../../../services/ingest/received';
import type { Db } from '../../../services/db/db';
import { meter, orgWithSite, VEE } from '../../helpers/fixtures';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const NOW = Date.parse('2026-11-20T00:00:00Z');

/** What the rollups must equal: the current revisions summed per meter and local day. */
async function recomputed(db: Db, meterId: string): Promise<Record<string, [string, string, number]>> {
  const { rows } = await db.query<{ day: string; quantity: string; estimated: string; intervals: number }>(
    `select to_char((c.interval_start at time zone m.time_zone)::date, 'YYYY-MM-DD') as day,
       sum(c.quantity)::numeric(38, 6)::text as quantity,
       coalesce(sum(c.quantity) filter (where c.flags & 9 <> 0), 0)::numeric(38, 6)::text as estimated,
       count(*)::int as intervals
     from (select distinct on (interval_start) * from readings where meter_id = $1::uuid order by interval_start, revision desc) c
     join meters m on m.id = c.meter_id group by 1 order by 1`,
    [meterId],
  );
  return Object.fromEntries(rows.map((r) => [r.day, [r.quantity, r.estimated, r.intervals]]));
}

async function rollups(db: Db, meterId: string): Promise<Record<string, [string, string, number]>> {
  const { rows } = await db.query<{ day: string; quantity: string; estimated: string; intervals: number }>(
    `select to_char(day, 'YYYY-MM-DD') as day, quantity::text as quantity, estimated::text as estimated, intervals
     from reading_rollups_daily where meter_id = $1::uuid and intervals > 0 order by day`,
    [meterId],
  );
  return Object.fromEntries(rows.map((r) => [r.day, [r.quantity, r.estimated, r.intervals]]));
}

describe('daily rollups', function () {
  this.timeout(120_000);
  let t: TestDb;
  before(async function () {
    t = await createTestDb();
  });
  after(async function () {
    await t.drop();
  });

  it('names the local day of an interval in the meter time zone', function () {
    expect(localDay(Date.parse('2026-01-31T16:00:00Z') / 1000, 'Asia/Shanghai')).to.equal('2026-02-01');
    expect(localDay(Date.parse('2026-01-31T15:45:00Z') / 1000, 'Asia/Shanghai')).to.equal('2026-01-31');
  });

  for (const registerType of ['interval', 'cumulative'] as const) {
    it(`always equal the current readings summed per local day (${registerType} meters, any order of requests)`, async function () {
      await fc.assert(
        fc.asyncProperty(
          // Requests of readings at random 15-minute slots over three days, values, in random order (late data,
          // gaps, estimates replaced, duplicates, conflicts).
          fc.array(
            fc.array(
              fc.record({ slot: fc.integer({ min: 0, max: 3 * 96 }), value: fc.integer({ min: 0, max: 500 }) }),
              { minLength: 1, maxLength: 20 },
            ),
            { minLength: 1, maxLength: 6 },
          ),
          async (requests) => {
            const f = await orgWithSite(t.db, `rollups ${Math.random()}`);
            const m = await meter(t.db, f, {
              externalId: 'M',
              registerType,
              energyKind: registerType === 'cumulative' ? 'natural_gas' : 'electricity',
            });
            const T0 = Date.parse('2026-10-31T14:00:00Z');
            let register = 0;
            for (const request of requests) {
              const readings = request.map(({ slot, value }) =>
                registerType === 'interval'
                  ? { meter: 'M', start: new Date(T0 + slot * 900_000).toISOString(), value: `${value}.25` }
                  : { meter: 'M', at: new Date(T0 + slot * 900_000).toISOString(), value: `${(register += value)}.5` },
              );
              const body = { readings };
              const { batch, problems } = parseJsonBatch(body, 100);
              await ingestReadings(
                t.db,
                VEE,
                {
                  orgId: f.org.id,
                  source: 'http',
                  batch,
                  problems,
                  bodyHash: sha256(JSON.stringify(body) + Math.random()),
                },
                NOW,
              );
            }
            expect(await rollups(t.db, m.id)).to.deep.equal(await recomputed(t.db, m.id));
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});

import { expect } from 'chai';
import { clearAlert, meterKey, raiseAlert, type AlertKey } from '../../../services/alerts/alertStore';
import { createAlertRule } from '../../../services/alerts/alertRules';
import { createMeter } from '../../../services/registry/meters';
import { createOrganisation } from '../../../services/registry/organisations';
import { createSite } from '../../../services/registry/sites';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Property: for any sequence of verdicts (day d in violation, or fine) on one rule and meter, the store agrees with a
 * model of three lines: a violation opens an alert when none is active, else moves its day to the later of the two;
 * a fine day resolves the active alert only when it is the alert's day. There is never more than one active alert,
 * and every alert ever opened produced exactly one 'alert.opened' event.
 */
describe('alert deduplication and re-evaluation: a property over random verdict sequences', function () {
  let db: TestDb;
  let key: AlertKey;

  before(async function () {
    db = await createTestDb();
    const org = await createOrganisation(db.db, { name: 'Property works' });
    const site = await createSite(db.db, org.id, { name: 'P' });
    const meter = await createMeter(db.db, org.id, { siteId: site.id, externalId: 'P1', energyKind: 'electricity' });
    const rule = await createAlertRule(db.db, org.id, {
      name: 'z',
      kind: 'zero_run',
      scope: 'organisation',
      params: { minIntervals: 2 },
    });
    key = meterKey(org.id, rule.id, 'zero_run', { id: meter.id, label: 'P1' });
  });
  after(async function () {
    await db.drop();
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: 40 verdicts on 5 days keep store and model in step`, async function () {
      const next = random(seed);
      await db.db.query('delete from alerts');
      await db.db.query('delete from alert_events');
      let model: { day: string } | null = null;
      let opened = 0;
      for (let step = 0; step < 40; step++) {
        const day = `2025-03-0${1 + Math.floor(next() * 5)}`;
        const violates = next() < 0.55;
        await db.db.transaction(async (tx) => {
          if (violates) {
            const outcome = await raiseAlert(tx, key, day, { message: day, observed: '1', details: {} });
            expect(outcome).to.equal(model ? 'updated' : 'opened');
            if (!model) opened += 1;
            model = { day: model && model.day > day ? model.day : day };
          } else {
            const cleared = await clearAlert(tx, key, day);
            expect(cleared).to.equal(model?.day === day);
            if (model?.day === day) model = null;
          }
        });
        const { rows } = await db.db.query<{ day: string }>(
          `select to_char(day, 'YYYY-MM-DD') as day from alerts where state <> 'resolved'`,
        );
        expect(rows.length, `step ${step}`).to.be.at.most(1);
        expect(rows[0]?.day ?? null, `step ${step}`).to.equal((model as { day: string } | null)?.day ?? null);
      }
      const { rows: all } = await db.db.query<{ n: number }>('select count(*)::int as n from alerts');
      const { rows: events } = await db.db.query<{ n: number }>(
        "select count(*)::int as n from alert_events where event = 'alert.opened'",
      );
      expect(all[0].n).to.equal(opened);
      expect(events[0].n).to.equal(opened);
    });
  }
});

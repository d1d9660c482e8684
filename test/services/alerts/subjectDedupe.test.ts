import { expect } from 'chai';
import { clearAlert, raiseAlert, type AlertKey, type AlertSubject } from '../../../services/alerts/alertStore';
import { createAlertRule } from '../../../services/alerts/alertRules';
import { createOrganisation } from '../../../services/registry/organisations';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** mulberry32, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Property over subjects that are not meters: one budget rule judging two budgets, a compliance year, and a group
 * total rule judging days. A forecast verdict (budget, compliance) is one running verdict: a crossing opens the
 * subject's alert or updates it, a verdict back under resolves it whatever its day. A group's day verdict behaves as
 * a meter's: a fine day resolves only the alert of that day. Subjects never share an alert, there is never more than
 * one active alert per rule and subject, and each opened alert produced exactly one 'alert.opened' event.
 */
describe('deduplication of alerts about budgets, compliance years and groups: a property', function () {
  let db: TestDb;
  let keys: { key: AlertKey; running: boolean }[];

  before(async function () {
    db = await createTestDb();
    const org = await createOrganisation(db.db, { name: 'Property works' });
    const budget = await createAlertRule(db.db, org.id, { name: 'b', kind: 'budget', scope: 'organisation' });
    const compliance = await createAlertRule(db.db, org.id, { name: 'c', kind: 'compliance', scope: 'organisation' });
    const total = await createAlertRule(db.db, org.id, {
      name: 'g',
      kind: 'total',
      scope: 'organisation',
      params: { period: 'day', above: '1' },
    });
    const subject = (kind: AlertSubject['kind'], id: string): AlertSubject => ({ kind, id, label: `${kind} ${id}` });
    keys = [
      { key: { orgId: org.id, ruleId: budget.id, kind: 'budget', subject: subject('budget', 'b-1') }, running: true },
      { key: { orgId: org.id, ruleId: budget.id, kind: 'budget', subject: subject('budget', 'b-2') }, running: true },
      {
        key: { orgId: org.id, ruleId: compliance.id, kind: 'compliance', subject: subject('compliance', '2025') },
        running: true,
      },
      // The same id under another subject kind is another subject.
      {
        key: { orgId: org.id, ruleId: total.id, kind: 'total', subject: subject('organisation', 'b-1') },
        running: false,
      },
    ];
  });
  after(async function () {
    await db.drop();
  });

  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`seed ${seed}: 60 verdicts on 4 subjects keep store and model in step`, async function () {
      const next = random(seed);
      await db.db.query('delete from alerts');
      await db.db.query('delete from alert_events');
      const model = new Map<number, string | null>(keys.map((_, i) => [i, null]));
      let opened = 0;
      for (let step = 0; step < 60; step++) {
        const i = Math.floor(next() * keys.length);
        const { key, running } = keys[i];
        const day = `2025-03-0${1 + Math.floor(next() * 4)}`;
        const violates = next() < 0.5;
        const active = model.get(i) ?? null;
        await db.db.transaction(async (tx) => {
          if (violates) {
            expect(await raiseAlert(tx, key, day, { message: day, observed: '1', details: {} })).to.equal(
              active ? 'updated' : 'opened',
            );
            if (!active) opened += 1;
            model.set(i, active && active > day ? active : day);
          } else {
            const resolves = active !== null && (running || active === day);
            expect(await clearAlert(tx, key, running ? null : day)).to.equal(resolves);
            if (resolves) model.set(i, null);
          }
        });
        const { rows } = await db.db.query<{ subject_kind: string; subject_id: string; day: string }>(
          `select subject_kind, subject_id, to_char(day, 'YYYY-MM-DD') as day from alerts where state <> 'resolved'`,
        );
        keys.forEach(({ key: k }, j) => {
          const mine = rows.filter((r) => r.subject_kind === k.subject.kind && r.subject_id === k.subject.id);
          expect(mine.length, `step ${step}, subject ${j}`).to.be.at.most(1);
          expect(mine[0]?.day ?? null, `step ${step}, subject ${j}`).to.equal(model.get(j));
        });
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

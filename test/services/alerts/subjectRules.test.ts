import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import type { Alert } from '../../../services/alerts/alertStore';
import { startAlertWorker } from '../../../services/alerts/alertWorker';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { api, day, ingest, manualWorker, quietLog } from './helpers';

/**
 * Alerts whose subject is not a meter, worked by hand (15-minute electricity meters, Asia/Shanghai; GB/T 2589
 * 0.1229 kgce/kWh; East grid 0.5500 kg CO2e/kWh, its latest year standing in for 2025).
 *
 * Budget (site Kiln, 1–11 March 2025, 1,000 kg CO2e and 260 kgce). Meter E reads 1, 2, 3, 2, 2 kWh a quarter hour on
 * 1–5 March: 96, 192, 288, 192, 192 kWh. As of 6 March (the day after the latest reading), 5 days elapsed, 5 remain:
 *   CO2e 528 kg so far, mean 105.6 kg/day, forecast 528 + 5 × 105.6 = 1,056.000 kg > 1,000: crosses (deviation 56.000).
 *   Energy 117.984 kgce so far, forecast 235.968; s = 0.1229 × √(4,608) = 8.342729, t(90 %, 4) = 2.131847, half width
 *   2.131847 × 8.342729 × √5 = 39.769: upper bound 275.737 > 260: only the upper bound crosses.
 *   → rule 'forecast' fires on CO2e (1,056.000 vs 1,000); rule 'upper' fires on energy first (275.737 vs 260, +15.737).
 * A quieter 6 March arrives (0.5 kWh a quarter hour, 48 kWh): as of 7 March, 6 days elapsed, 4 remain, kWh 96, 192,
 *   288, 192, 192, 48 (1,008), mean 168 kWh/day. CO2e forecast 554.4 + 4 × 92.4 = 924.000 < 1,000;
 *   s = 0.55 × √(35,712 / 5) = 46.481997, t(90 %, 5) = 2.015048, half width 2.015048 × 46.481997 × √4 = 187.327, upper
 *   bound 1,111.327 > 1,000. Energy: forecast 206.472, half width 41.859, upper 248.331 < 260.
 *   → rule 'forecast' resolves by itself; rule 'upper' stays open, now on CO2e's upper bound 1,111.327 (+111.327).
 *
 * Group total ("line": L1 and L2 on site Line) on 10 March: L1 1 kWh and L2 0.6 kWh a quarter hour = 96 + 57.6 =
 * 153.600 kWh > 150 (+3.6). Organisation total for March in kgce (boundary meters E, L1, L2):
 * (960 + 153.6) × 0.1229 = 136.86144 kgce > 130 (+6.86144).
 * Intensity of the line on 10 March: 153.6 kWh × 0.55 = 84.48 kg CO2e over 40 t produced = 2.112 kg CO2e/t > 2
 * (+0.112); production corrected to 48 t: 1.76 kg CO2e/t, the alert resolves.
 * L1 alone on 11 March (96 kWh ≤ 150): no alert for that day, and the alert of 10 March stays open.
 *
 * Compliance (organisation "Quarry", no chain connected so no holdings): the same 1, 2, 3, 2, 2 kWh on meter Q. As of
 * 6 March 2025: 64 days elapsed, 301 remain, 5 days of data in the last 28: mean 105.6 kg/day, forecast
 * 528 + 301 × 105.6 = 32,313.6 kg → ⌈32.3136⌉ = 33 t owed, 0 held: short 33 t.
 */
describe('alerts about budgets, compliance, group and organisation totals and intensities', function () {
  // Each forecast computes up to 28 daily inventories; PGlite in a shared test run needs minutes for them all.
  this.timeout(600_000);
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let a: { orgId: string; adminKey: string };
  let q: { orgId: string; adminKey: string };
  let http: ReturnType<typeof api>;
  const rules: Record<string, string> = {};
  const meters: Record<string, string> = {};
  let budgetId: string;

  const alertsOf = async (key: string, query: string) => {
    const res = await http.get(key, `/v1/alerts${query}`);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as Alert[];
  };
  const addRule = async (key: string, name: string, body: Record<string, unknown>) => {
    const res = await http.post(key, '/v1/alert-rules', { name, ...body });
    expect(res.statusCode, res.body).to.equal(201);
    rules[name] = res.json().id;
  };
  const addSite = async (key: string, name: string, ids: string[]) => {
    const site = (await http.post(key, '/v1/sites', { name, gridRegion: 'East' })).json();
    for (const externalId of ids) {
      const res = await http.post(key, '/v1/meters', { siteId: site.id, externalId, energyKind: 'electricity' });
      expect(res.statusCode, res.body).to.be.oneOf([200, 201]);
      meters[externalId] = res.json().id;
    }
    return site.id as string;
  };
  const kilnDays = (meter: string, perDay: string[]) =>
    perDay.flatMap((v, i) => day(meter, `2025-03-0${i + 1}`, () => v));

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    http = api(t);
    worker = manualWorker(db.db);
    a = await createOrgViaApi(t, 'Kiln Cement');
    q = await createOrgViaApi(t, 'Quarry');
    const kiln = await addSite(a.adminKey, 'Kiln', ['E']);
    await addSite(a.adminKey, 'Line', ['L1', 'L2']);
    await addSite(q.adminKey, 'Pit', ['Q']);
    // A webhook of A's, written straight to the table (its URL is never called here): the outbox is what is checked.
    await db.db.query(`insert into webhooks (id, org_id, url, secret) values ($1::uuid, $2::uuid, $3, $4)`, [
      randomUUID(),
      a.orgId,
      'https://hooks.example.com/nengtan',
      'x'.repeat(64),
    ]);
    const budget = await http.post(a.adminKey, '/v1/budgets', {
      name: 'Kiln March',
      siteId: kiln,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-11',
      co2eKg: '1000',
      energyKgce: '260',
    });
    expect(budget.statusCode, budget.body).to.equal(201);
    budgetId = budget.json().id;
    const driver = await http.post(a.adminKey, '/v1/drivers/production/values', {
      unit: 't',
      values: [{ day: '2025-03-10', value: '40' }],
    });
    expect(driver.statusCode, driver.body).to.equal(200);
    await addRule(a.adminKey, 'budget-forecast', { kind: 'budget', scope: 'organisation', params: {} });
    await addRule(a.adminKey, 'budget-upper', { kind: 'budget', scope: 'organisation', params: { trigger: 'upper' } });
    await addRule(a.adminKey, 'line', {
      kind: 'total',
      scope: 'group',
      meterIds: [meters.L1, meters.L2],
      params: { metric: 'energy', period: 'day', above: '150' },
    });
    await addRule(a.adminKey, 'org-month', {
      kind: 'total',
      scope: 'organisation',
      params: { metric: 'kgce', period: 'month', above: '130' },
    });
    await addRule(a.adminKey, 'line-intensity', {
      kind: 'intensity',
      scope: 'group',
      meterIds: [meters.L1, meters.L2],
      params: { metric: 'co2e', driver: 'production', period: 'day', above: '2' },
    });
    await addRule(q.adminKey, 'compliance', { kind: 'compliance', scope: 'organisation', params: {} });
    await ingest(t, a.adminKey, [
      ...kilnDays('E', ['1', '2', '3', '2', '2']),
      ...day('L1', '2025-03-10', () => '1'),
      ...day('L2', '2025-03-10', () => '0.6'),
    ]);
    await ingest(t, q.adminKey, kilnDays('Q', ['1', '2', '3', '2', '2']));
    await worker.tick();
  });
  after(async function () {
    await worker.stop();
    await t.app.close();
    await db.drop();
  });

  it('refuses budget rules on a meter, totals of one meter and an unknown driver, naming the field', async function () {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'budget', scope: 'meter', meterIds: [meters.E] }, 'scope'],
      [{ kind: 'total', scope: 'meter', meterIds: [meters.E], params: { period: 'day', above: '1' } }, 'scope'],
      [
        { kind: 'intensity', scope: 'organisation', params: { driver: 'tonnes', period: 'day', above: '1' } },
        'params.driver',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await http.post(a.adminKey, '/v1/alert-rules', { name: 'bad', ...body });
      expect(res.statusCode, res.body).to.equal(422);
      expect(res.json()).to.include({ code: 'NT_ERR_ALERT_RULE_INVALID', field });
    }
    // A trigger outside the schema's enum is refused by the route's schema before the rule is looked at.
    const res = await http.post(a.adminKey, '/v1/alert-rules', {
      name: 'bad',
      kind: 'compliance',
      scope: 'organisation',
      params: { trigger: 'soon' },
    });
    expect(res.statusCode, res.body).to.equal(400);
  });

  it('budget: the CO2e forecast 1,056.000 kg crosses the 1,000 kg budget as of 6 March', async function () {
    const [alert, ...rest] = await alertsOf(a.adminKey, `?ruleId=${rules['budget-forecast']}`);
    expect(rest).to.have.length(0);
    expect(alert).to.include({
      subjectKind: 'budget',
      subjectId: budgetId,
      meterId: null,
      state: 'open',
      day: '2025-03-05',
      observed: '1056.000',
      expected: '1000',
      deviation: '56.000',
    });
    expect(alert.subjectLabel).to.equal('budget "Kiln March" of site Kiln, 2025-03-01 – 2025-03-11');
    expect(alert.details).to.deep.include({ asOf: '2025-03-06', metric: 'co2e', crossing: ['co2e'] });
  });

  it("budget with trigger 'upper': energy's upper bound 275.737 kgce crosses 260 first", async function () {
    const [alert] = await alertsOf(a.adminKey, `?ruleId=${rules['budget-upper']}`);
    expect(alert).to.include({ observed: '275.737', expected: '260', deviation: '15.737' });
    expect(alert.details).to.deep.include({ metric: 'energy', crossing: ['energy', 'co2e'] });
  });

  it('goes out through the same outbox: one MQTT event and one webhook delivery per opened budget alert', async function () {
    const { rows } = await db.db.query<{ event: string; body: { alert: Alert } }>(
      `select event, body from alert_events where org_id = $1::uuid and body -> 'alert' ->> 'subjectKind' = 'budget'`,
      [a.orgId],
    );
    expect(rows.map((r) => r.event)).to.deep.equal(['alert.opened', 'alert.opened']);
    const { rows: hooks } = await db.db.query<{ n: number }>(
      `select count(*)::int as n from webhook_deliveries where org_id = $1::uuid and body like '%"subjectKind":"budget"%'`,
      [a.orgId],
    );
    expect(hooks[0].n).to.equal(2);
  });

  it('group total: 153.600 kWh on 10 March above 150, about the group in words', async function () {
    const [alert, ...rest] = await alertsOf(a.adminKey, `?ruleId=${rules.line}`);
    expect(rest).to.have.length(0);
    expect(alert).to.include({
      subjectKind: 'group',
      subjectId: rules.line,
      subjectLabel: 'group "line" (L1, L2)',
      meterId: null,
      day: '2025-03-10',
      observed: '153.600000',
      expected: '150',
      deviation: '3.600000',
    });
  });

  it('organisation total: 136.861440 kgce in March above 130', async function () {
    const [alert, ...rest] = await alertsOf(a.adminKey, `?ruleId=${rules['org-month']}`);
    expect(rest).to.have.length(0);
    expect(alert).to.include({
      subjectKind: 'organisation',
      subjectId: a.orgId,
      subjectLabel: 'organisation Kiln Cement',
      day: '2025-03-01',
      observed: '136.861440',
      deviation: '6.861440',
    });
  });

  it('intensity: 2.112 kg CO2e/t on 10 March; corrected production (48 t) resolves it', async function () {
    const [alert] = await alertsOf(a.adminKey, `?ruleId=${rules['line-intensity']}`);
    expect(alert).to.include({ state: 'open', observed: '2.112000', expected: '2', deviation: '0.112000' });
    expect(alert.details).to.include({ numerator: '84.480000', denominator: '40.000000', unit: 'kg CO2e/t' });
    const res = await http.post(a.adminKey, '/v1/drivers/production/values', {
      unit: 't',
      values: [{ day: '2025-03-10', value: '48' }],
    });
    expect(res.statusCode, res.body).to.equal(200);
    await worker.tick();
    const after = await alertsOf(a.adminKey, `?ruleId=${rules['line-intensity']}`);
    expect(after).to.have.length(1);
    expect(after[0]).to.include({ state: 'resolved', resolvedBy: 'system' });
  });

  it('a quiet day brings the CO2e forecast under: the forecast rule resolves, the upper rule follows CO2e', async function () {
    await ingest(
      t,
      a.adminKey,
      day('E', '2025-03-06', () => '0.5'),
    );
    await worker.tick();
    const forecast = await alertsOf(a.adminKey, `?ruleId=${rules['budget-forecast']}`);
    expect(forecast).to.have.length(1);
    expect(forecast[0]).to.include({ state: 'resolved', resolvedBy: 'system' });
    const upper = await alertsOf(a.adminKey, `?ruleId=${rules['budget-upper']}`);
    expect(upper).to.have.length(1);
    expect(upper[0]).to.include({ state: 'open', observed: '1111.327', expected: '1000', deviation: '111.327' });
    expect(upper[0].details).to.include({ asOf: '2025-03-07' });
    expect(upper[0].details).to.deep.include({ metric: 'co2e', crossing: ['co2e'] });
  });

  it('a fine 11 March (96 kWh) opens nothing and leaves the group alert of 10 March open', async function () {
    await ingest(
      t,
      a.adminKey,
      day('L1', '2025-03-11', () => '1'),
    );
    await worker.tick();
    const list = await alertsOf(a.adminKey, `?ruleId=${rules.line}`);
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ state: 'open', day: '2025-03-10' });
  });

  it('compliance: 33 t owed by the forecast, none held: short 33 t, only in its own organisation', async function () {
    const [alert, ...rest] = await alertsOf(q.adminKey, '?subjectKind=compliance');
    expect(rest).to.have.length(0);
    expect(alert).to.include({
      subjectKind: 'compliance',
      subjectId: '2025',
      subjectLabel: 'compliance year 2025',
      observed: '33',
      expected: '0',
      deviation: '33',
    });
    expect(alert.message).to.match(/no chain connected/);
    expect(await alertsOf(a.adminKey, '?subjectKind=compliance')).to.have.length(0);
  });

  /** A worker judging forecasts at most hourly, as one started in production would be. */
  const hourlyWorker = () =>
    startAlertWorker(
      db.db,
      {
        intervalMs: 3_600_000,
        sweepIntervalMs: Number.POSITIVE_INFINITY,
        forecastIntervalMs: 3_600_000,
        webhooks: { allowPrivate: false, baseDelayMs: 50, timeoutMs: 5_000 },
      },
      quietLog,
    );
  /** The hour passes (the throttle's stamp moved back two hours), without waiting for it. */
  const anHourPasses = () =>
    db.db.query(`update forecast_evaluations set judged_at = judged_at - interval '2 hours' where org_id = $1::uuid`, [
      q.orgId,
    ]);
  const dayOf = async () => (await alertsOf(q.adminKey, '?subjectKind=compliance'))[0].day;

  it('forecasts are throttled per organisation: judged when due, not again within the interval', async function () {
    const throttled = hourlyWorker();
    try {
      expect(await dayOf()).to.equal('2025-03-05');
      await anHourPasses();
      await ingest(
        t,
        q.adminKey,
        day('Q', '2025-03-06', () => '1'),
      );
      await throttled.tick();
      expect(await dayOf()).to.equal('2025-03-06');
      await ingest(
        t,
        q.adminKey,
        day('Q', '2025-03-07', () => '1'),
      );
      await throttled.tick();
      expect(await dayOf()).to.equal('2025-03-06');
    } finally {
      await throttled.stop();
    }
  });

  it('a new worker instance keeps to the throttle: it neither judges again within the interval nor forgets the waiting day', async function () {
    // The worker of the previous test stopped (a restart) with 7 March touched and not judged yet.
    const restarted = hourlyWorker();
    try {
      await restarted.tick();
      expect(await dayOf()).to.equal('2025-03-06');
      const { rows } = await db.db.query<{ from: string; to: string }>(
        `select to_char(due_from, 'YYYY-MM-DD') as "from", to_char(due_to, 'YYYY-MM-DD') as "to"
         from forecast_evaluations where org_id = $1::uuid`,
        [q.orgId],
      );
      expect(rows).to.deep.equal([{ from: '2025-03-07', to: '2025-03-07' }]);
      await anHourPasses();
      // No new readings: the day that waited through the restart is judged.
      await restarted.tick();
      expect(await dayOf()).to.equal('2025-03-07');
    } finally {
      await restarted.stop();
    }
  });
});

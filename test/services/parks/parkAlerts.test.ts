import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Alert } from '../../../services/alerts/alertStore';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import { sweepSilentMeters } from '../../../services/alerts/sweepSilentMeters';
import { createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { manualWorker } from '../alerts/helpers';
import { call, createOrg, day, join, meter, produced, type Org } from './parkFixture';

/**
 * Park alert rules on the members' aggregates, worked by hand. Electricity in the East grid: 0.1229 kgce/kWh
 * (GB/T 2589 equivalent value) and 0.5500 kg CO2e/kWh; quarter-hour readings, Asia/Shanghai days.
 *
 * 1 March 2025:
 * - Anshan Steel (aggregate grant), meter SECRET-A: 10 kWh a quarter hour = 960 kWh = 117.984 kgce = 528 kg CO2e;
 *   2 t billet → 58.992 kgce/t.
 * - Baoli Cement (meters grant), meters B (5 kWh/qh = 480 kWh) and B2 (1 kWh/qh = 96 kWh = 11.7984 kgce);
 *   1 t billet → 576 kWh × 0.1229 = 70.7904 kgce/t (70.790 as its inventory rounds it).
 * - Changhe Foundry (aggregate grant, leaves later), meter SECRET-C: 2.5 kWh/qh = 240 kWh = 29.496 kgce; 0.2 t
 *   billet → 147.480 kgce/t.
 * - Outsider, a member of another park: 99 kWh/qh, never counted here.
 * Rules: park day total kgce > 200: (960 + 480 + 96 + 240) × 0.1229 = 1,776 × 0.1229 = 218.2704 > 200 (+18.2704).
 *   Steel's day total CO2e > 500: 960 × 0.55 = 528 > 500 (+28). Cement's meter B2 kgce > 10: 11.7984 (+1.7984).
 *   Park March total kgce > 300: 218.2704, no alert yet. Billet kgce/t above the park's baseline 70: Cement 70.790
 *   (+0.790) and Foundry 147.480 (+77.480); Steel 58.992 does not fire. Park budget 1–11 March, 1,000 kgce: as of
 *   2 March, 1 day elapsed, 9 remain, forecast 218.2704 × 10 = 2,182.704 > 1,000 (+1,182.704).
 * 2 March: Foundry 8 kWh/qh = 768 kWh: March = 2,544 kWh × 0.1229 = 312.6576 > 300 (+12.6576). Foundry leaves; then
 *   Steel sends 1 kWh/qh = 96 kWh on 2 March: March without Foundry = (960 + 96 + 480 + 96) × 0.1229 = 1,632 × 0.1229
 *   = 200.5728 ≤ 300: the March alert is resolved by the system.
 */
describe('park alert rules (园区预警): stored alerts on the members’ aggregates', function () {
  // Budgets and intensities preview members' inventories; PGlite in a shared run needs minutes.
  this.timeout(600_000);
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let park: Org;
  let otherPark: Org;
  let steel: Org;
  let cement: Org;
  let foundry: Org;
  let outsider: Org;
  let foundryMembership: string;
  const rules: Record<string, string> = {};
  const meterIds: Record<string, string> = {};

  const addRule = async (name: string, body: Record<string, unknown>) => {
    const res = await call(t, park.key, 'POST', '/v1/park/alert-rules', { name, ...body });
    expect(res.statusCode, res.body).to.equal(201);
    rules[name] = res.json().id;
    return res.json();
  };
  const alertsOf = async (org: Org, query = '') => {
    const res = await call(t, org.key, 'GET', `/v1/alerts${query}`);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as Alert[];
  };
  const ofRule = (alerts: Alert[], name: string) => alerts.filter((a) => a.ruleId === rules[name]);
  const refused = async (org: Org, body: Record<string, unknown>, status: number, code: string) => {
    const res = await call(t, org.key, 'POST', '/v1/park/alert-rules', { name: 'refused', ...body });
    expect(res.statusCode, res.body).to.equal(status);
    expect(res.json().code).to.equal(code);
    expect(res.json().hint).to.be.a('string').and.not.equal('');
    return res.json();
  };
  const idOf = async (org: Org, externalId: string) => {
    const res = await call(t, org.key, 'GET', '/v1/meters');
    return (res.json() as { id: string; externalId: string }[]).find((m) => m.externalId === externalId)?.id as string;
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    worker = manualWorker(db.db);
    park = await createOrg(t, 'Binhai Park', ['park']);
    otherPark = await createOrg(t, 'Other Park', ['park']);
    steel = await createOrg(t, 'Anshan Steel');
    cement = await createOrg(t, 'Baoli Cement');
    foundry = await createOrg(t, 'Changhe Foundry');
    outsider = await createOrg(t, 'Outsider');
    await meter(t, steel, 'SECRET-A', 'electricity');
    await meter(t, cement, 'B', 'electricity');
    await meter(t, cement, 'B2', 'electricity');
    await meter(t, foundry, 'SECRET-C', 'electricity');
    await meter(t, outsider, 'SECRET-O', 'electricity');
    meterIds.A = await idOf(steel, 'SECRET-A');
    meterIds.B2 = await idOf(cement, 'B2');
    await join(t, park, steel);
    await join(t, park, cement, 'meters');
    foundryMembership = await join(t, park, foundry);
    await join(t, otherPark, outsider);
    const benchmark = await call(t, park.key, 'POST', '/v1/benchmarks', {
      product: 'billet',
      unit: 't',
      indicator: 'kgce_per_unit',
      advanced: '60',
      baseline: '70',
    });
    expect(benchmark.statusCode, benchmark.body).to.equal(200);
    const budget = await call(t, park.key, 'POST', '/v1/park/budgets', {
      name: 'Park early March',
      periodStart: '2025-03-01',
      periodEnd: '2025-03-11',
      energyKgce: '1000',
    });
    expect(budget.statusCode, budget.body).to.equal(201);
    // The park's webhook, written straight to the table (never called here): its outbox is what is checked.
    await db.db.query(`insert into webhooks (id, org_id, url, secret) values ($1::uuid, $2::uuid, $3, $4)`, [
      randomUUID(),
      park.orgId,
      'https://hooks.example.com/park',
      'p'.repeat(64),
    ]);
    await addRule('park-day', {
      kind: 'total',
      scope: 'park',
      params: { metric: 'kgce', period: 'day', above: '200' },
    });
    await addRule('steel-day', {
      kind: 'total',
      scope: 'member',
      memberId: steel.orgId,
      params: { metric: 'co2e', period: 'day', above: '500' },
    });
    await addRule('cement-b2', {
      kind: 'total',
      scope: 'member',
      memberId: cement.orgId,
      meterIds: [meterIds.B2],
      params: { metric: 'kgce', period: 'day', above: '10' },
    });
    await addRule('park-month', {
      kind: 'total',
      scope: 'park',
      params: { metric: 'kgce', period: 'month', above: '300' },
    });
    await addRule('billet', { kind: 'intensity', scope: 'park', params: { product: 'billet', unit: 't' } });
    await addRule('budgets', { kind: 'budget', scope: 'park', params: {} });
    // The outsider's park watches nothing of this park's members; its own member's data must not count here.
    await produced(t, steel, 'billet', '2025-03-01', '2');
    await produced(t, cement, 'billet', '2025-03-01', '1');
    await produced(t, foundry, 'billet', '2025-03-01', '0.2');
    await day(t, steel, 'SECRET-A', '2025-03-01', '10');
    await day(t, cement, 'B', '2025-03-01', '5');
    await day(t, cement, 'B2', '2025-03-01', '1');
    await day(t, foundry, 'SECRET-C', '2025-03-01', '2.5');
    await day(t, outsider, 'SECRET-O', '2025-03-01', '99');
    await worker.tick();
  });

  after(async function () {
    await worker?.stop();
    await t.app.close();
    await db.drop();
  });

  describe('refusals', function () {
    it('refuses an enterprise (NT_ERR_AUTH_ROLE)', async function () {
      await refused(
        steel,
        { kind: 'total', scope: 'park', params: { period: 'day', above: '1' } },
        403,
        'NT_ERR_AUTH_ROLE',
      );
    });
    it('refuses meters of a member that granted aggregates only (NT_ERR_PARK_METERS_NOT_GRANTED)', async function () {
      const body = await refused(
        park,
        {
          kind: 'total',
          scope: 'member',
          memberId: steel.orgId,
          meterIds: [meterIds.A],
          params: { period: 'day', above: '1' },
        },
        403,
        'NT_ERR_PARK_METERS_NOT_GRANTED',
      );
      expect(body.field).to.equal('meterIds');
    });
    it('refuses another park’s member (NT_ERR_PARK_NOT_MEMBER)', async function () {
      await refused(
        park,
        { kind: 'total', scope: 'member', memberId: outsider.orgId, params: { period: 'day', above: '1' } },
        404,
        'NT_ERR_PARK_NOT_MEMBER',
      );
    });
    it('refuses meters that are not the member’s own (NT_ERR_PARK_ALERT_RULE_INVALID, field meterIds)', async function () {
      const body = await refused(
        park,
        {
          kind: 'total',
          scope: 'member',
          memberId: cement.orgId,
          meterIds: [meterIds.A],
          params: { period: 'day', above: '1' },
        },
        422,
        'NT_ERR_PARK_ALERT_RULE_INVALID',
      );
      expect(body.field).to.equal('meterIds');
    });
    it('refuses a budget rule on one member (field scope)', async function () {
      const body = await refused(
        park,
        { kind: 'budget', scope: 'member', memberId: steel.orgId },
        422,
        'NT_ERR_PARK_ALERT_RULE_INVALID',
      );
      expect(body.field).to.equal('scope');
    });
    it('refuses a total without a limit (field params.above)', async function () {
      const body = await refused(
        park,
        { kind: 'total', scope: 'park', params: { period: 'day' } },
        422,
        'NT_ERR_PARK_ALERT_RULE_INVALID',
      );
      expect(body.field).to.equal('params.above');
    });
    it('refuses an intensity rule without that level in the park’s benchmark table', async function () {
      await refused(
        park,
        { kind: 'intensity', scope: 'park', params: { product: 'clinker', unit: 't' } },
        422,
        'NT_ERR_PARK_ALERT_RULE_NO_BENCHMARK',
      );
    });
  });

  describe('the rules', function () {
    it('lists the park’s six rules, a member rule with its member', async function () {
      const res = await call(t, park.key, 'GET', '/v1/park/alert-rules');
      expect(res.statusCode, res.body).to.equal(200);
      const listed = res.json().rules as { name: string; member: { name: string } | null; params: object }[];
      expect(listed.map((r) => r.name)).to.deep.equal([
        'park-day',
        'steel-day',
        'cement-b2',
        'park-month',
        'billet',
        'budgets',
      ]);
      expect(listed[1].member?.name).to.equal('Anshan Steel');
      expect(listed[4].params).to.deep.equal({
        product: 'billet',
        unit: 't',
        indicator: 'kgce_per_unit',
        level: 'baseline',
      });
    });
    it('is not replaced through the enterprises’ PUT /v1/alert-rules/{id} (404), and is removed by DELETE', async function () {
      const made = await addRule('to-remove', { kind: 'total', scope: 'park', params: { period: 'day', above: '1' } });
      const put = await t.app.inject({
        method: 'PUT',
        url: `/v1/alert-rules/${made.id}`,
        headers: { authorization: `Bearer ${park.key}` },
        payload: { name: 'x', kind: 'total', scope: 'organisation', params: { period: 'day', above: '1' } },
      });
      expect(put.statusCode, put.body).to.equal(404);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/v1/alert-rules/${made.id}`,
        headers: { authorization: `Bearer ${park.key}` },
      });
      expect(del.statusCode, del.body).to.equal(204);
    });
    it('refuses the list to an enterprise', async function () {
      const res = await call(t, steel.key, 'GET', '/v1/park/alert-rules');
      expect(res.statusCode, res.body).to.equal(403);
    });
  });

  describe('the worked example on 1 March', function () {
    it('raises the park’s day total: 1,776 kWh × 0.1229 = 218.2704 kgce of three members (the outsider left out)', async function () {
      const [alert] = ofRule(await alertsOf(park), 'park-day');
      expect(alert).to.include({
        subjectKind: 'organisation',
        subjectId: park.orgId,
        day: '2025-03-01',
        observed: '218.270400',
        expected: '200',
        deviation: '18.270400',
        state: 'open',
      });
      expect(alert.details).to.deep.equal({ unit: 'kgce', period: 'day', members: 3 });
    });
    it('raises Steel’s day total in CO2e: 960 kWh × 0.55 = 528 kg', async function () {
      const [alert] = ofRule(await alertsOf(park), 'steel-day');
      expect(alert).to.include({ subjectId: steel.orgId, observed: '528.000000', deviation: '28.000000' });
      expect(alert.subjectLabel).to.equal('member Anshan Steel');
    });
    it('raises Cement’s granted meter B2: 96 kWh × 0.1229 = 11.7984 kgce', async function () {
      const [alert] = ofRule(await alertsOf(park), 'cement-b2');
      expect(alert).to.include({ subjectKind: 'group', observed: '11.798400', deviation: '1.798400' });
      expect(alert.subjectLabel).to.contain('(B2)');
    });
    it('raises no March total yet (218.2704 ≤ 300)', async function () {
      expect(ofRule(await alertsOf(park), 'park-month')).to.deep.equal([]);
    });
    it('raises billet intensity above the baseline 70 for Cement (70.790) and Foundry (147.480), not Steel', async function () {
      const found = ofRule(await alertsOf(park), 'billet')
        .map((a) => [a.subjectId, a.observed, a.deviation])
        .sort();
      expect(found).to.deep.equal(
        [
          [cement.orgId, '70.790', '0.790'],
          [foundry.orgId, '147.480', '77.480'],
        ].sort(),
      );
    });
    it('raises the park budget: forecast 218.2704 × 10 = 2,182.704 kgce > 1,000 as of 2 March', async function () {
      const [alert] = ofRule(await alertsOf(park), 'budgets');
      expect(alert).to.include({
        subjectKind: 'budget',
        observed: '2182.704',
        expected: '1000',
        deviation: '1182.704',
      });
      expect(alert.details).to.include({ asOf: '2025-03-02', metric: 'energy', warning: 'forecast_over_budget' });
    });
  });

  describe('isolation', function () {
    it('shows a member none of the park’s alerts', async function () {
      expect(await alertsOf(steel)).to.deep.equal([]);
      expect(await alertsOf(cement)).to.deep.equal([]);
    });
    it('never names a meter of a member that granted aggregates only', async function () {
      const text = JSON.stringify(await alertsOf(park));
      expect(text).not.to.contain('SECRET');
      expect(text).not.to.contain(meterIds.A);
    });
    it('puts the park’s alert events on the park’s topic and webhooks only', async function () {
      const { rows } = await db.db.query<{ org_id: string }>('select distinct org_id from alert_events');
      expect(rows.map((r) => r.org_id)).to.deep.equal([park.orgId]);
      const { rows: deliveries } = await db.db.query<{ n: string }>(
        `select count(*)::text as n from webhook_deliveries where org_id = $1::uuid and event = 'alert.opened'`,
        [park.orgId],
      );
      // park day, Steel, Cement B2, two intensities, the budget.
      expect(deliveries[0].n).to.equal('6');
    });
    it('refuses a member and another park the park’s alert (404)', async function () {
      const [alert] = ofRule(await alertsOf(park), 'steel-day');
      for (const org of [steel, otherPark]) {
        const res = await call(t, org.key, 'POST', `/v1/alerts/${alert.id}/acknowledge`);
        expect(res.statusCode, res.body).to.equal(404);
      }
    });
  });

  describe('acknowledged and resolved by the park', function () {
    it('acknowledges, then resolves, recording the park’s key', async function () {
      const [alert] = ofRule(await alertsOf(park), 'steel-day');
      const ack = await call(t, park.key, 'POST', `/v1/alerts/${alert.id}/acknowledge`);
      expect(ack.statusCode, ack.body).to.equal(200);
      expect(ack.json()).to.include({ state: 'acknowledged', acknowledgedBy: park.keyId });
      const done = await call(t, park.key, 'POST', `/v1/alerts/${alert.id}/resolve`);
      expect(done.json()).to.include({ state: 'resolved', resolvedBy: park.keyId });
    });
  });

  describe('a rule made after the data', function () {
    it('judges the covered members’ recent days at once: Steel’s 528 kg three days ago, above 100', async function () {
      const recent = new Date(Date.now() + 8 * 3_600_000 - 3 * 86_400_000).toISOString().slice(0, 10);
      await day(t, steel, 'SECRET-A', recent, '10');
      await db.db.query('delete from alert_queue');
      await addRule('steel-recent', {
        kind: 'total',
        scope: 'member',
        memberId: steel.orgId,
        params: { metric: 'co2e', period: 'day', above: '100' },
      });
      const { rows } = await db.db.query<{ day: string }>(
        `select to_char(day, 'YYYY-MM-DD') as day from alert_queue where org_id = $1::uuid`,
        [steel.orgId],
      );
      // Only the days of the last five weeks: not 1 March 2025.
      expect(rows.map((r) => r.day)).to.deep.equal([recent]);
      await worker.tick();
      const [alert] = ofRule(await alertsOf(park), 'steel-recent');
      expect(alert).to.include({ day: recent, observed: '528.000000', deviation: '428.000000' });
    });
  });

  describe('a member that leaves', function () {
    before(async function () {
      await day(t, foundry, 'SECRET-C', '2025-03-02', '8');
      await worker.tick();
    });
    it('counted while it consented: March 2,544 kWh × 0.1229 = 312.6576 kgce > 300', async function () {
      const [alert] = ofRule(await alertsOf(park), 'park-month');
      expect(alert).to.include({ day: '2025-03-01', observed: '312.657600', state: 'open' });
    });
    it('is gone from the park’s alerts and rules at once, and its alerts cannot be acknowledged', async function () {
      const [foundryAlert] = ofRule(await alertsOf(park), 'billet').filter((a) => a.subjectId === foundry.orgId);
      const left = await call(t, foundry.key, 'POST', `/v1/park-invitations/${foundryMembership}/leave`);
      expect(left.statusCode, left.body).to.equal(200);
      expect((await alertsOf(park)).map((a) => a.subjectId)).not.to.include(foundry.orgId);
      const ack = await call(t, park.key, 'POST', `/v1/alerts/${foundryAlert.id}/acknowledge`);
      expect(ack.statusCode, ack.body).to.equal(404);
    });
    it('stops counting: its later readings queue nothing', async function () {
      await day(t, foundry, 'SECRET-C', '2025-03-03', '50');
      const { rows } = await db.db.query('select 1 from alert_queue where org_id = $1::uuid', [foundry.orgId]);
      expect(rows).to.have.length(0);
      expect(await sweepSilentMeters(db.db, Date.parse('2025-03-04T12:00:00+08:00'))).to.equal(3);
    });
    it('is left out of the next verdict: March (960 + 96 + 480 + 96) × 0.1229 = 200.5728 ≤ 300 resolves it', async function () {
      await db.db.query('delete from alert_queue');
      await day(t, steel, 'SECRET-A', '2025-03-02', '1');
      await worker.tick();
      const [alert] = ofRule(await alertsOf(park), 'park-month');
      expect(alert).to.include({ state: 'resolved', resolvedBy: 'system' });
    });
  });
});

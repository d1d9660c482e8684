import { expect } from 'chai';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import type { Alert } from '../../../services/alerts/alertStore';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { api, day, ingest, manualWorker, siteWithMeters } from './helpers';

/**
 * Every rule kind on data whose answer is worked out by hand (15-minute electricity meters, site in the East grid,
 * Asia/Shanghai, all in March–April 2025):
 * - ANOM: five weeks 3 Mar – 6 Apr, every interval of week w worth 10, 11, 9, 10, 10 kWh (w = 0..4). On Wed 2 Apr
 *   10:00 it reads 20 and at 11:00 12.2. Same time-of-week history 10, 11, 9, 10: median 10, MAD median(0,1,1,0)
 *   = 0.5, band 3 × 1.4826 × 0.5 = 2.2239. 20 deviates +10 (outside); 12.2 deviates 2.2 (inside).
 * - GAPS: 3–5 Mar at 1, 1.25, 1.5, 1.75 kWh repeating; 4 Mar 08:00–12:00 missing (16 intervals, estimated by VEE):
 *   80 of 96 measured = 83.33 % < 90 %. 5 Mar 00:00–02:30: 10 zero intervals (zero run ≥ 8). 3 Mar 14:00–17:15: 14
 *   intervals of 2.5 (flat line ≥ 12).
 * - SCHED: Thu 6 Mar 1 kWh from 08:00 to 18:00 (40), 0.1 outside (56): 5.6 kWh outside > allowance 5, total 45.6 kWh
 *   = 5.60424 kgce (0.1229 kgce/kWh) > 5; 1 kWh × 0.5500 kg/kWh (East 2023, latest year for 2025) = 0.55 kg CO2e
 *   per interval > 0.5. Fri 7 Mar is a holiday: 96 × 0.05 = 4.8 kWh outside, within the allowance.
 */
describe('alert rules: every kind on known data', function () {
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let m: Record<string, string>;
  const rules: Record<string, string> = {};
  let http: ReturnType<typeof api>;

  const alertsOf = async (query = '') => {
    const res = await http.get(a.adminKey, `/v1/alerts${query}`);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as Alert[];
  };
  const one = async (rule: string, meter: string) => {
    const list = await alertsOf(`?ruleId=${rules[rule]}&meterId=${m[meter]}`);
    expect(list, `${rule} on ${meter}`).to.have.length(1);
    return list[0];
  };
  const addRule = async (name: string, body: Record<string, unknown>) => {
    const res = await http.post(a.adminKey, '/v1/alert-rules', { name, ...body });
    expect(res.statusCode, res.body).to.equal(201);
    rules[name] = res.json().id;
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    http = api(t);
    worker = manualWorker(db.db);
    a = await createOrgViaApi(t, 'Works A');
    b = await createOrgViaApi(t, 'Works B');
    m = await siteWithMeters(t, a.adminKey, 'Plant', ['ANOM', 'GAPS', 'SCHED']);
    await addRule('anomaly', { kind: 'anomaly', scope: 'meter', meterIds: [m.ANOM], params: { weeks: 4, k: '3' } });
    await addRule('completeness', { kind: 'completeness', scope: 'organisation', params: {} });
    await addRule('zeros', {
      kind: 'zero_run',
      scope: 'group',
      meterIds: [m.GAPS, m.SCHED],
      params: { minIntervals: 8 },
    });
    await addRule('flat', { kind: 'flat_line', scope: 'meter', meterIds: [m.GAPS], params: { minIntervals: 12 } });
    await addRule('schedule', {
      kind: 'schedule',
      scope: 'meter',
      meterIds: [m.SCHED],
      params: { start: '08:00', end: '18:00', weekdays: [1, 2, 3, 4, 5], holidays: ['2025-03-07'], allowance: '5' },
    });
    await addRule('kgce', {
      kind: 'threshold',
      scope: 'meter',
      meterIds: [m.SCHED],
      params: { metric: 'kgce', period: 'day', above: '5' },
    });
    await addRule('co2e', {
      kind: 'threshold',
      scope: 'meter',
      meterIds: [m.SCHED],
      params: { metric: 'co2e', period: 'interval', above: '0.5' },
    });
    await addRule('month', {
      kind: 'threshold',
      scope: 'meter',
      meterIds: [m.SCHED],
      params: { period: 'month', above: '50' },
    });

    const weekValue = ['10', '11', '9', '10', '10'];
    const anom = [];
    for (let d = 0; d < 35; d++) {
      const local = new Date(Date.UTC(2025, 2, 3 + d)).toISOString().slice(0, 10);
      const w = Math.floor(d / 7);
      anom.push(
        ...day('ANOM', local, (i) =>
          local === '2025-04-02' && i === 40 ? '20' : local === '2025-04-02' && i === 44 ? '12.2' : weekValue[w],
        ),
      );
    }
    await ingest(t, a.adminKey, anom);
    const pattern = (i: number) => ['1', '1.25', '1.5', '1.75'][i % 4];
    await ingest(t, a.adminKey, [
      ...day('GAPS', '2025-03-03', (i) => (i >= 56 && i < 70 ? '2.5' : pattern(i))),
      ...day('GAPS', '2025-03-04', (i) => (i >= 32 && i < 48 ? null : pattern(i))),
      ...day('GAPS', '2025-03-05', (i) => (i < 10 ? '0' : pattern(i))),
    ]);
    await ingest(t, a.adminKey, [
      ...day('SCHED', '2025-03-06', (i) => (i >= 32 && i < 72 ? '1' : '0.1')),
      ...day('SCHED', '2025-03-07', () => '0.05'),
    ]);
    await worker.tick();
  });
  after(async function () {
    await worker.stop();
    await t.app.close();
    await db.drop();
  });

  it('refuses invalid rules with NT_ERR_ALERT_RULE_INVALID naming the field, and another organisation’s meter', async function () {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'threshold', scope: 'organisation', params: { period: 'day' } }, 'params.above'],
      [{ kind: 'zero_run', scope: 'meter', meterIds: [], params: { minIntervals: 4 } }, 'meterIds'],
      [{ kind: 'completeness', scope: 'organisation', params: { minPercent: 0 } }, 'params.minPercent'],
      [{ kind: 'schedule', scope: 'organisation', params: { start: '18:00', end: '08:00' } }, 'params.end'],
      [{ kind: 'anomaly', scope: 'organisation', params: { minIntervals: 3 } }, 'params.minIntervals'],
    ];
    for (const [body, field] of cases) {
      const res = await http.post(a.adminKey, '/v1/alert-rules', { name: 'bad', ...body });
      expect(res.statusCode, res.body).to.equal(422);
      expect(res.json()).to.include({ code: 'NT_ERR_ALERT_RULE_INVALID', field });
      expect(res.json().hint).to.match(/\/v1\/alert-rules/);
    }
    const foreign = await http.post(b.adminKey, '/v1/alert-rules', {
      name: 'spy',
      kind: 'zero_run',
      scope: 'meter',
      meterIds: [m.GAPS],
      params: { minIntervals: 4 },
    });
    expect(foreign.statusCode).to.equal(422);
    expect(foreign.json().missing).to.deep.equal([m.GAPS]);
    expect(
      (await http.post(a.adminKey, '/v1/alert-rules', { name: 'x', kind: 'nope', scope: 'organisation' })).statusCode,
    ).to.equal(400);
  });

  it('anomaly: the 20 kWh interval against the time-of-week median 10 ± 2.2239, with expected value and deviation', async function () {
    const alert = await one('anomaly', 'ANOM');
    expect(alert).to.include({
      state: 'open',
      day: '2025-04-02',
      observed: '20.000000',
      expected: '10.000000',
      deviation: '10.000000',
    });
    expect(alert.details).to.include({ at: '2025-04-02T02:00:00.000Z', band: '2.223900', intervalsOutside: 1 });
  });

  it('completeness: 83.33 % measured on 4 March (VEE estimates do not count); other days and meters complete', async function () {
    const alert = await one('completeness', 'GAPS');
    expect(alert).to.include({ day: '2025-03-04', observed: '83.33', expected: '90', state: 'open' });
    expect(alert.details).to.include({ measured: 80, expected: 96 });
    const all = await alertsOf('?kind=completeness');
    expect(all).to.have.length(1);
  });

  it('zero run and flat line: 10 zero intervals on 5 March, 14 equal intervals on 3 March', async function () {
    expect(await one('zeros', 'GAPS')).to.include({ day: '2025-03-05', observed: '10' });
    expect((await one('zeros', 'GAPS')).details).to.include({ from: '2025-03-04T16:00:00.000Z', intervals: 10 });
    expect(await one('flat', 'GAPS')).to.include({ day: '2025-03-03', observed: '14' });
    expect(await alertsOf(`?ruleId=${rules.zeros}&meterId=${m.SCHED}`)).to.have.length(0);
  });

  it('schedule and thresholds in kWh, kgce and kg CO2e with the factors used', async function () {
    expect(await one('schedule', 'SCHED')).to.include({
      day: '2025-03-06',
      observed: '5.600000',
      deviation: '0.600000',
    });
    const kgce = await one('kgce', 'SCHED');
    expect(kgce).to.include({ day: '2025-03-06', observed: '5.604240', expected: '5' });
    expect(kgce.details.factor).to.include({ value: '0.1229' });
    const co2e = await one('co2e', 'SCHED');
    expect(co2e).to.include({ day: '2025-03-06', observed: '0.550000', deviation: '0.050000' });
    expect(co2e.details).to.include({ over: 40 });
    expect(co2e.details.factor).to.include({ value: '0.55', region: 'East' });
    const month = await one('month', 'SCHED');
    expect(month).to.include({ day: '2025-03-01', observed: '50.400000', deviation: '0.400000' });
  });

  it('dedupes: evaluating the same days again keeps one alert per rule, meter and kind and opens nothing new', async function () {
    const before = await alertsOf();
    await ingest(
      t,
      a.adminKey,
      day('GAPS', '2025-03-05', (i) => (i < 10 ? '0' : ['1', '1.25', '1.5', '1.75'][i % 4])),
    );
    await http.post(a.adminKey, '/v1/readings', {
      readings: day('SCHED', '2025-03-06', (i) => (i >= 32 && i < 72 ? '1' : '0.1')),
    });
    const { rows } = await db.db.query<{ n: number }>(
      `select count(*)::int as n from alerts where state <> 'resolved' group by rule_id, meter_id, kind having count(*) > 1`,
    );
    await worker.tick();
    expect(rows).to.have.length(0);
    const after = await alertsOf();
    expect(after.map((x) => x.id).sort()).to.deep.equal(before.map((x) => x.id).sort());
  });

  it('acknowledge then resolve, with who and when; invalid transitions are NT_ERR_ALERT_STATE', async function () {
    const alert = await one('flat', 'GAPS');
    const ack = await http.post(a.adminKey, `/v1/alerts/${alert.id}/acknowledge`);
    expect(ack.statusCode, ack.body).to.equal(200);
    expect(ack.json().state).to.equal('acknowledged');
    expect(ack.json().acknowledgedBy).to.be.a('string').and.not.equal('system');
    expect(Date.parse(ack.json().acknowledgedAt)).to.be.closeTo(Date.now(), 60_000);
    const again = await http.post(a.adminKey, `/v1/alerts/${alert.id}/acknowledge`);
    expect(again.statusCode).to.equal(409);
    expect(again.json()).to.include({ code: 'NT_ERR_ALERT_STATE', state: 'acknowledged' });
    const resolved = await http.post(a.adminKey, `/v1/alerts/${alert.id}/resolve`);
    expect(resolved.json()).to.include({ state: 'resolved', resolvedBy: ack.json().acknowledgedBy });
    expect((await http.post(a.adminKey, `/v1/alerts/${alert.id}/resolve`)).statusCode).to.equal(409);
    expect((await alertsOf('?state=acknowledged')).map((x) => x.id)).to.not.include(alert.id);
    expect((await alertsOf('?state=resolved')).map((x) => x.id)).to.include(alert.id);
  });

  it('late readings that replace the estimates clear the completeness alert; a contradicting value leaves the anomaly', async function () {
    await ingest(
      t,
      a.adminKey,
      day('GAPS', '2025-03-04', (i) => (i >= 32 && i < 48 ? ['1', '1.25', '1.5', '1.75'][i % 4] : null)),
    );
    await ingest(
      t,
      a.adminKey,
      day('ANOM', '2025-04-02', (i) => (i === 40 ? '10' : null)),
    );
    await worker.tick();
    expect(await one('completeness', 'GAPS')).to.include({ state: 'resolved', resolvedBy: 'system' });
    // VEE keeps the first measured value of an interval (the contradicting one is a conflict), so the spike stands.
    const anomaly = await one('anomaly', 'ANOM');
    expect(anomaly).to.include({ state: 'open', observed: '20.000000' });
  });

  it('isolation: another organisation sees none of the alerts or rules and cannot move them', async function () {
    const alert = (await alertsOf())[0];
    expect((await http.get(b.adminKey, '/v1/alerts')).json()).to.deep.equal([]);
    expect((await http.get(b.adminKey, '/v1/alert-rules')).json()).to.deep.equal([]);
    expect((await http.get(b.adminKey, `/v1/alert-rules/${rules.flat}`)).statusCode).to.equal(404);
    expect((await http.post(b.adminKey, `/v1/alerts/${alert.id}/resolve`)).statusCode).to.equal(404);
    expect((await http.del(b.adminKey, `/v1/alert-rules/${rules.flat}`)).statusCode).to.equal(404);
  });

  it('rules can be replaced, paused and removed', async function () {
    const res = await http.put(a.adminKey, `/v1/alert-rules/${rules.month}`, {
      name: 'month',
      kind: 'threshold',
      scope: 'meter',
      meterIds: [m.SCHED],
      params: { period: 'month', above: '60' },
      enabled: false,
    });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.include({ enabled: false });
    expect(res.json().params).to.deep.equal({ metric: 'energy', period: 'month', above: '60' });
    expect((await http.del(a.adminKey, `/v1/alert-rules/${rules.month}`)).statusCode).to.equal(204);
    expect((await http.get(a.adminKey, `/v1/alert-rules/${rules.month}`)).statusCode).to.equal(404);
  });
});

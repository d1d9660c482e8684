import { expect } from 'chai';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import type { Alert } from '../../../services/alerts/alertStore';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { api, day, ingest, manualWorker, siteWithMeters } from './helpers';

/**
 * Loss rules and power thresholds on data worked out by hand (15-minute electricity meters, Asia/Shanghai):
 * MAIN feeds LINE and HVAC (PUT /v1/meters/{id}/place). Every interval MAIN reads 1 kWh (96 kWh a day = 4 kW).
 * - 3 March: LINE 0.5, HVAC 0.4 per interval: children 86.4 kWh, losses 9.6 kWh = 10.00 % > 5 % (deviation 5.00).
 * - 5 March: LINE 0.5 and HVAC not yet sent: losses 50.00 %; HVAC's day arrives late at 0.48: children 94.08 kWh,
 *   losses 2.00 %: the alert resolves by itself.
 * - 4 March: LINE 0.6, HVAC 0.5: children 105.6 kWh read 9.6 kWh more than MAIN, −10.00 % (children exceed parent).
 * - Power: 1 kWh in 15 minutes is 4 kW on average, above 3.5 kW; LINE's 0.6 kWh is 2.4 kW, below.
 */
describe('alert rules: branch losses (parent minus sub-meters) and power in kW', function () {
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let a: { orgId: string; adminKey: string };
  let m: Record<string, string>;
  let http: ReturnType<typeof api>;
  const rules: Record<string, string> = {};

  const alertsOf = async (query: string) => {
    const res = await http.get(a.adminKey, `/v1/alerts${query}`);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as Alert[];
  };
  const addRule = async (name: string, body: Record<string, unknown>) => {
    const res = await http.post(a.adminKey, '/v1/alert-rules', { name, ...body });
    expect(res.statusCode, res.body).to.equal(201);
    rules[name] = res.json().id;
  };
  const settle = async () => {
    // A sub-meter's day queues its parent's loss rule for the next pass.
    await worker.tick();
    await worker.tick();
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    http = api(t);
    worker = manualWorker(db.db);
    a = await createOrgViaApi(t, 'Works A');
    m = await siteWithMeters(t, a.adminKey, 'Plant', ['MAIN', 'LINE', 'HVAC']);
    for (const child of ['LINE', 'HVAC']) {
      const res = await http.put(a.adminKey, `/v1/meters/${m[child]}/place`, { parent: 'MAIN' });
      expect(res.statusCode, res.body).to.equal(200);
    }
    await addRule('loss', { kind: 'loss', scope: 'organisation', params: { maxPercent: '5' } });
    await addRule('power', {
      kind: 'threshold',
      scope: 'group',
      meterIds: [m.MAIN, m.LINE],
      params: { metric: 'power', period: 'interval', above: '3.5' },
    });
    await ingest(t, a.adminKey, [
      ...day('MAIN', '2025-03-03', () => '1'),
      ...day('LINE', '2025-03-03', () => '0.5'),
      ...day('HVAC', '2025-03-03', () => '0.4'),
    ]);
    await settle();
  });
  after(async function () {
    await worker.stop();
    await t.app.close();
    await db.drop();
  });

  it('refuses power over a day and a zero tolerance, naming the field', async function () {
    const cases: [Record<string, unknown>, string][] = [
      [
        { kind: 'threshold', scope: 'organisation', params: { metric: 'power', period: 'day', above: '1' } },
        'params.period',
      ],
      [{ kind: 'loss', scope: 'organisation', params: { maxPercent: '0' } }, 'params.maxPercent'],
      [{ kind: 'loss', scope: 'organisation', params: { above: '3' } }, 'params.above'],
    ];
    for (const [body, field] of cases) {
      const res = await http.post(a.adminKey, '/v1/alert-rules', { name: 'bad', ...body });
      expect(res.statusCode, res.body).to.equal(422);
      expect(res.json()).to.include({ code: 'NT_ERR_ALERT_RULE_INVALID', field });
    }
  });

  it('raises 10.00 % losses on the parent meter only, with parent, children and loss in kWh', async function () {
    const list = await alertsOf(`?ruleId=${rules.loss}`);
    expect(list.map((x) => x.meterId)).to.deep.equal([m.MAIN]);
    expect(list[0]).to.include({
      state: 'open',
      day: '2025-03-03',
      observed: '10.00',
      expected: '5',
      deviation: '5.00',
    });
    expect(list[0].details).to.include({
      parent: '96.000000',
      children: '86.400000',
      loss: '9.600000',
      unit: 'kWh',
      childMeters: 2,
      direction: 'losses',
    });
  });

  it('power: 4 kW average on MAIN above 3.5 kW, LINE at 2 kW stays quiet', async function () {
    const list = await alertsOf(`?ruleId=${rules.power}`);
    expect(list.map((x) => x.meterId)).to.deep.equal([m.MAIN]);
    expect(list[0]).to.include({ observed: '4.000000', expected: '3.5', deviation: '0.500000' });
    expect(list[0].details).to.include({ unit: 'kW', over: 96 });
  });

  it('late data of a sub-meter re-judges the parent: 50.00 % losses without HVAC, 2.00 % once it arrives', async function () {
    await ingest(t, a.adminKey, [...day('MAIN', '2025-03-05', () => '1'), ...day('LINE', '2025-03-05', () => '0.5')]);
    await settle();
    const open = await alertsOf(`?ruleId=${rules.loss}&state=open`);
    expect(open).to.have.length(1);
    expect(open[0]).to.include({ day: '2025-03-05', observed: '50.00' });
    await ingest(
      t,
      a.adminKey,
      day('HVAC', '2025-03-05', () => '0.48'),
    );
    await settle();
    const list = await alertsOf(`?ruleId=${rules.loss}`);
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ state: 'resolved', resolvedBy: 'system' });
  });

  it('sub-meters reading more than the parent are a finding of their own (a metering fault)', async function () {
    await ingest(t, a.adminKey, [
      ...day('MAIN', '2025-03-04', () => '1'),
      ...day('LINE', '2025-03-04', () => '0.6'),
      ...day('HVAC', '2025-03-04', () => '0.5'),
    ]);
    await settle();
    const open = await alertsOf(`?ruleId=${rules.loss}&state=open`);
    expect(open).to.have.length(1);
    expect(open[0]).to.include({ meterId: m.MAIN, day: '2025-03-04', observed: '-10.00', deviation: '-5.00' });
    expect(open[0].details).to.include({ children: '105.600000', direction: 'children_exceed_parent' });
    expect(open[0].message).to.match(/CT ratios/);
  });
});

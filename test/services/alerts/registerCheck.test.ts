import { expect } from 'chai';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import type { Alert } from '../../../services/alerts/alertStore';
import type { MeterDay } from '../../../services/alerts/conditions';
import { toRational } from '../../../services/alerts/meterDayData';
import { registerCheck } from '../../../services/alerts/registerCheck';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { api, ingest, manualWorker } from './helpers';

const T0 = Date.parse('2025-03-03T00:00:00+08:00');
const at = (i: number) => new Date(T0 + i * 900_000).toISOString();

/**
 * Register vs. sum of intervals on a hand-worked day (electricity, 15 minutes, Asia/Shanghai, 3 March 2025):
 * - REG (cumulative) reads 5,000 at 00:00 and gains 10 kWh a quarter hour for 80 quarters, then 12.5 for 16:
 *   80 × 10 + 16 × 12.5 = 800 + 200 = 1,000.0 kWh; its last read is 6,000 at 00:00 on 4 March.
 * - CH (interval, same flow) sends CT secondary values 0.4 (first 80) and 0.5 (last 16) = 32 + 8 = 40 per day; it was
 *   configured with CT ratio 24 (120/5) where 125/5 (25) is fitted: 40 × 24 = 960.0 kWh.
 * - Difference 1,000 − 960 = 40 kWh = 4.00 % of the register > 2 % (deviation 2.00): raised on CH.
 * - CT ratio corrected to 25 (PATCH, from then on). 4 March: CH 40 × 25 = 1,000.0 kWh; the register's first 48 reads
 *   give 480 kWh: 480 − 1,000 = −520 = −108.33 % of the register (deviation −108.33 − (−2) = −106.33), the same alert
 *   moves to 4 March; the other 48 reads add 32 × 10 + 16 × 12.5 = 520: 1,000 both, the alert resolves by itself.
 */
describe('alert rules: register vs. sum of intervals for paired channels', function () {
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let http: ReturnType<typeof api>;
  const m: Record<string, string> = {};
  let ruleId: string;

  const settle = async () => {
    // The register's day queues its paired interval channel for the next pass.
    await worker.tick();
    await worker.tick();
  };
  const alerts = async (): Promise<Alert[]> => {
    const res = await http.get(a.adminKey, `/v1/alerts?ruleId=${ruleId}`);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as Alert[];
  };
  const meter = async (key: string, siteId: string, externalId: string, extra: Record<string, unknown>) => {
    const res = await http.post(key, '/v1/meters', { siteId, externalId, energyKind: 'electricity', ...extra });
    expect(res.statusCode, res.body).to.equal(201);
    return res.json().id as string;
  };
  /** One local day of CH's CT secondary values from quarter `from`: 0.4 for the first 80, 0.5 for the last 16. */
  const channelDay = (from: number) =>
    Array.from({ length: 96 }, (_, i) => ({ meter: 'CH', start: at(from + i), value: i < 80 ? '0.4' : '0.5' }));
  /** REG's reads at quarters first..last of the day from quarter `from`, starting at `base` when the day begins. */
  const registerReads = (from: number, base: number, first: number, last: number) =>
    Array.from({ length: last - first + 1 }, (_, k) => {
      const i = first + k;
      const value = base + 10 * Math.min(i, 80) + 12.5 * Math.max(i - 80, 0);
      return { meter: 'REG', at: at(from + i), value: value.toFixed(1) };
    });
  const pair = (key: string, id: string, registerMeterId: string) =>
    http.put(key, `/v1/meters/${id}/paired-register`, { registerMeterId });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    http = api(t);
    worker = manualWorker(db.db);
    a = await createOrgViaApi(t, 'Works A');
    b = await createOrgViaApi(t, 'Works B');
    const siteA = (await http.post(a.adminKey, '/v1/sites', { name: 'Plant', gridRegion: 'East' })).json().id;
    const siteB = (await http.post(b.adminKey, '/v1/sites', { name: 'Other', gridRegion: 'East' })).json().id;
    m.CH = await meter(a.adminKey, siteA, 'CH', { registerType: 'interval', ctRatio: '24' });
    m.CH2 = await meter(a.adminKey, siteA, 'CH2', { registerType: 'interval' });
    m.REG = await meter(a.adminKey, siteA, 'REG', { registerType: 'cumulative' });
    m.GAS = await meter(a.adminKey, siteA, 'GAS', { registerType: 'cumulative', energyKind: 'natural_gas' });
    m.REGB = await meter(b.adminKey, siteB, 'REGB', { registerType: 'cumulative' });
    const rule = await http.post(a.adminKey, '/v1/alert-rules', {
      name: 'register check',
      kind: 'register_check',
      scope: 'organisation',
      params: { maxPercent: '2', minDifference: '1' },
    });
    expect(rule.statusCode, rule.body).to.equal(201);
    ruleId = rule.json().id;
  });
  after(async function () {
    await worker.stop();
    await t.app.close();
    await db.drop();
  });

  it("refuses another organisation's register as not found (404)", async function () {
    const res = await pair(a.adminKey, m.CH, m.REGB);
    expect(res.statusCode, res.body).to.equal(404);
    expect(res.json().code).to.equal('NT_ERR_NOT_FOUND');
  });

  it('refuses the wrong register types and another energy kind (422, naming the field)', async function () {
    const cases: [string, string, string][] = [
      [m.CH, 'CH2', 'registerMeterId'],
      [m.REG, 'REG', 'id'],
      [m.CH, 'GAS', 'registerMeterId'],
    ];
    for (const [id, target, field] of cases) {
      const res = await pair(a.adminKey, id, target);
      expect(res.statusCode, res.body).to.equal(422);
      expect(res.json()).to.include({ code: 'NT_ERR_METER_PAIRING', field });
      expect(res.json().hint).to.include('paired-register');
    }
  });

  it('refuses a zero tolerance and an unknown parameter, naming the field', async function () {
    const cases: [Record<string, unknown>, string][] = [
      [{ maxPercent: '0' }, 'params.maxPercent'],
      [{ above: '3' }, 'params.above'],
    ];
    for (const [params, field] of cases) {
      const body = { name: 'bad', kind: 'register_check', scope: 'organisation', params };
      const res = await http.post(a.adminKey, '/v1/alert-rules', body);
      expect(res.statusCode, res.body).to.equal(422);
      expect(res.json()).to.include({ code: 'NT_ERR_ALERT_RULE_INVALID', field });
    }
  });

  it('needs an admin key to pair or unpair; a read key may look (403 NT_ERR_AUTH_SCOPE)', async function () {
    const read = (await http.post(a.adminKey, '/v1/api-keys', { name: 'reader', scopes: ['read'] })).json().key;
    const put = await pair(read, m.CH, 'REG');
    expect(put.statusCode, put.body).to.equal(403);
    expect(put.json().code).to.equal('NT_ERR_AUTH_SCOPE');
    expect((await http.del(read, `/v1/meters/${m.CH}/paired-register`)).statusCode).to.equal(403);
    expect((await http.get(read, `/v1/meters/${m.CH}/paired-register`)).json().registerMeterId).to.equal(null);
  });

  it('pairs CH with REG by external id and lets another organisation see none of it', async function () {
    const res = await pair(a.adminKey, m.CH, 'REG');
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.deep.equal({ meterId: m.CH, registerMeterId: m.REG });
    const shown = await http.get(a.adminKey, '/v1/meters/CH/paired-register');
    expect(shown.json()).to.deep.equal({ meterId: m.CH, registerMeterId: m.REG });
    expect((await pair(b.adminKey, m.CH, m.REGB)).statusCode).to.equal(404);
    expect((await http.get(b.adminKey, `/v1/meters/${m.CH}/paired-register`)).statusCode).to.equal(404);
    expect((await http.del(b.adminKey, `/v1/meters/${m.CH}/paired-register`)).statusCode).to.equal(404);
  });

  it('waits for the register: the channel alone raises nothing', async function () {
    await ingest(t, a.adminKey, channelDay(0));
    await settle();
    expect(await alerts()).to.have.length(0);
  });

  it("raises 4.00 % on CH once the register's day arrives (1,000.0 vs 960.0 kWh)", async function () {
    const reads = registerReads(0, 5000, 0, 96);
    expect(reads[96].value).to.equal('6000.0');
    await ingest(t, a.adminKey, reads);
    await settle();
    const list = await alerts();
    expect(list.map((x) => x.meterId)).to.deep.equal([m.CH]);
    expect(list[0]).to.include({
      state: 'open',
      day: '2025-03-03',
      observed: '4.00',
      expected: '2',
      deviation: '2.00',
    });
    expect(list[0].details).to.include({
      register: '1000.000000',
      intervals: '960.000000',
      difference: '40.000000',
      unit: 'kWh',
      direction: 'intervals_below_register',
    });
    expect(list[0].message).to.match(/CT\/PT/);
  });

  it("after the CT correction, the register's late half re-judges CH: −108.33 %, then agreement resolves", async function () {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/meters/${m.CH}`,
      headers: auth(a.adminKey),
      payload: { ctRatio: '25', reason: 'CT 125/5 fitted, 120/5 configured' },
    });
    expect(res.statusCode, res.body).to.equal(200);
    await ingest(t, a.adminKey, channelDay(96));
    // Half of 4 March's register reads: 48 × 10 = 480 kWh against the channel's 40 × 25 = 1,000 kWh.
    await ingest(t, a.adminKey, registerReads(96, 6000, 1, 48));
    await settle();
    const open = await alerts();
    expect(open).to.have.length(1);
    expect(open[0]).to.include({ state: 'open', day: '2025-03-04', observed: '-108.33', deviation: '-106.33' });
    expect(open[0].details).to.include({
      register: '480.000000',
      intervals: '1000.000000',
      direction: 'intervals_above_register',
    });
    // The rest: 32 × 10 + 16 × 12.5 = 520 more, 1,000 kWh both.
    await ingest(t, a.adminKey, registerReads(96, 6000, 49, 96));
    await settle();
    const list = await alerts();
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ state: 'resolved', resolvedBy: 'system' });
  });

  it('minDifference: 4 kWh of 100 (4.00 %) counts from minDifference 4, not from 5', function () {
    const d = {
      day: '2025-03-06',
      unit: 'kWh',
      readings: [{ start: 0, quantity: toRational('96'), flags: 0 }],
    } as unknown as MeterDay;
    const register = toRational('100');
    expect(registerCheck({ maxPercent: '2', minDifference: '5' }, d, register)).to.equal(null);
    expect(registerCheck({ maxPercent: '2', minDifference: '4' }, d, register)).to.include({ observed: '4.00' });
    expect(registerCheck({ maxPercent: '4', minDifference: '0' }, d, register)).to.equal(null);
  });

  it('an unpaired channel is no longer judged: 5 March (480 vs 1,000 kWh) raises nothing', async function () {
    const res = await http.del(a.adminKey, `/v1/meters/${m.CH}/paired-register`);
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.deep.equal({ meterId: m.CH, registerMeterId: null });
    expect((await http.get(a.adminKey, `/v1/meters/${m.CH}/paired-register`)).json().registerMeterId).to.equal(null);
    await ingest(t, a.adminKey, [...channelDay(192), ...registerReads(192, 7000, 1, 48)]);
    await settle();
    expect((await alerts()).map((x) => x.state)).to.deep.equal(['resolved']);
  });
});

import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

describe('what-if API (POST /v1/scenarios/preview)', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  const T0 = Date.parse('2025-02-28T16:00:00Z'); // 2025-03-01 00:00 Asia/Shanghai

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Alpha');
    b = await createOrgViaApi(t, 'Beta');
    const site = (await post(a.adminKey, '/v1/sites', { name: 'P', gridRegion: 'East' })).json();
    await post(a.adminKey, '/v1/meters', {
      siteId: site.id,
      externalId: 'E',
      energyKind: 'electricity',
      registerType: 'interval',
    });
    const readings = Array.from({ length: 96 }, (_, i) => ({
      meter: 'E',
      start: new Date(T0 + i * 900_000).toISOString(),
      value: '10',
    }));
    const res = await post(a.adminKey, '/v1/readings', { readings });
    expect(res.statusCode, res.body).to.equal(200);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  function post(key: string, url: string, payload: unknown) {
    return t.app.inject({ method: 'POST', url, headers: auth(key), payload: payload as object });
  }

  it('answers base, scenario and difference from the stored readings', async function () {
    // 960 kWh × 0.5500 (East 2025 → 2023 factor) = 528 kg; with 0.5 MWh own PV: 460 kWh × 0.55 = 253 kg.
    const res = await post(a.adminKey, '/v1/scenarios/preview', {
      start: '2025-03-01',
      end: '2025-03-02',
      changes: [{ kind: 'pv', mwh: '0.5' }],
    });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().figures.scope2Location).to.deep.equal({
      base: '528.000',
      scenario: '253.000',
      difference: '-275.000',
    });
    expect(res.json().changes[0]).to.include({ kind: 'pv' });
    expect(res.json().allowances).to.include({ year: null });
  });

  it('states the allowance position for a compliance year', async function () {
    const res = await post(a.adminKey, '/v1/scenarios/preview', {
      start: '2025-01-01',
      end: '2026-01-01',
      changes: [{ kind: 'production', percent: '200' }],
    });
    // 528 kg → 1 t owed; × 3 = 1,584 kg → 2 t; nothing held (no chain here).
    expect(res.json().allowances).to.deep.include({
      year: 2025,
      heldT: '0',
      obligationT: { base: '1', scenario: '2' },
      positionT: { base: '-1', scenario: '-2' },
    });
  });

  it('refuses a change that cannot apply with a code and a hint, and an unknown kind by schema', async function () {
    const res = await post(a.adminKey, '/v1/scenarios/preview', {
      start: '2025-03-01',
      end: '2025-03-02',
      changes: [{ kind: 'fuel_switch', from: 'diesel', to: 'electricity' }],
    });
    expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_SCENARIO_INVALID' });
    expect(res.json().message).to.match(/imports no diesel/);
    const bad = await post(a.adminKey, '/v1/scenarios/preview', {
      start: '2025-03-01',
      end: '2025-03-02',
      changes: [{ kind: 'magic', percent: '10' }],
    });
    expect(bad.json()).to.include({ statusCode: 400, code: 'NT_ERR_REQUEST_INVALID' });
  });

  it("computes over the caller's own data only", async function () {
    const res = await post(b.adminKey, '/v1/scenarios/preview', {
      start: '2025-03-01',
      end: '2025-03-02',
      changes: [{ kind: 'pv', mwh: '0.5' }],
    });
    expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_ACCOUNTING_NO_DATA' });
  });
});

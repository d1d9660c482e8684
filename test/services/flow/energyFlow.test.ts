import { expect } from 'chai';
import { call } from '../../helpers/participants';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Flow {
  unit: string;
  nodes: { id: string; kind: string; name: string }[];
  links: { source: string; target: string; kgce: string }[];
  balances: {
    meter: string;
    unit: string;
    quantity: string;
    childrenQuantity: string;
    difference: string;
    differencePercent: string | null;
  }[];
  unplaced: string[];
}

/**
 * A plant on one day (Asia/Shanghai): MAIN measures 400 kWh; below it WORKSHOP 240 kWh (production) and HVAC 120 kWh
 * (hvac), so 40 kWh (10.0 %) is losses and unmetered use; PV exports 20 kWh; LOOSE is a sub-meter placed nowhere.
 * Electricity is 0.1229 kgce/kWh in the default factor set.
 */
describe('energy flow (能流): GET /v1/energy-flow and PUT /v1/meters/{id}/place', function () {
  this.timeout(60_000);
  let db: TestDb;
  let t: TestApp;
  let key: string;
  let otherKey: string;
  let flow: Flow;

  const day = Date.parse('2026-03-01T16:00:00Z');
  async function meter(k: string, siteId: string, externalId: string, extra: object, perQuarter: string) {
    await call(t, k, 'POST', '/v1/meters', { siteId, externalId, energyKind: 'electricity', ...extra });
    await call(t, k, 'POST', '/v1/readings', {
      readings: Array.from({ length: 4 }, (_, i) => ({
        meter: externalId,
        start: new Date(day + i * 900_000).toISOString(),
        value: perQuarter,
      })),
    });
  }
  const place = (k: string, id: string, body: object) =>
    t.app.inject({ method: 'PUT', url: `/v1/meters/${id}/place`, headers: auth(k), payload: body });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    key = (await createOrgViaApi(t, 'Flow Steel')).adminKey;
    otherKey = (await createOrgViaApi(t, 'Flow Cement')).adminKey;
    const site = await call(t, key, 'POST', '/v1/sites', { name: 'Plant', gridRegion: 'East' });
    await meter(key, site.id, 'MAIN', {}, '100');
    await meter(key, site.id, 'WORKSHOP', { accountingRole: 'submeter' }, '60');
    await meter(key, site.id, 'HVAC', { accountingRole: 'submeter' }, '30');
    await meter(key, site.id, 'PV', { flow: 'export' }, '5');
    await meter(key, site.id, 'LOOSE', { accountingRole: 'submeter' }, '1');
    const otherSite = await call(t, otherKey, 'POST', '/v1/sites', { name: 'Kiln', gridRegion: 'East' });
    await meter(otherKey, otherSite.id, 'SECRET', {}, '7');
    for (const [id, body] of [
      ['WORKSHOP', { parent: 'MAIN', endUse: 'production' }],
      ['HVAC', { parent: 'MAIN', endUse: 'hvac' }],
    ] as const) {
      const res = await place(key, id, body);
      expect(res.statusCode, res.body).to.equal(200);
    }
    flow = await call(t, key, 'GET', '/v1/energy-flow?from=2026-03-02&to=2026-03-03');
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('links purchased electricity → site → MAIN → sub-meters → end uses, and the rest to losses, in kgce', function () {
    const named = (id: string) => flow.nodes.find((n) => n.id === id)?.name;
    const links = flow.links.map((l) => [named(l.source), named(l.target), l.kgce]);
    expect(flow.unit).to.equal('kgce');
    expect(links).to.deep.include.members([
      ['electricity', 'Plant', '49.160000'],
      ['Plant', 'MAIN', '49.160000'],
      ['MAIN', 'WORKSHOP', '29.496000'],
      ['WORKSHOP', 'production', '29.496000'],
      ['MAIN', 'HVAC', '14.748000'],
      ['HVAC', 'hvac', '14.748000'],
      ['MAIN', 'Plant', '4.916000'],
      ['Plant', 'electricity', '2.458000'],
    ]);
    expect(links).to.have.length(8);
    expect(flow.nodes.find((n) => n.kind === 'losses')?.id).to.match(/^losses:/);
    expect(flow.nodes.find((n) => n.kind === 'export')?.id).to.equal('export:electricity');
  });

  it('states the balance of MAIN: 400 kWh measured, 360 kWh below it, 40 kWh (10.0 %) losses and unmetered', function () {
    expect(flow.balances).to.deep.equal([
      {
        meter: 'MAIN',
        unit: 'kWh',
        quantity: '400.000000',
        childrenQuantity: '360.000000',
        difference: '40.000000',
        differencePercent: '10.0',
      },
    ]);
  });

  it('names the sub-meter placed nowhere instead of counting it twice', function () {
    expect(flow.unplaced).to.deep.equal(['LOOSE']);
  });

  it('refuses a cycle, a meter of another kind, and itself as parent, with a code and a hint', async function () {
    const cycle = await place(key, 'MAIN', { parent: 'WORKSHOP' });
    expect([cycle.statusCode, cycle.json().code]).to.deep.equal([422, 'NT_ERR_METER_TOPOLOGY']);
    expect(cycle.json().message).to.include('cycle');
    expect(cycle.json().hint).to.include('PUT /v1/meters/{id}/place');
    const self = await place(key, 'MAIN', { parent: 'MAIN' });
    expect(self.json().code).to.equal('NT_ERR_METER_TOPOLOGY');
    const site = (await call(t, key, 'GET', '/v1/sites'))[0];
    await call(t, key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'GAS', energyKind: 'natural_gas' });
    const kind = await place(key, 'GAS', { parent: 'MAIN' });
    expect([kind.statusCode, kind.json().code]).to.deep.equal([422, 'NT_ERR_METER_TOPOLOGY']);
  });

  it('never lets an organisation place under, or see, another organisation’s meter', async function () {
    const res = await place(key, 'LOOSE', { parent: 'SECRET' });
    expect(res.statusCode).to.equal(404);
    const theirs = await place(otherKey, 'SECRET', { parent: 'MAIN' });
    expect(theirs.statusCode).to.equal(404);
    expect(JSON.stringify(flow)).not.to.include('SECRET');
  });

  it('refuses a period that ends before it starts', async function () {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/energy-flow?from=2026-03-03&to=2026-03-02',
      headers: auth(key),
    });
    expect([res.statusCode, res.json().code]).to.deep.equal([422, 'NT_ERR_ACCOUNTING_PERIOD']);
  });
});

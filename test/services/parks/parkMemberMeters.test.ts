import { expect } from 'chai';
import { createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { call, createOrg, join, meter, type Org } from './parkFixture';

/**
 * GET /v1/park/members/{orgId}/meters: the meters a park may name in a member's series and in its alert rules' meterIds,
 * only for a consenting member that granted meter data. Cement (meters grant) has B and B2; Steel granted aggregated
 * figures only; Outsider never joined.
 */
describe("a park member's meters (GET /v1/park/members/{orgId}/meters)", function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let park: Org;
  let steel: Org;
  let cement: Org;
  let outsider: Org;

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    park = await createOrg(t, 'Meters Park', ['park']);
    steel = await createOrg(t, 'Meters Steel');
    cement = await createOrg(t, 'Meters Cement');
    outsider = await createOrg(t, 'Meters Outsider');
    await meter(t, steel, 'S1', 'electricity');
    await meter(t, cement, 'B2', 'electricity');
    await meter(t, cement, 'B', 'natural_gas');
    await meter(t, outsider, 'O1', 'electricity');
    await join(t, park, steel);
    await join(t, park, cement, 'meters');
  });

  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it("lists Cement's meters, by external id, with the ids its own GET /v1/meters shows", async function () {
    const res = await call(t, park.key, 'GET', `/v1/park/members/${cement.orgId}/meters`);
    expect(res.statusCode, res.body).to.equal(200);
    const own = (await call(t, cement.key, 'GET', '/v1/meters')).json() as { id: string; externalId: string }[];
    const idOf = (externalId: string) => own.find((m) => m.externalId === externalId)?.id;
    expect(res.json().meters).to.deep.equal([
      { id: idOf('B'), externalId: 'B', name: null, energyKind: 'natural_gas', unit: 'm3', accountingRole: 'boundary' },
      {
        id: idOf('B2'),
        externalId: 'B2',
        name: null,
        energyKind: 'electricity',
        unit: 'kWh',
        accountingRole: 'boundary',
      },
    ]);
  });

  it('refuses the meters of Steel, which granted aggregated figures only', async function () {
    const res = await call(t, park.key, 'GET', `/v1/park/members/${steel.orgId}/meters`);
    expect(res.statusCode).to.equal(403);
    expect(res.json().code).to.equal('NT_ERR_PARK_METERS_NOT_GRANTED');
    expect(res.json().hint).to.be.a('string').and.not.equal('');
  });

  it('refuses the meters of an enterprise that is not a member', async function () {
    const res = await call(t, park.key, 'GET', `/v1/park/members/${outsider.orgId}/meters`);
    expect(res.statusCode).to.equal(404);
    expect(res.json().code).to.equal('NT_ERR_PARK_NOT_MEMBER');
  });

  it('refuses an enterprise that is not a park', async function () {
    const res = await call(t, cement.key, 'GET', `/v1/park/members/${cement.orgId}/meters`);
    expect(res.statusCode).to.equal(403);
    expect(res.json().hint).to.be.a('string').and.not.equal('');
  });
});

import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const LOCAL_START = Date.parse('2026-11-05T00:00:00+08:00');
const at = (i: number) => new Date(LOCAL_START + i * 900_000).toISOString();

describe('meter corrections: CT/PT and unit with a reason and an audit trail, retirement', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let siteId: string;

  const call = (key: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });
  const createMeter = async (externalId: string, extra: Record<string, unknown> = {}) => {
    const res = await call(a.adminKey, 'POST', '/v1/meters', {
      siteId,
      externalId,
      energyKind: 'electricity',
      ...extra,
    });
    expect(res.statusCode, res.body).to.equal(201);
    return res.json() as { id: string };
  };
  const ingest = (readings: unknown[]) => call(a.adminKey, 'POST', '/v1/readings', { readings });
  const quarterValues = async (meter: string, from: number, to: number) =>
    (
      await call(
        a.adminKey,
        'GET',
        `/v1/series?meter=${meter}&from=${encodeURIComponent(at(from))}&to=${encodeURIComponent(at(to))}&resolution=15min`,
      )
    )
      .json()
      .points.map((p: string[]) => p[1]);

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Meters Alpha');
    b = await createOrgViaApi(t, 'Meters Beta');
    siteId = (await call(a.adminKey, 'POST', '/v1/sites', { name: 'Plant', gridRegion: 'East' })).json().id;
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('refuses a CT/PT correction without a reason, naming the audit trail route', async function () {
    const meter = await createMeter('M-NOREASON');
    const res = await call(a.adminKey, 'PATCH', `/v1/meters/${meter.id}`, { ctRatio: '200' });
    expect(res.statusCode).to.equal(400);
    expect(res.json().code).to.equal('NT_ERR_METER_REASON_REQUIRED');
    expect(res.json().hint).to.include('/v1/meters/{id}/changes');
    expect((await call(a.adminKey, 'GET', `/v1/meters/${meter.id}`)).json().ctRatio).to.equal('1');
  });

  it('applies a ratio change to readings received after it; raw and earlier cleaned readings stay', async function () {
    const meter = await createMeter('M-CT');
    expect((await ingest([0, 1].map((i) => ({ meter: 'M-CT', start: at(i), value: '1.5' })))).statusCode).to.equal(200);
    const res = await call(a.adminKey, 'PATCH', `/v1/meters/${meter.id}`, {
      ctRatio: '200',
      ptRatio: '10',
      reason: 'CT 200/5 replaced the 1/1 test transformer',
    });
    expect(res.statusCode, res.body).to.equal(200);
    const body = res.json();
    expect(body).to.include({ ctRatio: '200', ptRatio: '10' });
    expect(body.changeId).to.be.a('number');
    expect(Date.parse(body.appliesFrom)).to.be.closeTo(Date.now(), 60_000);
    expect((await ingest([2, 3].map((i) => ({ meter: 'M-CT', start: at(i), value: '1.5' })))).statusCode).to.equal(200);
    expect(await quarterValues('M-CT', 0, 4)).to.deep.equal(['1.5', '1.5', '3000', '3000']);
    const raw = await db.db.query<{ value: string }>(
      'select value::text as value from raw_readings where meter_id = $1::uuid order by reading_time',
      [meter.id],
    );
    expect(raw.rows.map((r) => r.value)).to.deep.equal(['1.5', '1.5', '1.5', '1.5']);
  });

  it('keeps who, when, before, after and why in the audit trail', async function () {
    const meter = await createMeter('M-AUDIT');
    await call(a.adminKey, 'PATCH', `/v1/meters/${meter.id}`, { readingUnit: 'MWh', reason: 'Gateway sends MWh' });
    await call(a.adminKey, 'PATCH', `/v1/meters/${meter.id}`, { name: 'Line 3 feeder' });
    const res = await call(a.adminKey, 'GET', `/v1/meters/${meter.id}/changes`);
    expect(res.statusCode, res.body).to.equal(200);
    const changes = res.json();
    expect(changes).to.have.length(2);
    expect(changes[0]).to.deep.include({
      action: 'correct',
      before: { readingUnit: 'kWh' },
      after: { readingUnit: 'MWh' },
      reason: 'Gateway sends MWh',
    });
    expect(a.adminKey).to.include(changes[0].changedBy.keyPrefix);
    expect(changes[1]).to.deep.include({ before: { name: null }, after: { name: 'Line 3 feeder' }, reason: null });
  });

  it('refuses a unit that does not fit the energy kind and CT/PT on a gas meter', async function () {
    const meter = await createMeter('M-UNIT');
    const unit = await call(a.adminKey, 'PATCH', `/v1/meters/${meter.id}`, { readingUnit: 'm3', reason: 'typo' });
    expect(unit.statusCode).to.equal(422);
    expect(unit.json().code).to.equal('NT_ERR_METER_CONFIG');
    const gas = (
      await call(a.adminKey, 'POST', '/v1/meters', { siteId, externalId: 'M-GAS', energyKind: 'natural_gas' })
    ).json();
    const ct = await call(a.adminKey, 'PATCH', `/v1/meters/${gas.id}`, { ctRatio: '2', reason: 'wrong' });
    expect(ct.statusCode).to.equal(422);
    expect(ct.json().hint).to.equal('Leave ctRatio and ptRatio at 1.');
  });

  it('re-bases a cumulative register on the new ratio, so the next delta is one register difference times it', async function () {
    await createMeter('M-REG', { registerType: 'cumulative' });
    const meter = (await call(a.adminKey, 'GET', '/v1/meters'))
      .json()
      .find((m: { externalId: string }) => m.externalId === 'M-REG');
    expect((await ingest([{ meter: 'M-REG', at: at(0), value: '100' }])).statusCode).to.equal(200);
    expect((await ingest([{ meter: 'M-REG', at: at(1), value: '104' }])).statusCode).to.equal(200);
    const res = await call(a.adminKey, 'PATCH', `/v1/meters/${meter.id}`, { ctRatio: '2', reason: 'CT 10/5 fitted' });
    expect(res.statusCode, res.body).to.equal(200);
    expect((await ingest([{ meter: 'M-REG', at: at(2), value: '110' }])).statusCode).to.equal(200);
    expect(await quarterValues('M-REG', 0, 2)).to.deep.equal(['4', '12']);
  });

  it('retires a meter: its readings are refused, changes too, and its data stays', async function () {
    const meter = await createMeter('M-OLD');
    expect((await ingest([{ meter: 'M-OLD', start: at(0), value: '7' }])).statusCode).to.equal(200);
    const res = await call(a.adminKey, 'POST', `/v1/meters/${meter.id}/retire`, { reason: 'Replaced by M-NEW' });
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json().retiredAt).to.be.a('string');
    const late = await ingest([{ meter: 'M-OLD', start: at(1), value: '7' }]);
    expect(late.statusCode).to.equal(422);
    expect(late.json().errors[0]).to.include({ code: 'NT_ERR_READING_METER_RETIRED', field: 'meter' });
    expect(late.json().errors[0].hint).to.include('GET /v1/meters');
    const patch = await call(a.adminKey, 'PATCH', `/v1/meters/${meter.id}`, { name: 'x' });
    expect(patch.statusCode).to.equal(409);
    expect(patch.json().code).to.equal('NT_ERR_METER_RETIRED');
    const again = await call(a.adminKey, 'POST', `/v1/meters/${meter.id}/retire`, {});
    expect(again.json().code).to.equal('NT_ERR_METER_RETIRED');
    expect(await quarterValues('M-OLD', 0, 1)).to.deep.equal(['7']);
    const changes = (await call(a.adminKey, 'GET', `/v1/meters/${meter.id}/changes`)).json();
    expect(changes.map((c: { action: string }) => c.action)).to.deep.equal(['retire']);
    expect(changes[0].reason).to.equal('Replaced by M-NEW');
  });

  it('never lets another organisation correct, retire or read the trail of a meter', async function () {
    const meter = await createMeter('M-PRIVATE');
    const patch = await call(b.adminKey, 'PATCH', `/v1/meters/${meter.id}`, { ctRatio: '5', reason: 'sabotage' });
    const retire = await call(b.adminKey, 'POST', `/v1/meters/${meter.id}/retire`, {});
    const trail = await call(b.adminKey, 'GET', `/v1/meters/${meter.id}/changes`);
    for (const res of [patch, retire, trail]) expect(res.statusCode).to.equal(404);
    expect((await call(a.adminKey, 'GET', `/v1/meters/${meter.id}`)).json()).to.include({
      ctRatio: '1',
      retiredAt: null,
    });
  });

  it('needs the admin scope to correct', async function () {
    const read = await call(a.adminKey, 'POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] });
    const meter = await createMeter('M-SCOPE');
    const res = await call(read.json().key, 'PATCH', `/v1/meters/${meter.id}`, { ctRatio: '5', reason: 'x' });
    expect(res.statusCode).to.equal(403);
    expect(res.json().code).to.equal('NT_ERR_AUTH_SCOPE');
  });
});

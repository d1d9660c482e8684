import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { QualityFlag } from '../../../services/lib/qualityFlags';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

// One local day (Asia/Shanghai) of 15-minute data on two electricity meters and one gas meter. G-E1 reads 1 kWh per
// interval except interval 10 (missing: VEE interpolates it) and interval 20 (50 kWh: a spike, ratio limit 10);
// G-E2 reads 2 kWh everywhere.
const LOCAL_START = Date.parse('2026-11-03T00:00:00+08:00');
const INTERVALS = 96;
const at = (i: number) => new Date(LOCAL_START + i * 900_000).toISOString();
const unix = (iso: string) => Date.parse(iso) / 1000;
const FIXTURE = path.join(__dirname, '../../fixtures/series/group-15min.csv');
const period = `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(INTERVALS))}`;

describe('GET /v1/series: groups, quality flags and CSV', function () {
  let db: TestDb;
  let t: TestApp;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };

  const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(key) });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = await createOrgViaApi(t, 'Group Alpha');
    b = await createOrgViaApi(t, 'Group Beta');
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(a.adminKey),
      payload: { name: 'Plant', gridRegion: 'East' },
    });
    for (const [externalId, energyKind] of [
      ['G-E1', 'electricity'],
      ['G-E2', 'electricity'],
      ['G-GAS', 'natural_gas'],
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/meters',
        headers: auth(a.adminKey),
        payload: { siteId: site.json().id, externalId, energyKind },
      });
      expect(res.statusCode, res.body).to.equal(201);
    }
    const readings = [];
    for (let i = 0; i < INTERVALS; i++) {
      if (i !== 10) readings.push({ meter: 'G-E1', start: at(i), value: i === 20 ? '50' : '1' });
      readings.push({ meter: 'G-E2', start: at(i), value: '2' });
      readings.push({ meter: 'G-GAS', start: at(i), value: '3' });
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(a.adminKey),
      payload: { readings },
    });
    expect(res.statusCode, res.body).to.equal(200);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('marks the interpolated gap and the spike with their quality flags, point by point', async function () {
    const res = await get(a.adminKey, `/v1/series?meter=G-E1&${period}&resolution=15min`);
    expect(res.statusCode, res.body).to.equal(200);
    const body = res.json();
    expect(body.points).to.have.length(INTERVALS);
    expect(body.flags).to.have.length(INTERVALS);
    expect(body.qualityFlags.ESTIMATED).to.equal(QualityFlag.ESTIMATED);
    expect(body.flags[10] & QualityFlag.ESTIMATED).to.equal(QualityFlag.ESTIMATED);
    expect(body.flags[20] & QualityFlag.SPIKE).to.equal(QualityFlag.SPIKE);
    expect(body.flags[5] & (QualityFlag.ESTIMATED | QualityFlag.SPIKE)).to.equal(0);
  });

  it('carries the flags into coarser buckets: the day holds both, downsampled points keep them', async function () {
    const day = (await get(a.adminKey, `/v1/series?meter=G-E1&${period}&resolution=day`)).json();
    expect(day.points).to.have.length(1);
    expect(day.flags[0] & QualityFlag.ESTIMATED).to.equal(QualityFlag.ESTIMATED);
    expect(day.flags[0] & QualityFlag.SPIKE).to.equal(QualityFlag.SPIKE);
    const two = (await get(a.adminKey, `/v1/series?meter=G-E1&${period}&resolution=hour&width=2`)).json();
    expect(two.flags[0] & (QualityFlag.ESTIMATED | QualityFlag.SPIKE)).to.equal(
      QualityFlag.ESTIMATED | QualityFlag.SPIKE,
    );
    expect(two.flags[1] & (QualityFlag.ESTIMATED | QualityFlag.SPIKE)).to.equal(0);
  });

  it('sums a group of meters of one unit bucket by bucket (repeated meter=)', async function () {
    const one = (await get(a.adminKey, `/v1/series?meter=G-E1&${period}&resolution=hour`)).json();
    const group = await get(a.adminKey, `/v1/series?meter=G-E1&meter=G-E2&${period}&resolution=hour`);
    expect(group.statusCode, group.body).to.equal(200);
    const body = group.json();
    expect(body.unit).to.equal('kWh');
    expect(body.meters.map((m: { externalId: string }) => m.externalId)).to.deep.equal(['G-E1', 'G-E2']);
    expect(body.meter).to.equal(undefined);
    expect(body.points).to.have.length(24);
    // Hour 1 of G-E1 is 4 kWh, of G-E2 8 kWh; hour 5 holds the 50 kWh spike: 53 + 8.
    expect(one.points[1][1]).to.equal('4');
    expect(body.points[1]).to.deep.equal([unix(at(4)), '12', '12', '12']);
    expect(body.points[5][1]).to.equal('61');
    expect(body.flags[5] & QualityFlag.SPIKE).to.equal(QualityFlag.SPIKE);
  });

  it('refuses a group of different units with NT_ERR_SERIES_UNITS naming each unit', async function () {
    const res = await get(a.adminKey, `/v1/series?meter=G-E1&meter=G-GAS&${period}&resolution=hour`);
    expect(res.statusCode).to.equal(422);
    const body = res.json();
    expect(body.code).to.equal('NT_ERR_SERIES_UNITS');
    expect(body.hint).to.include('GET /v1/meters');
    expect(body.message).to.include('G-E1 kWh').and.to.include('G-GAS m3');
  });

  it('streams the same query as CSV, every bucket, with flag names', async function () {
    const res = await get(a.adminKey, `/v1/series.csv?meter=G-E1&meter=G-E2&${period}&resolution=15min`);
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).to.equal('start,mean,min,max,unit,flags');
    expect(lines).to.have.length(INTERVALS + 1);
    expect(lines[1]).to.equal(`${at(0)},3,3,3,kWh,`);
    expect(lines[11]).to.match(new RegExp(`^${at(10)},[0-9.]+,[0-9.]+,[0-9.]+,kWh,.*ESTIMATED`));
    expect(lines[21]).to.match(/,52,52,52,kWh,.*SPIKE/);
  });

  it('writes the CSV export exactly as the fixture users build on (test/fixtures/series)', async function () {
    const res = await get(a.adminKey, `/v1/series.csv?meter=G-E1&meter=G-E2&${period}&resolution=15min`);
    // The format is a promise: regenerate the fixture only on purpose (UPDATE_FIXTURES=1), never to make a test pass.
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(FIXTURE, res.body);
    expect(res.body).to.equal(readFileSync(FIXTURE, 'utf8'));
  });

  it("never sums another organisation's meter into a group: the whole query is a 404", async function () {
    const res = await get(b.adminKey, `/v1/series?meter=G-E1&meter=G-E2&${period}&resolution=hour`);
    expect(res.statusCode).to.equal(404);
    expect(res.json().code).to.equal('NT_ERR_NOT_FOUND');
    const csv = await get(b.adminKey, `/v1/series.csv?meter=G-E1&${period}&resolution=hour`);
    expect(csv.statusCode).to.equal(404);
    expect(csv.body).not.to.include('kWh');
  });
});

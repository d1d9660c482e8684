import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Day type as a baseline driver, by hand. A daily meter over January–February 2024 (60 days) reads 100 + n kWh on
 * working days and 40 + n kWh on non-working days, n = (7i mod 5) − 2 for day i. The calendar (PUT
 * /v1/calendar/days) makes 1 January and 10–17 February holidays and Sundays 4 and 18 February adjusted working days
 * (调休), as China's 2024 calendar did. With one indicator regressor D (1 working, 0 not), least squares gives
 * μ = the mean of the non-working days and β_D = mean(working) − mean(non-working): worked here from the days
 * classified by the weekday rule and the listed overrides, independently of the service.
 */
describe('the working-day calendar as a baseline driver (working_day)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let key: string;
  let meterId: string;
  const holidays = new Set(['2024-01-01', ...[10, 11, 12, 13, 14, 15, 16, 17].map((d) => `2024-02-${d}`)]);
  const workdays = new Set(['2024-02-04', '2024-02-18']);
  const days = Array.from({ length: 60 }, (_, i) =>
    new Date(Date.parse('2024-01-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10),
  );
  const working = (day: string) => {
    if (holidays.has(day)) return false;
    if (workdays.has(day)) return true;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  };
  const energy = days.map((day, i) => (working(day) ? 100 : 40) + ((7 * i) % 5) - 2);

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: auth(key), ...(payload ? { payload: payload as object } : {}) });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    key = (await createOrgViaApi(t, 'Day Type Works')).adminKey;
    const site = (await call('POST', '/v1/sites', { name: 'Works' })).json();
    const meter = await call('POST', '/v1/meters', {
      siteId: site.id,
      externalId: 'D',
      energyKind: 'electricity',
      intervalSeconds: 86400,
    });
    meterId = meter.json().id;
    const calendar = await call('PUT', '/v1/calendar/days', {
      days: [
        ...[...holidays].map((day) => ({ day, kind: 'holiday' })),
        ...[...workdays].map((day) => ({ day, kind: 'workday', name: '调休' })),
      ],
    });
    expect(calendar.statusCode, calendar.body).to.equal(200);
    const res = await call('POST', '/v1/readings', {
      readings: days.map((day, i) => ({ meter: 'D', start: `${day}T00:00:00+08:00`, value: String(energy[i]) })),
    });
    expect(res.statusCode, res.body).to.equal(200);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('serves working_day from the calendar: Saturday 0, the 调休 Sunday 1, a holiday Monday 0', async function () {
    const res = await call('GET', '/v1/drivers/working_day/values?from=2024-02-03&to=2024-02-06');
    expect(res.json().values).to.deep.equal([
      { day: '2024-02-03', value: '0' },
      { day: '2024-02-04', value: '1' },
      { day: '2024-02-05', value: '1' },
    ]);
    const holiday = await call('GET', '/v1/drivers/working_day/values?from=2024-02-12&to=2024-02-13');
    expect(holiday.json().values).to.deep.equal([{ day: '2024-02-12', value: '0' }]);
  });

  it('fits μ = mean of non-working days and β = mean(working) − mean(non-working), by hand', async function () {
    const res = await call('POST', '/v1/baselines', {
      meterIds: [meterId],
      periodStart: '2024-01-01',
      periodEnd: '2024-03-01',
      drivers: ['working_day'],
    });
    expect(res.statusCode, res.body).to.equal(201);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const on = mean(energy.filter((_, i) => working(days[i])));
    const off = mean(energy.filter((_, i) => !working(days[i])));
    const terms = res.json().model.terms as { term: string; coefficient: number }[];
    expect(terms.map((term) => term.term)).to.deep.equal(['intercept', 'driver:working_day']);
    expect(Math.abs(terms[0].coefficient - off)).to.be.below(1e-9);
    expect(Math.abs(terms[1].coefficient - (on - off))).to.be.below(1e-9);
    // 40 working days (23 + 21 weekdays − 1 January − 12–16 February + 4 and 18 February) and 20 non-working days.
    expect(days.filter(working)).to.have.length(40);
    expect(res.json().model.n).to.equal(60);
  });

  it('refuses an upload under the reserved name, with its code and hint', async function () {
    const res = await call('POST', '/v1/drivers/working_day/values', {
      unit: 'x',
      values: [{ day: '2024-01-01', value: '1' }],
    });
    expect([res.statusCode, res.json().code]).to.deep.equal([422, 'NT_ERR_ANALYSIS_DRIVER_RESERVED']);
    expect(res.json().hint).to.match(/PUT \/v1\/calendar\/days/);
  });
});

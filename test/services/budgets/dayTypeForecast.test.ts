import { expect } from 'chai';
import { parseRational } from '../../../services/accounting/rational';
import { forecastByDayType } from '../../../services/budgets/forecast';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const r = (x: string) => parseRational(x);

describe('budget forecasts by day type (working-day calendar)', function () {
  describe('the formula, by hand', function () {
    // Working days 10 and 12 (mean 11), non-working 4 and 6 (mean 5); 3 working and 2 non-working days remain.
    // Forecast 100 + 3 × 11 + 2 × 5 = 143. Spread about each type's mean: 1 + 1 + 1 + 1 = 4 over n − k = 4 − 2 = 2
    // degrees of freedom, s = √2 = 1.414214; t(90 %, 2) = 2.919986 (table 2.920); half width 2.919986 × 1.414214 ×
    // √5 = 9.234 → [133.766, 152.234]. Budget 150: only the upper bound crosses it.
    const history = [
      { value: r('10'), working: true },
      { value: r('4'), working: false },
      { value: r('12'), working: true },
      { value: r('6'), working: false },
    ];

    it('forecast = actual + remaining working days × working mean + remaining off days × off mean', function () {
      const f = forecastByDayType(r('100'), history, { working: 3, nonWorking: 2 }, '150');
      expect(f).to.include({ forecast: '143.000', workingMean: '11.000', nonWorkingMean: '5.000', dailyMean: '8.000' });
    });

    it('the interval pools the spread about each day type’s mean with n − k degrees of freedom', function () {
      const f = forecastByDayType(r('100'), history, { working: 3, nonWorking: 2 }, '150');
      expect([f.lower, f.upper, f.warning, f.headroom]).to.deep.equal([
        '133.766',
        '152.234',
        'upper_bound_over_budget',
        '7.000',
      ]);
    });

    it('a day type without history takes the mean of all history days', function () {
      const f = forecastByDayType(
        r('0'),
        history.filter((d) => d.working),
        { working: 1, nonWorking: 2 },
        null,
      );
      // 11 + 2 × 11 = 33
      expect([f.forecast, f.nonWorkingMean]).to.deep.equal(['33.000', '11.000']);
    });
  });

  /**
   * A budget month by hand (GB/T 2589 0.1229 kgce/kWh; East grid 0.5500 t/MWh standing in for 2025). Site "Press",
   * meter P, June 2025, budget 1,300 kg CO2e, forecast by day type. The calendar makes Monday 2 June a holiday (端午节)
   * and Saturday 28 June an adjusted working day (调休). Readings 1–14 June: working days 1 kWh a quarter hour
   * (96 kWh), non-working days 0.5 kWh (48 kWh).
   *   History (as of 15 June, 14 days): working 3–6, 9–13 June = 9 days; non-working 1, 2 (holiday), 7, 8, 14 = 5 days.
   *   Actual 9 × 96 + 5 × 48 = 1,104 kWh → 607.200 kg CO2e, 135.682 kgce (135.6816).
   *   Remaining 15–30 June (16 days): working 16–20, 23–27, 28 (调休), 30 = 12; non-working 15, 21, 22, 29 = 4.
   *   Means: working 96 × 0.55 = 52.8 kg, non-working 26.4 kg. Forecast 607.2 + 12 × 52.8 + 4 × 26.4 = 1,346.400 kg
   *   (2,448 kWh; energy 2,448 × 0.1229 = 300.859 kgce). The spread about each mean is zero: the interval is the point.
   *   By calendar days it would be 607.2 + 16 × 607.2 / 14 = 1,301.143 kg: the day types move the forecast 45.257 kg.
   */
  describe('a budget month with the calendar, through the API', function () {
    this.timeout(120_000);
    let db: TestDb;
    let t: TestApp;
    let key: string;
    let byType: string;
    let byDays: string;

    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const res = await t.app.inject({
        method,
        url,
        headers: auth(key),
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, res.body).to.be.below(300);
      return res.json();
    };

    before(async function () {
      db = await createTestDb();
      t = await createTestApp(db.db);
      key = (await createOrgViaApi(t, 'Press Works')).adminKey;
      const site = await call('POST', '/v1/sites', { name: 'Press', gridRegion: 'East' });
      await call('POST', '/v1/meters', { siteId: site.id, externalId: 'P', energyKind: 'electricity' });
      await call('PUT', '/v1/calendar/days', {
        days: [
          { day: '2025-06-02', kind: 'holiday', name: '端午节' },
          { day: '2025-06-28', kind: 'workday', name: '调休' },
        ],
      });
      const off = new Set(['2025-06-01', '2025-06-02', '2025-06-07', '2025-06-08', '2025-06-14']);
      const readings = [];
      for (let d = 1; d <= 14; d++) {
        const local = `2025-06-${String(d).padStart(2, '0')}`;
        const t0 = Date.parse(`${local}T00:00:00+08:00`);
        for (let i = 0; i < 96; i++) {
          readings.push({
            meter: 'P',
            start: new Date(t0 + i * 900_000).toISOString(),
            value: off.has(local) ? '0.5' : '1',
          });
        }
      }
      await call('POST', '/v1/readings', { readings });
      const budget = { siteId: site.id, periodStart: '2025-06-01', periodEnd: '2025-07-01', co2eKg: '1300' };
      byType = (await call('POST', '/v1/budgets', { ...budget, name: 'by type', forecastBy: 'day_type' })).id;
      byDays = (await call('POST', '/v1/budgets', { ...budget, name: 'by days' })).id;
    });
    after(async function () {
      await t.app.close();
      await db.drop();
    });

    it('splits the 16 remaining days by the calendar: 12 working (with the 调休 Saturday), 4 non-working', async function () {
      const status = await call('GET', `/v1/budgets/${byType}/status?asOf=2025-06-15`);
      expect(status).to.include({ remainingDays: 16, remainingWorkingDays: 12, remainingNonWorkingDays: 4 });
      expect(status.budget.forecastBy).to.equal('day_type');
    });

    it('forecasts 607.2 + 12 × 52.8 + 4 × 26.4 = 1,346.400 kg CO2e, crossing the 1,300 kg budget', async function () {
      const { co2eKg } = await call('GET', `/v1/budgets/${byType}/status?asOf=2025-06-15`);
      expect(co2eKg).to.include({
        actual: '607.200',
        workingMean: '52.800',
        nonWorkingMean: '26.400',
        forecast: '1346.400',
        lower: '1346.400',
        upper: '1346.400',
        headroom: '-46.400',
        warning: 'forecast_over_budget',
      });
    });

    it('forecasts energy 2,448 kWh × 0.1229 = 300.859 kgce', async function () {
      const { energyKgce } = await call('GET', `/v1/budgets/${byType}/status?asOf=2025-06-15`);
      expect([energyKgce.actual, energyKgce.forecast]).to.deep.equal(['135.682', '300.859']);
    });

    it('a budget by calendar days keeps one daily mean: 607.2 + 16 × 607.2 / 14 = 1,301.143 kg', async function () {
      const status = await call('GET', `/v1/budgets/${byDays}/status?asOf=2025-06-15`);
      expect([status.budget.forecastBy, status.co2eKg.forecast, status.remainingWorkingDays]).to.deep.equal([
        'calendar_days',
        '1301.143',
        undefined,
      ]);
    });

    it('refuses an unknown forecastBy', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/budgets',
        headers: auth(key),
        payload: { periodStart: '2025-06-01', periodEnd: '2025-07-01', co2eKg: '1', forecastBy: 'weekly' },
      });
      expect(res.statusCode).to.equal(400);
    });
  });
});

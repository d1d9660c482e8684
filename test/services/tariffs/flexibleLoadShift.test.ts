import { expect } from 'chai';
import { call } from '../../helpers/participants';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Recommendation {
  code: string;
  triggered: boolean;
  figures: Record<string, string>;
  meters: string[];
  lines?: Record<string, string>[];
  basis?: string;
  assumption?: string;
  flexibleMeters?: Record<string, string>[];
}

/**
 * Flexible meters and the calendar in the energy analysis, worked by hand. Asia/Shanghai, hourly meters, Fri 9 and
 * Sat 10 Oct 2026 (to = 11 Oct). Organisation tariff from 1 Sep: valley 22:00–08:00 at 0.3, peak 08:00–12:00 at 1.2,
 * flat 12:00–22:00 at 0.7 CNY/kWh. The calendar makes Fri 9 Oct a holiday and Sat 10 Oct an adjusted working day.
 * - MAIN (boundary): 10 kWh every hour of Friday (240), 5 kWh every hour of Saturday (120): 360 kWh.
 * - COMP (sub-meter, flagged flexible, max 40 %): 6 kWh in each peak hour 08–11 of both days (48 peak kWh) and 6 kWh
 *   at 13:00 (flat) both days.
 * - EVC (sub-meter, flagged with no share: the analysis's 20 %): 10 kWh at 09:00 and 10:00 on Saturday (20 peak kWh).
 * - CHILL (sub-meter, not flagged): 100 kWh at 09:00 on Friday.
 * Load shift from the flagged meters: COMP 48 × 40 % = 19.2, EVC 20 × 20 % = 4 → 23.2 of 68 peak kWh (34.1 %), saving
 * 23.2 × (1.2 − 0.3) = 20.88 CNY; with movableSharePercent=50 EVC moves 10: 29.2 × 0.9 = 26.28. Nothing flagged: 20 %
 * of MAIN's peak use (4 h × 10 + 4 h × 5 = 60 kWh) = 12 kWh × 0.9 = 10.80 CNY.
 * Off hours of MAIN: Friday is a holiday, all 240 kWh; Saturday works, its nights 00–06 and 22–24 are 8 h × 5 = 40:
 * 280 of 360 = 77.8 % (without the calendar: Friday nights 80 + all Saturday 120 = 200, 55.6 %).
 */
describe('flexible meters and the calendar in GET /v1/energy-analysis', function () {
  this.timeout(60_000);
  let db: TestDb;
  let t: TestApp;
  let key: string;
  let otherKey: string;
  const ids: Record<string, string> = {};

  const friday = Date.parse('2026-10-08T16:00:00Z');
  const hour = (day: number, h: number) => new Date(friday + (day * 24 + h) * 3_600_000).toISOString();
  const get = (k: string, url: string) => t.app.inject({ method: 'GET', url, headers: auth(k) });
  const put = (k: string, url: string, payload: object) =>
    t.app.inject({ method: 'PUT', url, headers: auth(k), payload });
  const del = (k: string, url: string) => t.app.inject({ method: 'DELETE', url, headers: auth(k) });
  const recommendation = async (code: string, query = '') => {
    const res = await get(key, `/v1/energy-analysis?from=2026-10-09&to=2026-10-11${query}`);
    expect(res.statusCode, res.body).to.equal(200);
    return (res.json().recommendations as Recommendation[]).find((r) => r.code === code) as Recommendation;
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    key = (await createOrgViaApi(t, 'Flexible Foundry')).adminKey;
    otherKey = (await createOrgViaApi(t, 'Rigid Mill')).adminKey;
    const siteId = (await call(t, key, 'POST', '/v1/sites', { name: 'Foundry', gridRegion: 'East' })).id;
    for (const [externalId, role, kind] of [
      ['MAIN', 'boundary', 'electricity'],
      ['COMP', 'submeter', 'electricity'],
      ['EVC', 'submeter', 'electricity'],
      ['CHILL', 'submeter', 'electricity'],
      ['GAS', 'boundary', 'natural_gas'],
    ]) {
      const meter = await call(t, key, 'POST', '/v1/meters', {
        siteId,
        externalId,
        energyKind: kind,
        intervalSeconds: 3600,
        accountingRole: role,
      });
      ids[externalId] = meter.id;
    }
    const hours = (meter: string, day: number, value: (h: number) => string) =>
      Array.from({ length: 24 }, (_, h) => ({ meter, start: hour(day, h), value: value(h) }));
    const peak = (h: number) => h >= 8 && h < 12;
    await call(t, key, 'POST', '/v1/readings', {
      readings: [
        ...hours('MAIN', 0, () => '10'),
        ...hours('MAIN', 1, () => '5'),
        ...[0, 1].flatMap((d) => hours('COMP', d, (h) => (peak(h) || h === 13 ? '6' : '0'))),
        ...hours('EVC', 0, () => '0'),
        ...hours('EVC', 1, (h) => (h === 9 || h === 10 ? '10' : '0')),
        ...[0, 1].flatMap((d) => hours('CHILL', d, (h) => (d === 0 && h === 9 ? '100' : '0'))),
      ],
    });
    await call(t, key, 'POST', '/v1/tariffs', {
      energyKind: 'electricity',
      validFrom: '2026-09-01',
      periods: [
        { period: 'valley', from: '22:00', to: '08:00' },
        { period: 'peak', from: '08:00', to: '12:00' },
        { period: 'flat', from: '12:00', to: '22:00' },
      ],
      prices: { peak: '1.2', flat: '0.7', valley: '0.3' },
    });
    const days = await put(key, '/v1/calendar/days', {
      days: [
        { day: '2026-10-09', kind: 'holiday', name: 'test holiday' },
        { day: '2026-10-10', kind: 'workday', name: '调休' },
      ],
    });
    expect(days.statusCode, days.body).to.equal(200);
    const comp = await put(key, `/v1/meters/${ids.COMP}/flexibility`, {
      maxShiftPercent: '40',
      note: 'air compressors',
    });
    expect(comp.statusCode, comp.body).to.equal(200);
    expect((await put(key, `/v1/meters/${ids.EVC}/flexibility`, {})).statusCode).to.equal(200);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('lists the flagged meters with their shares', async function () {
    const res = await get(key, '/v1/flexible-meters');
    expect(res.json().map((f: Record<string, unknown>) => [f.externalId, f.maxShiftPercent, f.note])).to.deep.equal([
      ['COMP', '40', 'air compressors'],
      ['EVC', null, null],
    ]);
  });

  it('computes load shifting from the flagged meters only: 23.2 of 68 peak kWh, 20.88 CNY, naming them', async function () {
    const shift = await recommendation('load_shift');
    expect(shift.basis).to.equal('flagged');
    expect(shift.meters).to.deep.equal(['COMP', 'EVC']);
    expect(shift.figures).to.deep.equal({
      peakKwh: '68.000000',
      movableSharePercent: '34.1',
      movableKwh: '23.200000',
      savedCny: '20.88',
    });
    expect(shift.flexibleMeters).to.deep.equal([
      {
        externalId: 'COMP',
        movableSharePercent: '40.0',
        shareSource: 'meter',
        peakKwh: '48.000000',
        movableKwh: '19.200000',
      },
      {
        externalId: 'EVC',
        movableSharePercent: '20.0',
        shareSource: 'analysis',
        peakKwh: '20.000000',
        movableKwh: '4.000000',
      },
    ]);
    expect(shift.lines?.map((l) => [l.period, l.kwh, l.movableKwh, l.price, l.valleyPrice, l.savedCny])).to.deep.equal([
      ['peak', '68.000000', '23.200000', '1.2', '0.3', '20.88'],
    ]);
    expect(shift.assumption).to.include('Only the meters flagged as flexible loads can move (COMP 40.0 %, EVC 20.0 %)');
  });

  it('applies the requested movable share to flagged meters without their own: EVC moves 10 kWh, 26.28 CNY', async function () {
    const shift = await recommendation('load_shift', '&movableSharePercent=50');
    expect(shift.figures).to.include({ movableKwh: '29.200000', savedCny: '26.28' });
  });

  it('still takes the meters asked for over the flags: CHILL 100 peak kWh × 20 % × 0.9 = 18.00 CNY', async function () {
    const shift = await recommendation('load_shift', '&flexibleMeters=CHILL');
    expect(shift.basis).to.equal('requested');
    expect(shift.figures).to.include({ peakKwh: '100.000000', movableKwh: '20.000000', savedCny: '18.00' });
  });

  it('counts the holiday as off hours and the adjusted working Saturday as working: 280 of 360 kWh, 77.8 %', async function () {
    const off = await recommendation('off_hours_base_load');
    expect(off.figures).to.include({
      offHoursKwh: '280.000000',
      electricityKwh: '360.000000',
      offHoursSharePercent: '77.8',
      nonWorkingDayKwh: '240.000000',
      workingDayKwh: '120.000000',
      holidays: '1',
      adjustedWorkdays: '1',
    });
    expect(off.assumption).to.include('2026-10-09').and.include('2026-10-10');
  });

  it('without the calendar the same days give the plain weekday rule: 200 kWh, 55.6 %', async function () {
    expect((await del(key, '/v1/calendar/days/2026-10-09')).statusCode).to.equal(204);
    expect((await del(key, '/v1/calendar/days/2026-10-10')).statusCode).to.equal(204);
    const off = await recommendation('off_hours_base_load');
    expect(off.figures).to.include({ offHoursKwh: '200.000000', offHoursSharePercent: '55.6', holidays: '0' });
  });

  it('falls back to every boundary electricity meter when none is flagged, saying so: 12 kWh, 10.80 CNY', async function () {
    expect((await del(key, `/v1/meters/${ids.COMP}/flexibility`)).statusCode).to.equal(204);
    expect((await del(key, `/v1/meters/${ids.EVC}/flexibility`)).statusCode).to.equal(204);
    const shift = await recommendation('load_shift');
    expect(shift.basis).to.equal('all_electricity');
    expect(shift.meters).to.deep.equal(['MAIN']);
    expect(shift.figures).to.deep.equal({
      peakKwh: '60.000000',
      movableSharePercent: '20.0',
      movableKwh: '12.000000',
      savedCny: '10.80',
    });
    expect(shift.assumption).to.match(/^No meter is flagged as a flexible load: 20\.0 %/);
  });

  it('refuses flags on other kinds, shares out of range, and other organisations’ meters', async function () {
    const gas = await put(key, `/v1/meters/${ids.GAS}/flexibility`, {});
    expect([gas.statusCode, gas.json().code, gas.json().field]).to.deep.equal([
      422,
      'NT_ERR_FLEXIBLE_METER_INVALID',
      'id',
    ]);
    for (const share of ['0', '100.5', 'ten']) {
      const res = await put(key, `/v1/meters/${ids.COMP}/flexibility`, { maxShiftPercent: share });
      expect([res.statusCode, res.json().code, res.json().field], share).to.deep.equal([
        422,
        'NT_ERR_FLEXIBLE_METER_INVALID',
        'maxShiftPercent',
      ]);
      expect(res.json().hint).to.include('/flexibility');
    }
    const foreign = await put(otherKey, `/v1/meters/${ids.COMP}/flexibility`, {});
    expect([foreign.statusCode, foreign.json().code]).to.deep.equal([404, 'NT_ERR_NOT_FOUND']);
    expect((await del(otherKey, `/v1/meters/${ids.COMP}/flexibility`)).statusCode).to.equal(404);
    expect((await get(otherKey, '/v1/flexible-meters')).json()).to.deep.equal([]);
  });
});

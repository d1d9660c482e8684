import { expect } from 'chai';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import type { Alert } from '../../../services/alerts/alertStore';
import { issueApiKey } from '../../../services/registry/apiKeys';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { api, day, ingest, manualWorker, siteWithMeters } from '../alerts/helpers';

/**
 * The working-day calendar and the schedule rule, worked by hand. One organisation-wide rule: working hours 08:00–18:00
 * Monday to Friday (Asia/Shanghai), 5 kWh allowed outside them per day. The calendar makes Thu 1 Oct 2026 and Fri 2 Oct
 * holidays (国庆节) and Sat 10 Oct an adjusted working day (调休). Each 15-minute meter has one day of data:
 * - "office" profile: 1 kWh in each of the 40 intervals 08:00–18:00, 0.05 kWh in the other 56 (2.8 kWh).
 * - WEEKDAY, Wed 30 Sep, office profile: 2.8 kWh outside working hours ≤ 5, no alert.
 * - HOLIDAY, Thu 1 Oct, office profile: the whole day is outside, 40 + 2.8 = 42.8 kWh > 5, alert with deviation 37.8
 *   (without the calendar only 2.8 would count and nothing would be raised).
 * - HOLNIGHT, Fri 2 Oct: 0.1 kWh in the 32 night intervals 00:00–06:00 and 22:00–24:00, 0 by day: 3.2 kWh ≤ 5, none.
 * - ADJSAT, Sat 10 Oct, office profile: a working day by the calendar, 2.8 kWh outside, no alert.
 * - PLAINSAT, Sat 17 Oct, office profile: an ordinary Saturday, 42.8 kWh outside, alert.
 * Removing 10 Oct from the calendar re-evaluates ADJSAT (42.8, alert); making 17 Oct a workday clears PLAINSAT.
 */
describe('working-day calendar: /v1/calendar and the schedule rule', function () {
  this.timeout(60_000);
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let m: Record<string, string>;
  let http: ReturnType<typeof api>;

  const office = (i: number) => (i >= 32 && i < 72 ? '1' : '0.05');
  const nightOnly = (i: number) => (i < 24 || i >= 88 ? '0.1' : '0');
  const alertsOf = async (meter: string) => {
    const res = await http.get(a.adminKey, `/v1/alerts?kind=schedule&meterId=${m[meter]}`);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as Alert[];
  };
  const putDays = (key: string, days: unknown[]) => http.put(key, '/v1/calendar/days', { days });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    http = api(t);
    worker = manualWorker(db.db);
    a = await createOrgViaApi(t, 'Calendar Works');
    b = await createOrgViaApi(t, 'Other Works');
    m = await siteWithMeters(t, a.adminKey, 'Plant', ['WEEKDAY', 'HOLIDAY', 'HOLNIGHT', 'ADJSAT', 'PLAINSAT']);
    const rule = await http.post(a.adminKey, '/v1/alert-rules', {
      name: 'out of hours',
      kind: 'schedule',
      scope: 'organisation',
      params: { start: '08:00', end: '18:00', weekdays: [1, 2, 3, 4, 5], holidays: [], allowance: '5' },
    });
    expect(rule.statusCode, rule.body).to.equal(201);
    const set = await putDays(a.adminKey, [
      { day: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { day: '2026-10-02', kind: 'holiday', name: '国庆节' },
      { day: '2026-10-10', kind: 'workday', name: '调休' },
    ]);
    expect(set.statusCode, set.body).to.equal(200);
    await ingest(t, a.adminKey, [
      ...day('WEEKDAY', '2026-09-30', office),
      ...day('HOLIDAY', '2026-10-01', office),
      ...day('HOLNIGHT', '2026-10-02', nightOnly),
      ...day('ADJSAT', '2026-10-10', office),
      ...day('PLAINSAT', '2026-10-17', office),
    ]);
    await worker.tick();
  });

  after(async function () {
    await worker?.stop();
    await t?.app.close();
    await db?.drop();
  });

  it('lists the days set, in date order, with who set them and when', async function () {
    const res = await http.get(a.adminKey, '/v1/calendar/days?from=2026-10-01&to=2026-10-11');
    expect(res.statusCode, res.body).to.equal(200);
    const days = res.json() as { day: string; kind: string; name: string; changedBy: string; changedAt: string }[];
    expect(days.map((d) => [d.day, d.kind, d.name])).to.deep.equal([
      ['2026-10-01', 'holiday', '国庆节'],
      ['2026-10-02', 'holiday', '国庆节'],
      ['2026-10-10', 'workday', '调休'],
    ]);
    expect(days[0].changedBy).to.match(/^[0-9a-f-]{36}$/);
    const narrow = await http.get(a.adminKey, '/v1/calendar/days?from=2026-10-02&to=2026-10-10');
    expect(narrow.json().map((d: { day: string }) => d.day)).to.deep.equal(['2026-10-02']);
  });

  it('a holiday with working-hours consumption raises: all 42.8 kWh of Thu 1 Oct count as outside, 37.8 over', async function () {
    const [alert] = await alertsOf('HOLIDAY');
    expect(alert).to.include({ day: '2026-10-01', observed: '42.800000', expected: '5', deviation: '37.800000' });
    expect(alert.details).to.include({ calendarDay: 'holiday', intervalsOutside: 96 });
  });

  it('a holiday with only 3.2 kWh of night consumption stays within the 5 kWh allowance', async function () {
    expect(await alertsOf('HOLNIGHT')).to.deep.equal([]);
  });

  it('an adjusted working Saturday is a working day: only 2.8 kWh outside, no alert; an ordinary Saturday raises 42.8', async function () {
    expect(await alertsOf('ADJSAT')).to.deep.equal([]);
    expect(await alertsOf('WEEKDAY')).to.deep.equal([]);
    const [plain] = await alertsOf('PLAINSAT');
    expect(plain).to.include({ day: '2026-10-17', observed: '42.800000', state: 'open' });
    expect(plain.details).not.to.have.property('calendarDay');
  });

  it('re-evaluates the days whose calendar changed: removing 10 Oct raises ADJSAT, a workday on 17 Oct clears PLAINSAT', async function () {
    const removed = await http.del(a.adminKey, '/v1/calendar/days/2026-10-10');
    expect(removed.statusCode, removed.body).to.equal(204);
    const added = await putDays(a.adminKey, [{ day: '2026-10-17', kind: 'workday' }]);
    expect(added.json()).to.include({ changed: 1 });
    await worker.tick();
    const [adj] = await alertsOf('ADJSAT');
    expect(adj).to.include({ day: '2026-10-10', observed: '42.800000', state: 'open' });
    const [plain] = await alertsOf('PLAINSAT');
    expect(plain).to.include({ state: 'resolved' });
  });

  it('audits every change with before and after; setting a day the same way again records nothing', async function () {
    const again = await putDays(a.adminKey, [{ day: '2026-10-01', kind: 'holiday', name: '国庆节' }]);
    expect(again.json()).to.include({ changed: 0 });
    const renamed = await putDays(a.adminKey, [{ day: '2026-10-02', kind: 'workday', name: '调休' }]);
    expect(renamed.json()).to.include({ changed: 1 });
    const res = await http.get(a.adminKey, '/v1/calendar/changes');
    const changes = res.json() as { day: string; before: unknown; after: unknown; changedBy: string }[];
    expect(changes.map((c) => [c.day, c.before, c.after])).to.deep.equal([
      ['2026-10-02', { kind: 'holiday', name: '国庆节' }, { kind: 'workday', name: '调休' }],
      ['2026-10-17', null, { kind: 'workday', name: null }],
      ['2026-10-10', { kind: 'workday', name: '调休' }, null],
      ['2026-10-10', null, { kind: 'workday', name: '调休' }],
      ['2026-10-02', null, { kind: 'holiday', name: '国庆节' }],
      ['2026-10-01', null, { kind: 'holiday', name: '国庆节' }],
    ]);
    expect(new Set(changes.map((c) => c.changedBy)).size).to.equal(1);
  });

  it('refuses days that are not real dates, listed twice or out of range, with a code, the field and a hint', async function () {
    const cases: [unknown[], number, string, string | undefined][] = [
      // The schema's date format already refuses 30 February, naming the path.
      [[{ day: '2026-02-30', kind: 'holiday' }], 400, 'NT_ERR_REQUEST_INVALID', undefined],
      [
        [
          { day: '2026-05-01', kind: 'holiday' },
          { day: '2026-05-01', kind: 'workday' },
        ],
        422,
        'NT_ERR_CALENDAR_INVALID',
        'days[1].day',
      ],
      [[{ day: '1999-12-31', kind: 'holiday' }], 422, 'NT_ERR_CALENDAR_INVALID', 'days[0].day'],
      [[{ day: '2026-05-01', kind: 'vacation' }], 400, 'NT_ERR_REQUEST_INVALID', undefined],
      [[{ day: '2026/05/01', kind: 'holiday' }], 400, 'NT_ERR_REQUEST_INVALID', undefined],
    ];
    for (const [days, status, code, field] of cases) {
      const res = await putDays(a.adminKey, days);
      expect([res.statusCode, res.json().code], res.body).to.deep.equal([status, code]);
      if (field) expect(res.json()).to.include({ field });
      expect(res.json().hint).to.be.a('string').and.not.equal('');
    }
    const period = await http.get(a.adminKey, '/v1/calendar/days?from=2026-10-10&to=2026-10-01');
    expect([period.statusCode, period.json().code]).to.deep.equal([422, 'NT_ERR_CALENDAR_INVALID']);
    const missing = await http.del(a.adminKey, '/v1/calendar/days/2026-12-25');
    expect([missing.statusCode, missing.json().code]).to.deep.equal([404, 'NT_ERR_NOT_FOUND']);
  });

  it("keeps each organisation's calendar to itself and needs the admin scope to change it", async function () {
    expect((await http.get(b.adminKey, '/v1/calendar/days')).json()).to.deep.equal([]);
    expect((await http.get(b.adminKey, '/v1/calendar/changes')).json()).to.deep.equal([]);
    expect((await http.del(b.adminKey, '/v1/calendar/days/2026-10-01')).statusCode).to.equal(404);
    expect((await http.get(a.adminKey, '/v1/calendar/days?from=2026-10-01&to=2026-10-02')).json()).to.have.length(1);
    const reader = await issueApiKey(db.db, { orgId: a.orgId, name: 'reader', scopes: ['read'] });
    const refused = await putDays(reader.key, [{ day: '2026-12-25', kind: 'holiday' }]);
    expect([refused.statusCode, refused.json().code]).to.deep.equal([403, 'NT_ERR_AUTH_SCOPE']);
    expect((await http.get(reader.key, '/v1/calendar/days')).statusCode).to.equal(200);
  });
});

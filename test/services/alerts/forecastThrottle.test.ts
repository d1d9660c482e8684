import { expect } from 'chai';
import { markForecastsDue, takeDueForecasts } from '../../../services/alerts/forecastThrottle';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const HOUR = 3_600_000;

describe('the forecast throttle, kept in the database', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let a: string;
  let b: string;

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    a = (await createOrgViaApi(t, 'Throttle A')).orgId;
    b = (await createOrgViaApi(t, 'Throttle B')).orgId;
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('widens the waiting span to cover every touched day, never narrows it', async function () {
    await markForecastsDue(db.db, a, { from: '2025-03-05', to: '2025-03-06' });
    await markForecastsDue(db.db, a, { from: '2025-03-02', to: '2025-03-04' });
    await markForecastsDue(db.db, a, { from: '2025-03-04', to: '2025-03-09' });
    const taken = await takeDueForecasts(db.db, new Date('2025-03-10T00:00:00Z'), HOUR);
    expect(taken).to.deep.equal([{ orgId: a, span: { from: '2025-03-02', to: '2025-03-09' } }]);
  });

  it('takes nothing within the interval after a judgement, and the waiting days once it has passed', async function () {
    await markForecastsDue(db.db, a, { from: '2025-03-10', to: '2025-03-10' });
    expect(await takeDueForecasts(db.db, new Date('2025-03-10T00:59:59Z'), HOUR)).to.deep.equal([]);
    expect(await takeDueForecasts(db.db, new Date('2025-03-10T01:00:00Z'), HOUR)).to.deep.equal([
      { orgId: a, span: { from: '2025-03-10', to: '2025-03-10' } },
    ]);
  });

  it('takes each organisation once: a second taker at the same moment gets nothing', async function () {
    await markForecastsDue(db.db, b, { from: '2025-04-01', to: '2025-04-01' });
    const now = new Date('2025-04-02T00:00:00Z');
    const [first, second] = [await takeDueForecasts(db.db, now, HOUR), await takeDueForecasts(db.db, now, HOUR)];
    expect([first.map((x) => x.orgId), second]).to.deep.equal([[b], []]);
  });
});

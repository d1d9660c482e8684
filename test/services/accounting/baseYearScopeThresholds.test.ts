import { expect } from 'chai';
import { scopeThresholdChecks } from '../../../services/accounting/baseYearRecalculation';
import { parseRational } from '../../../services/accounting/rational';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Base-year significance thresholds per scope (issue 12 §2), worked by hand.
 *
 * The check alone: stated Scope 1 520,000 kg, Scope 2 location 100,000, market 80,000, Scope 3 0; counted changes
 * +15,600 (15,600 / 520,000 = 3.0000 %), −2,000 (−2.0000 %), +4,800 (6.0000 %), 0. Policy 5 %, Scope 1 2.5 %:
 *   Scope 1 3 % > 2.5 % (own threshold) crossed; Scope 2 location 2 % ≤ 5 % (fallback) not; Scope 2 market
 *   6 % > 5 % (fallback) crossed; Scope 3 stated 0 and unchanged: not crossed (no percentage).
 *
 * Through the API, on the seeded default set (clinker 0.52 tCO2/t, R-134a AR5 GWP 1,300): base year 2024 is 1,000 t of
 * clinker, 520,000 kg, all Scope 1. A 12 kg R-134a leak of 2024 found later: 12 × 1,300 = 15,600 kg = 3.0000 % of the
 * total. With the single 5 % threshold nothing is crossed; with Scope 1 at 2.5 % Scope 1 crosses (3 % > 2.5 %) and a
 * restatement is required, to 535,600 kg. Scope 2 stays 0 and unchanged: no percentage, not crossed.
 */
describe('base-year significance thresholds per scope', function () {
  describe('the check (scopeThresholdChecks)', function () {
    const totals = (s1: string, s2l: string, s2m: string, s3: string) => ({
      scope1: parseRational(s1),
      scope2Location: parseRational(s2l),
      scope2Market: parseRational(s2m),
      scope3: parseRational(s3),
    });
    const checks = scopeThresholdChecks(
      totals('520000', '100000', '80000', '0'),
      totals('15600', '-2000', '4800', '0'),
      { thresholdPct: '5', scopeThresholdPct: { scope1: '2.5' } },
    );

    it('checks Scope 1 against its own 2.5 %: 3.0000 % crosses it', function () {
      expect(checks[0]).to.deep.equal({
        scope: 'scope1',
        statedKgCO2e: '520000.000',
        cumulativeChangeKgCO2e: '15600.000',
        cumulativeChangePct: '3.0000',
        thresholdPct: '2.5',
        thresholdFrom: 'scope',
        exceedsThreshold: true,
      });
    });

    it('falls back to the single 5 % for the other scopes: location −2 % no, market 6 % yes', function () {
      expect(
        checks
          .slice(1, 3)
          .map((c) => [c.scope, c.cumulativeChangePct, c.thresholdPct, c.thresholdFrom, c.exceedsThreshold]),
      ).to.deep.equal([
        ['scope2Location', '-2.0000', '5', 'policy', false],
        ['scope2Market', '6.0000', '5', 'policy', true],
      ]);
    });

    it('does not cross with an unchanged zero scope, and does with a change to a zero scope', function () {
      expect([checks[3].cumulativeChangePct, checks[3].exceedsThreshold]).to.deep.equal([null, false]);
      const fromZero = scopeThresholdChecks(totals('1', '0', '0', '0'), totals('0', '0', '0', '1'), {
        thresholdPct: '5',
      });
      expect(fromZero[3].exceedsThreshold).to.equal(true);
    });

    it('does not cross at exactly the threshold: 5 % of 80,000 = 4,000 kg', function () {
      const [, , market] = scopeThresholdChecks(totals('1', '1', '80000', '0'), totals('0', '0', '4000', '0'), {
        thresholdPct: '5',
      });
      expect([market.cumulativeChangePct, market.exceedsThreshold]).to.deep.equal(['5.0000', false]);
    });
  });

  describe('through the API (/v1/base-year)', function () {
    let db: TestDb;
    let t: TestApp;
    let org: { orgId: string; adminKey: string };
    let base2024: string;
    const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: auth(org.adminKey),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    before(async function () {
      db = await createTestDb();
      t = await createTestApp(db.db);
      org = await createOrgViaApi(t, 'Kiln works');
      const siteId = (await send('POST', '/v1/sites', { name: 'Kiln' })).json().id;
      const rec = await send('POST', '/v1/activity-data', {
        siteId,
        periodStart: '2024-03-01',
        periodEnd: '2024-04-01',
        sourceKind: 'process',
        subject: 'clinker',
        quantity: '1000',
        unit: 't',
        evidence: 'Kiln production log March 2024',
      });
      expect(rec.statusCode, rec.body).to.equal(201);
      const inv = await send('POST', '/v1/inventories', { start: '2024-01-01', end: '2025-01-01' });
      expect(inv.statusCode, inv.body).to.equal(201);
      base2024 = inv.json().id;
      const leak = await send('POST', '/v1/activity-data', {
        siteId,
        periodStart: '2024-06-01',
        periodEnd: '2024-07-01',
        sourceKind: 'fugitive',
        subject: 'R-134a',
        quantity: '12',
        unit: 'kg',
        evidence: 'Chiller service report found in the 2025 audit',
      });
      expect(leak.statusCode, leak.body).to.equal(201);
    });
    after(async function () {
      await t.app.close();
      await db.drop();
    });

    it('keeps the policy and the check as before without thresholds per scope: 3.0000 % ≤ 5 %', async function () {
      const set = await send('PUT', '/v1/base-year', { inventoryId: base2024 });
      expect(set.statusCode, set.body).to.equal(200);
      expect(set.json().policy).to.deep.equal({
        thresholdPct: '5',
        triggers: ['structural', 'method', 'factor', 'error'],
      });
      const check = (await send('GET', '/v1/base-year/recalculation')).json();
      expect([check.cumulativeChangePct, check.exceedsThreshold]).to.deep.equal(['3.0000', false]);
      expect(check).not.to.have.property('scopes');
      expect(check.triggers[0]).not.to.have.property('effectsByScope');
    });

    it('refuses a scope threshold of 0 % and an unknown scope', async function () {
      const zero = await send('PUT', '/v1/base-year', { inventoryId: base2024, scopeThresholdPct: { scope1: '0' } });
      expect([zero.statusCode, zero.json().code]).to.deep.equal([400, 'NT_ERR_REQUEST_INVALID']);
      expect(zero.json().hint).to.match(/above 0/);
      const unknown = await send('PUT', '/v1/base-year', { inventoryId: base2024, scopeThresholdPct: { scope4: '1' } });
      expect(unknown.statusCode).to.equal(400);
    });

    it('stores thresholds per scope in the fixed scope order', async function () {
      const set = await send('PUT', '/v1/base-year', {
        inventoryId: base2024,
        scopeThresholdPct: { scope2Market: '10', scope1: '2.5' },
      });
      expect(set.statusCode, set.body).to.equal(200);
      expect(set.json().policy.scopeThresholdPct).to.deep.equal({ scope1: '2.5', scope2Market: '10' });
      expect(Object.keys(set.json().policy.scopeThresholdPct)).to.deep.equal(['scope1', 'scope2Market']);
    });

    it('names Scope 1 as crossing its 2.5 % with 3.0000 %, the total not crossing 5 %', async function () {
      const check = (await send('GET', '/v1/base-year/recalculation')).json();
      expect([check.exceedsThreshold, check.restatementRequired, check.thresholdCrossedBy]).to.deep.equal([
        true,
        true,
        ['scope1'],
      ]);
      expect(check.scopes[0]).to.deep.include({
        scope: 'scope1',
        statedKgCO2e: '520000.000',
        cumulativeChangeKgCO2e: '15600.000',
        cumulativeChangePct: '3.0000',
        thresholdPct: '2.5',
        thresholdFrom: 'scope',
      });
      expect(
        check.scopes
          .slice(1)
          .map((c: { thresholdPct: string; exceedsThreshold: boolean }) => [c.thresholdPct, c.exceedsThreshold]),
      ).to.deep.equal([
        ['5', false],
        ['10', false],
        ['5', false],
      ]);
      expect(check.triggers[0].effectsByScope).to.deep.equal({
        scope1: '15600.000',
        scope2Location: '0.000',
        scope2Market: '0.000',
        scope3: '0.000',
      });
    });

    it('restates without belowThreshold, marked required: 535,600 kg', async function () {
      const res = await send('POST', '/v1/base-year/restatements', {
        reason: 'Unrecorded R-134a leak of 2024 found in audit; Scope 1 beyond its 2.5 % threshold',
      });
      expect(res.statusCode, res.body).to.equal(201);
      const body = res.json();
      expect([body.inventory.totals.totalKgCO2e, body.baseYear.restatements[0].required]).to.deep.equal([
        '535600',
        true,
      ]);
      expect(body.recalculation.thresholdCrossedBy).to.deep.equal(['scope1']);
    });
  });
});

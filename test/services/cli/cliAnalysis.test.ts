import { expect } from 'chai';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import { call } from '../../helpers/participants';
import { runCli, type CliRun } from '../../helpers/runCli';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { manualWorker } from '../alerts/helpers';

/**
 * The alert and analysis commands (scripts/cli/alertCommands.ts, analysisCommands.ts) run as their own process against
 * the API listening on a port, with data set up through the API. Worked by hand:
 *
 * Kiln Cement (enterprise, site in the East grid), meter E "Kiln main feeder" reads 1, 2, 3, 2, 2 kWh per quarter hour
 * on 1–5 March 2025 (local): 96, 192, 288, 192, 192 kWh a day, 960 kWh in all.
 * - Alert rule "daily energy over 250 kWh" (threshold, energy, day, above 250): only 3 March (288 kWh) crosses it → one
 *   alert, subject "Kiln main feeder", day 2025-03-03.
 * - Budget "March 2025" [2025-03-01, 2025-04-01), 500 kgce and 3000 kg CO2e, as of 2025-03-06: 5 days elapsed, 26
 *   remain, all 5 with data. CO2e at 0.5500 kg/kWh (East 2023 standing in): 528 kg so far, daily mean 105.6 →
 *   528 + 26 × 105.6 = 3273.6 kg, headroom 3000 − 3273.6 = −273.6. Energy at 0.1229 kgce/kWh: 960 × 0.1229 = 117.984
 *   so far, mean 192 × 0.1229 = 23.5968 → 117.984 + 26 × 23.5968 = 731.5008 → 731.501, headroom −231.5008 → −231.501.
 * - Quota estimate 2025 as of 2025-03-06 with outputs typed in (clinker 20 t, power_supply 40 MWh):
 *   clinker 0.8770 × 20 = 17.54; × 1.02 = 17.8908; × 0.99 = 17.711892 t. power_supply 0.8210 × 40 = 32.84; × 1.05 =
 *   34.482 t. Allocation 52.193892 t. Obligation from the compliance forecast of 2025 as of 6 March: 528 kg over 64
 *   elapsed days, mean 105.6 kg over the 5 days with data in the last 28 → 528 + 301 × 105.6 = 32,313.6 kg → 33 t;
 *   upper bound 34 t (test/services/budgets/complianceForecast.test.ts). Surplus 52.193892 − 33 = 19.193892 t
 *   (18.193892 t at the upper bound).
 *
 * Balance Textiles, one local day 2026-03-02, electricity: MAIN buys 4 × 250 = 1000 kWh; below it WORKSHOP 4 × 150 =
 * 600 kWh (production) and HVAC 4 × 82.5 = 330 kWh (hvac): the branch loses 1000 − 930 = 70 kWh = 7 %. At the default
 * 3 % tolerance it should lose 30 kWh: saving 40 kWh = 40 × 0.1229 = 4.916 kgce, per year × 365 = 1794.34 kgce.
 */
describe('command line: alerts, budget status, quota estimate, energy balance (scripts/cli.ts)', function () {
  this.timeout(180_000);
  let db: TestDb;
  let t: TestApp;
  let worker: AlertWorker;
  let kilnKey: string;
  let balanceKey: string;
  let budgetId: string;
  let alertId: string;
  let apiUrl: string;

  const cli = (key: string, ...args: string[]): Promise<CliRun> =>
    runCli({ NENGTAN_URL: apiUrl, NENGTAN_KEY: key }, ...args);
  const alertState = async (id: string) => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/alerts', headers: auth(kilnKey) });
    return (res.json() as { id: string; state: string }[]).find((a) => a.id === id)?.state;
  };
  const enterprise = async (name: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: auth(t.platformKey),
      payload: { name, kinds: ['enterprise'] },
    });
    expect(res.statusCode, res.body).to.equal(201);
    return res.json().adminKey.key as string;
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    worker = manualWorker(db.db);
    kilnKey = await enterprise('Kiln Cement');
    balanceKey = await enterprise('Balance Textiles');

    const kiln = await call(t, kilnKey, 'POST', '/v1/sites', { name: 'Kiln', gridRegion: 'East' });
    const meter = await call(t, kilnKey, 'POST', '/v1/meters', {
      siteId: kiln.id,
      externalId: 'E',
      name: 'Kiln main feeder',
      energyKind: 'electricity',
    });
    await call(t, kilnKey, 'POST', '/v1/alert-rules', {
      name: 'daily energy over 250 kWh',
      kind: 'threshold',
      scope: 'meter',
      meterIds: [meter.id],
      params: { metric: 'energy', period: 'day', above: '250' },
    });
    const readings = ['1', '2', '3', '2', '2'].flatMap((value, d) => {
      const t0 = Date.parse(`2025-03-0${d + 1}T00:00:00+08:00`);
      return Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(t0 + i * 900_000).toISOString(),
        value,
      }));
    });
    await call(t, kilnKey, 'POST', '/v1/readings', { readings });
    await worker.tick();
    budgetId = (
      await call(t, kilnKey, 'POST', '/v1/budgets', {
        name: 'March 2025',
        periodStart: '2025-03-01',
        periodEnd: '2025-04-01',
        energyKgce: '500',
        co2eKg: '3000',
      })
    ).id;
    await call(t, kilnKey, 'POST', '/v1/market/quota-rules', {
      product: 'clinker',
      benchmark: '0.8770',
      corrections: [
        { name: 'load factor', factor: '1.02' },
        { name: 'cooling method', factor: '0.99' },
      ],
      source: '2023–2024 cement allocation plan, table 2',
    });
    await call(t, kilnKey, 'POST', '/v1/market/quota-rules', {
      product: 'power_supply',
      benchmark: '0.8210',
      corrections: [{ name: 'heat supply', factor: '1.05' }],
      source: '2023–2024 power allocation plan',
    });

    const plant = await call(t, balanceKey, 'POST', '/v1/sites', { name: 'Plant', gridRegion: 'East' });
    const day = Date.parse('2026-03-01T16:00:00Z');
    for (const [externalId, extra, perQuarter] of [
      ['MAIN', {}, '250'],
      ['WORKSHOP', { accountingRole: 'submeter' }, '150'],
      ['HVAC', { accountingRole: 'submeter' }, '82.5'],
    ] as const) {
      await call(t, balanceKey, 'POST', '/v1/meters', {
        siteId: plant.id,
        externalId,
        energyKind: 'electricity',
        ...extra,
      });
      await call(t, balanceKey, 'POST', '/v1/readings', {
        readings: Array.from({ length: 4 }, (_, i) => ({
          meter: externalId,
          start: new Date(day + i * 900_000).toISOString(),
          value: perQuarter,
        })),
      });
    }
    for (const [id, endUse] of [
      ['WORKSHOP', 'production'],
      ['HVAC', 'hvac'],
    ]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/v1/meters/${id}/place`,
        headers: auth(balanceKey),
        payload: { parent: 'MAIN', endUse },
      });
      expect(res.statusCode, res.body).to.equal(200);
    }
    apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });

  after(async function () {
    await worker?.stop();
    await t?.app.close();
    await db?.drop();
  });

  describe('alerts', function () {
    it('lists the open alert with its subject in words and the day it crossed the threshold', async function () {
      const json = await cli(kilnKey, 'alerts', '--state', 'open', '--json');
      expect(json.status, json.stderr).to.equal(0);
      const alerts = JSON.parse(json.stdout) as { id: string; subjectLabel: string; day: string }[];
      expect(alerts.map((a) => [a.subjectLabel, a.day])).to.deep.equal([['Kiln main feeder', '2025-03-03']]);
      alertId = alerts[0].id;

      const run = await cli(kilnKey, 'alerts');
      expect(run.status, run.stderr).to.equal(0);
      const [header, row, ...rest] = run.stdout.trimEnd().split('\n');
      expect(header).to.match(/^id\s+state\s+kind\s+subject\s+day\s+message/);
      expect(row)
        .to.contain(alertId)
        .and.match(/open\s+threshold\s+Kiln main feeder\s+2025-03-03/);
      expect(rest).to.deep.equal([]);
    });

    it('lists the rule that raised it', async function () {
      const run = await cli(kilnKey, 'alert-rules');
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/daily energy over 250 kWh\s+threshold\s+meter\s+1\s+\{"metric":"energy"/);
    });

    it('acknowledges it: the alert is acknowledged in the API', async function () {
      const run = await cli(kilnKey, 'alerts', 'ack', alertId);
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`^alert ${alertId} acknowledged by key \\S+ at `));
      expect(run.stdout).to.contain('Kiln main feeder (threshold, 2025-03-03)');
      expect(await alertState(alertId)).to.equal('acknowledged');
      const open = await cli(kilnKey, 'alerts', '--state', 'open');
      expect(open.stdout).to.equal('(none)\n');
    });

    it('resolves it: the alert is resolved in the API and listed as resolved', async function () {
      const run = await cli(kilnKey, 'alerts', 'resolve', alertId);
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`^alert ${alertId} resolved by key \\S+ at `));
      expect(await alertState(alertId)).to.equal('resolved');
      const resolved = await cli(kilnKey, 'alerts', '--state', 'resolved', '--limit', '1');
      expect(resolved.stdout).to.contain(alertId);
    });

    it('prints the code, message and hint and exits 1 when the API refuses (acknowledging a resolved alert)', async function () {
      const run = await cli(kilnKey, 'alerts', 'ack', alertId);
      expect(run.status).to.equal(1);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.contain('refused (409) NT_ERR_ALERT_STATE: ');
      expect(run.stderr).to.contain('hint: Alerts go open → acknowledged → resolved');
      expect(await alertState(alertId)).to.equal('resolved');
    });

    it('refuses another organisation’s alert as not found (exit 1)', async function () {
      const run = await cli(balanceKey, 'alerts', 'resolve', alertId);
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('refused (404) NT_ERR_NOT_FOUND');
      expect(run.stderr).to.match(/\nhint: \S/);
    });

    it('exits 2 with the usage line for an unknown action or state', async function () {
      for (const args of [
        ['alerts', 'close', alertId],
        ['alerts', '--state', 'closed'],
        ['alerts', '--colour'],
      ]) {
        const run = await cli(kilnKey, ...args);
        expect(run.status, args.join(' ')).to.equal(2);
        expect(run.stderr).to.match(/^usage: npm run nengtan -- .*\|alerts\|alert-rules\|/);
      }
    });
  });

  describe('budget-status', function () {
    it('prints the actual, forecast and headroom of energy and CO2e as of a day', async function () {
      const run = await cli(kilnKey, 'budget-status', budgetId, '--as-of', '2025-03-06');
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('budget March 2025 2025-03-01 – 2025-04-01, as of 2025-03-06: 5 days elapsed, 26');
      const rows = run.stdout.split('\n');
      expect(rows.find((r) => r.startsWith('energy (kgce)'))).to.match(/^energy \(kgce\)\s+117\.984\s+731\.501\s/);
      expect(rows.find((r) => r.startsWith('energy (kgce)'))).to.match(/\s500\s+-231\.501\s/);
      expect(rows.find((r) => r.startsWith('CO2e (kg)'))).to.match(/^CO2e \(kg\)\s+528(\.0+)?\s+3273\.60*\s/);
      expect(rows.find((r) => r.startsWith('CO2e (kg)'))).to.match(/\s3000\s+-273\.60*\s/);
    });
  });

  describe('quota-estimate', function () {
    it('prints each line’s allocation, the total and the surplus against the forecast obligation', async function () {
      const run = await cli(
        kilnKey,
        'quota-estimate',
        '2025',
        '--outputs',
        'clinker=20,power_supply=40',
        '--as-of',
        '2025-03-06',
      );
      expect(run.status, run.stderr).to.equal(0);
      const rows = run.stdout.split('\n');
      expect(rows.find((r) => r.startsWith('clinker'))).to.match(
        /^clinker\s+v1\s+20 t\s+entered\s+0\.8770\s+\S+\s+17\.711892(\s|$)/,
      );
      expect(rows.find((r) => r.startsWith('power_supply'))).to.match(
        /^power_supply\s+v1\s+40 MWh\s+entered\s+0\.8210\s+1\.05\s+34\.482(\s|$)/,
      );
      expect(run.stdout).to.contain('quota estimate 2025 as of 2025-03-06 (outputs not entered forecast by last_year)');
      expect(run.stdout).to.contain('allocation: 52.193892 t\n');
      expect(run.stdout).to.contain('obligation: 33 t (upper bound 34 t), the compliance forecast of 2025');
      expect(run.stdout).to.contain('surplus of 19.193892 t (at the upper bound: surplus of 18.193892 t)\n');
    });

    it('gives the API’s answer with --json', async function () {
      const run = await cli(
        kilnKey,
        'quota-estimate',
        '2025',
        '--outputs',
        'clinker=20,power_supply=40',
        '--as-of',
        '2025-03-06',
        '--json',
      );
      expect(run.status, run.stderr).to.equal(0);
      const body = JSON.parse(run.stdout);
      expect(body).to.include({ allocationT: '52.193892', position: 'surplus' });
      expect(body.balanceT).to.deep.equal({ forecast: '19.193892', upper: '18.193892' });
    });

    it('prints the code and hint of a refused output and exits 1 (--json: the error body on stdout)', async function () {
      const run = await cli(kilnKey, 'quota-estimate', '2025', '--outputs', 'clinker=-5', '--json');
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('refused (422) NT_ERR_QUOTA_OUTPUT_INVALID: ');
      expect(run.stderr).to.contain('hint: Send outputs as product=quantity pairs');
      expect(JSON.parse(run.stdout)).to.include({ code: 'NT_ERR_QUOTA_OUTPUT_INVALID' });
    });

    it('refuses an enterprise without allocation rules, with the hint', async function () {
      const run = await cli(balanceKey, 'quota-estimate', '2025');
      expect(run.status).to.equal(1);
      expect(run.stderr).to.contain('NT_ERR_QUOTA_NO_RULES');
      expect(run.stderr).to.contain('hint: Enter a rule per covered product line first');
    });
  });

  describe('energy-balance and optimisation', function () {
    it('prints the electricity row: 1000 kWh purchased, 70 lost, 930 end use', async function () {
      const run = await cli(balanceKey, 'energy-balance', '2026-03-02', '2026-03-03');
      expect(run.status, run.stderr).to.equal(0);
      const [units, kgce] = run.stdout.split('in kgce:');
      expect(units).to.match(
        /\nelectricity\s+kWh\s+1000(\.0+)?\s+0(\.0+)?\s+0(\.0+)?\s+70(\.0+)?\s+930(\.0+)?\s+0(\.0+)?\s+0(\.0+)?\n/,
      );
      // 1000 × 0.1229 = 122.9 kgce purchased, 70 × 0.1229 = 8.603 lost.
      expect(kgce).to.match(/\nelectricity\s+122\.90*\s+0(\.0+)?\s+0(\.0+)?\s+8\.6030*\s/);
      expect(run.stdout).to.match(/\nMAIN\s+kWh\s+1000(\.0+)?\s+930(\.0+)?\s+70(\.0+)?\s+7(\.0+)?\n/);
    });

    it('ranks the MAIN branch first with its saving at the 3 % tolerance', async function () {
      const run = await cli(balanceKey, 'optimisation', '2026-03-02', '2026-03-03');
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('2026-03-02 – 2026-03-03 (1 day, loss tolerance 3 %)');
      const first = run.stdout.split('\n').find((r) => r.startsWith('1 '));
      expect(first).to.match(/^1\s+branch loss\s+MAIN\s+7(\.0+)?\s+3(\.0+)? \(request\)\s+4\.9160*\s/);
      expect(first).to.match(/\s1794\.340*\s/);
    });

    it('prints the validation code and hint for a day that does not exist and exits 1', async function () {
      const run = await cli(balanceKey, 'energy-balance', '2026-02-30', '2026-03-03');
      expect(run.status).to.equal(1);
      expect(run.stderr).to.match(/^refused \(400\) NT_ERR_\w+: /);
      expect(run.stderr).to.match(/\nhint: \S/);
    });
  });
});

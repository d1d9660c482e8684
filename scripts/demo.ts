/**
 * npm run demo: a small industrial park feeding a running Nengtan (npm start) over HTTP. Three enterprises, thirty
 * meters (electricity with CT/PT and rooftop PV export, natural gas and water registers, steam, heat, diesel), 14
 * days of 15-minute history with the odd gap and spike for VEE to handle, one gateway-signed meter per enterprise,
 * then a live trickle. It waits for the first anchored batch, downloads a receipt and verifies it independently, computes
 * the steel mill's inventory of the fed days, notarizes it, has an independent verifier re-verify and attest it on
 * chain, and shows the authority's view; then plays a compliance period on chain: allocation, an exchange trade,
 * offsets, green certificates issued, sold and claimed, surrender, and the compliance table; then it
 * records the cement works' clinker (process CO2) and the data centre's refrigerant leak, the cement works shares the
 * signed footprint of its notarized cement with the steel mill, which verifies it and counts a purchase in Scope 3
 * category 1; finally the park operator invites the three enterprises, they consent, and the park's overview is printed
 * with its benchmark table, a shared steam network allocated to the members, a park budget and the alerts of two park
 * alert rules (the park's daily energy and its budgets).
 *
 *   npm run demo                      against http://127.0.0.1:8080 and the platform key in .nengtan/platform-key
 *   npm run demo -- --no-live         stop after the receipt is verified
 *   NENGTAN_URL=... NENGTAN_PLATFORM_KEY=... npm run demo
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { loadConfig } from '../services/runtime/config';
import { canonicalSignedMessage } from '../services/ingest/signatures';
import type { ReceivedReading } from '../services/ingest/received';
import { readPlatformKeyFile } from '../services/runtime/platformKey';
import { receiptIsValid, verifyReceipt } from '../services/receipts/verifyReceipt';
import { complianceYear } from './demo/complianceYear';
import { notarizeAndVerify } from './demo/notarizeAndVerify';
import { industrialPark } from './demo/industrialPark';
import { accountingDepth } from './demo/accountingDepth';

const INTERVAL = 900_000;
const DAYS = 14;

interface MeterPlan {
  externalId: string;
  energyKind: string;
  registerType?: 'interval' | 'cumulative';
  flow?: 'import' | 'export';
  readingUnit?: string;
  ctRatio?: string;
  ptRatio?: string;
  /** Mean per interval in the reading unit (before CT/PT), and how strongly it follows the working day. */
  base: number;
  dayShape: number;
  signed?: boolean;
  /** Measures part of what a boundary meter already measures: not counted in inventories. */
  submeter?: boolean;
}

const PARK: { name: string; site: string; gridRegion: string; province: string; meters: MeterPlan[] }[] = [
  {
    name: '苏州示范钢铁 Suzhou Demo Steel',
    site: 'Rolling mill',
    gridRegion: 'East',
    province: 'Jiangsu',
    meters: [
      {
        externalId: 'STEEL-E-MAIN',
        energyKind: 'electricity',
        ctRatio: '400',
        ptRatio: '100',
        base: 0.9,
        dayShape: 0.3,
        signed: true,
      },
      { externalId: 'STEEL-E-FURNACE', energyKind: 'electricity', base: 2800, dayShape: 0.1, submeter: true },
      { externalId: 'STEEL-E-MILL', energyKind: 'electricity', base: 1900, dayShape: 0.5, submeter: true },
      { externalId: 'STEEL-E-AUX', energyKind: 'electricity', base: 320, dayShape: 0.4, submeter: true },
      { externalId: 'STEEL-E-PV', energyKind: 'electricity', flow: 'export', base: 180, dayShape: 1 },
      { externalId: 'STEEL-G-MAIN', energyKind: 'natural_gas', registerType: 'cumulative', base: 410, dayShape: 0.2 },
      {
        externalId: 'STEEL-G-REHEAT',
        energyKind: 'natural_gas',
        registerType: 'cumulative',
        base: 260,
        dayShape: 0.3,
        submeter: true,
      },
      { externalId: 'STEEL-S-STEAM', energyKind: 'steam', readingUnit: 'GJ', base: 14, dayShape: 0.2 },
      { externalId: 'STEEL-W-MAIN', energyKind: 'water', registerType: 'cumulative', base: 38, dayShape: 0.3 },
      { externalId: 'STEEL-D-FORKLIFT', energyKind: 'diesel', readingUnit: 'kg', base: 6, dayShape: 0.9 },
    ],
  },
  {
    name: '江南水泥 Jiangnan Cement',
    site: 'Kiln line 2',
    gridRegion: 'East',
    province: 'Zhejiang',
    meters: [
      {
        externalId: 'CEM-E-MAIN',
        energyKind: 'electricity',
        ctRatio: '200',
        ptRatio: '100',
        base: 1.4,
        dayShape: 0.1,
        signed: true,
      },
      { externalId: 'CEM-E-KILN', energyKind: 'electricity', base: 2100, dayShape: 0.05, submeter: true },
      { externalId: 'CEM-E-RAWMILL', energyKind: 'electricity', base: 1500, dayShape: 0.4, submeter: true },
      { externalId: 'CEM-E-CEMMILL', energyKind: 'electricity', base: 1700, dayShape: 0.4, submeter: true },
      { externalId: 'CEM-E-OFFICE', energyKind: 'electricity', base: 45, dayShape: 0.9, submeter: true },
      { externalId: 'CEM-G-DRYER', energyKind: 'natural_gas', registerType: 'cumulative', base: 150, dayShape: 0.3 },
      { externalId: 'CEM-H-PREHEAT', energyKind: 'heat', readingUnit: 'MJ', base: 5200, dayShape: 0.1 },
      { externalId: 'CEM-W-COOLING', energyKind: 'water', registerType: 'cumulative', base: 55, dayShape: 0.2 },
      { externalId: 'CEM-W-DOMESTIC', energyKind: 'water', registerType: 'cumulative', base: 4, dayShape: 0.8 },
      { externalId: 'CEM-D-LOADER', energyKind: 'diesel', readingUnit: 'kg', base: 9, dayShape: 0.9 },
    ],
  },
  {
    name: '华东数据中心 East China Data Centre',
    site: 'Hall A',
    gridRegion: 'East',
    province: 'Shanghai',
    meters: [
      {
        externalId: 'DC-E-MAIN',
        energyKind: 'electricity',
        ctRatio: '600',
        ptRatio: '100',
        base: 0.5,
        dayShape: 0.05,
        signed: true,
      },
      { externalId: 'DC-E-IT-A', energyKind: 'electricity', base: 900, dayShape: 0.05, submeter: true },
      { externalId: 'DC-E-IT-B', energyKind: 'electricity', base: 880, dayShape: 0.05, submeter: true },
      { externalId: 'DC-E-CHILLER', energyKind: 'electricity', base: 420, dayShape: 0.3, submeter: true },
      { externalId: 'DC-E-UPS-LOSS', energyKind: 'electricity', base: 60, dayShape: 0.05, submeter: true },
      { externalId: 'DC-E-PV', energyKind: 'electricity', flow: 'export', base: 40, dayShape: 1 },
      { externalId: 'DC-G-BACKUP', energyKind: 'natural_gas', registerType: 'cumulative', base: 3, dayShape: 0.1 },
      { externalId: 'DC-H-OFFICE', energyKind: 'heat', readingUnit: 'GJ', base: 0.4, dayShape: 0.8 },
      { externalId: 'DC-W-COOLING', energyKind: 'water', registerType: 'cumulative', base: 22, dayShape: 0.3 },
      { externalId: 'DC-D-GENSET', energyKind: 'diesel', readingUnit: 'kg', base: 0.5, dayShape: 0 },
    ],
  },
];

interface DemoState {
  url: string;
  orgs: {
    name: string;
    orgId: string;
    adminKey: string;
    ingestKey: string;
    gateway: string;
    meters: Record<string, { id: string; signed: boolean }>;
  }[];
  /** Last interval start fed, ms. */
  fedUntil: number;
  registers: Record<string, number>;
}

function arg(name: string): boolean {
  return process.argv.includes(name);
}

async function call<T>(
  url: string,
  key: string,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

// Deterministic pseudo-random numbers so every demo park looks the same.
let seed = 20261123;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

/** Consumption in an interval: a working-day shape (PV follows the sun), noise, the odd spike. */
function consumption(plan: MeterPlan, t: number): number {
  const hour = new Date(t + 8 * 3_600_000).getUTCHours() + new Date(t).getUTCMinutes() / 60;
  const shape =
    plan.flow === 'export'
      ? Math.max(0, Math.sin(((hour - 6) / 12) * Math.PI))
      : 1 - plan.dayShape + plan.dayShape * (hour >= 8 && hour < 20 ? 1.3 : 0.7);
  const spike = random() < 0.0005 ? 15 : 1;
  return plan.base * shape * (0.9 + 0.2 * random()) * spike;
}

async function setUp(url: string, platformKey: string, statePath: string): Promise<DemoState> {
  if (existsSync(statePath)) {
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as DemoState;
    if (state.url === url) return state;
  }
  const orgs: DemoState['orgs'] = [];
  for (const plan of PARK) {
    const created = await call<{ organisation: { id: string }; adminKey: { key: string } }>(
      url,
      platformKey,
      'POST',
      '/v1/organisations',
      { name: plan.name },
    );
    const adminKey = created.adminKey.key;
    const ingest = await call<{ key: string }>(url, adminKey, 'POST', '/v1/api-keys', {
      name: 'gateway ingest',
      scopes: ['ingest'],
    });
    const site = await call<{ id: string }>(url, adminKey, 'POST', '/v1/sites', {
      name: plan.site,
      gridRegion: plan.gridRegion,
      province: plan.province,
    });
    const gateway = Wallet.createRandom();
    const meters: DemoState['orgs'][number]['meters'] = {};
    for (const m of plan.meters) {
      const meter = await call<{ id: string }>(url, adminKey, 'POST', '/v1/meters', {
        siteId: site.id,
        externalId: m.externalId,
        energyKind: m.energyKind,
        registerType: m.registerType ?? 'interval',
        flow: m.flow ?? 'import',
        readingUnit: m.readingUnit,
        ctRatio: m.ctRatio,
        ptRatio: m.ptRatio,
        rolloverAt: m.registerType === 'cumulative' ? '100000000' : undefined,
        gatewayAddress: m.signed ? gateway.address : undefined,
        accountingRole: m.submeter ? 'submeter' : 'boundary',
      });
      meters[m.externalId] = { id: meter.id, signed: Boolean(m.signed) };
    }
    orgs.push({
      name: plan.name,
      orgId: created.organisation.id,
      adminKey,
      ingestKey: ingest.key,
      gateway: gateway.privateKey,
      meters,
    });
    console.log(
      `  registered ${plan.name}: ${plan.meters.length} meters (${plan.meters.find((m) => m.signed)?.externalId} signed by gateway ${gateway.address})`,
    );
  }
  const now = Math.floor(Date.now() / INTERVAL) * INTERVAL;
  return { url, orgs, fedUntil: now - DAYS * 86_400_000 - INTERVAL, registers: {} };
}

/** Readings for every meter of one enterprise for the intervals in [from, to). */
function readingsFor(state: DemoState, orgIndex: number, from: number, to: number): ReceivedReading[] {
  const readings: ReceivedReading[] = [];
  let index = 0;
  for (const plan of PARK[orgIndex].meters) {
    for (let t = from; t < to; t += INTERVAL) {
      if (plan.externalId.endsWith('-AUX') && t % (86_400_000 * 5) < INTERVAL * 3) continue; // a gap now and then
      const value = consumption(plan, t);
      if (plan.registerType === 'cumulative') {
        const key = plan.externalId;
        state.registers[key] = (state.registers[key] ?? 10_000 + Math.floor(random() * 1000)) + value;
        readings.push({
          index: index++,
          meter: key,
          timeField: 'at',
          time: new Date(t + INTERVAL).toISOString(),
          value: state.registers[key].toFixed(3),
        });
      } else {
        readings.push({
          index: index++,
          meter: plan.externalId,
          timeField: 'start',
          time: new Date(t).toISOString(),
          value: value.toFixed(3),
        });
      }
    }
  }
  return readings;
}

async function feed(state: DemoState, until: number, chunk = 5000): Promise<number> {
  let sent = 0;
  for (const [i, org] of state.orgs.entries()) {
    const all = readingsFor(state, i, state.fedUntil + INTERVAL, until + INTERVAL);
    const gateway = new Wallet(org.gateway);
    for (let start = 0; start < all.length; start += chunk) {
      const part = all.slice(start, start + chunk);
      const bySigned = new Map<string, ReceivedReading[]>();
      for (const r of part)
        if (org.meters[r.meter]?.signed) bySigned.set(r.meter, [...(bySigned.get(r.meter) ?? []), r]);
      const signatures = await Promise.all(
        [...bySigned].map(async ([meter, rs]) => ({
          meter,
          signature: await gateway.signMessage(canonicalSignedMessage(meter, rs)),
        })),
      );
      const body = {
        readings: part.map((r) => ({ meter: r.meter, [r.timeField]: r.time, value: r.value })),
        signatures,
      };
      await call(state.url, org.ingestKey, 'POST', '/v1/readings', body, {
        'idempotency-key': `demo-${org.orgId}-${state.fedUntil}-${until}-${start}`,
      });
      sent += part.length;
    }
  }
  state.fedUntil = until;
  return sent;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const url = process.env.NENGTAN_URL ?? `http://${config.host}:${config.port}`;
  const platformKey = config.platformKey ?? (config.dataDir ? readPlatformKeyFile(config.dataDir) : undefined);
  if (!platformKey) throw new Error('no platform key: start Nengtan first (npm start) or set NENGTAN_PLATFORM_KEY');
  const statePath = path.join(config.dataDir ?? '.nengtan', 'demo.json');
  mkdirSync(path.dirname(statePath), { recursive: true });
  console.log(`Nengtan demo park → ${url}`);
  const state = await setUp(url, platformKey, statePath);
  writeFileSync(statePath, JSON.stringify(state, null, 2));

  const started = Date.now();
  const latest = Math.floor(Date.now() / INTERVAL) * INTERVAL - INTERVAL;
  if (state.fedUntil < latest) {
    const sent = await feed(state, latest);
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    console.log(
      `  fed ${sent} readings (${DAYS} days of 15-minute data) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  const org = state.orgs[0];
  const meterId = org.meters['STEEL-E-MAIN'].id;
  process.stdout.write('  waiting for the first batch to be anchored ');
  for (;;) {
    const batches = await call<{ status: string; id: string; leafCount: number; anchor: { txHash: string } | null }[]>(
      url,
      org.adminKey,
      'GET',
      '/v1/batches?status=anchored&limit=1',
    );
    if (batches.length > 0) {
      console.log(
        `\n  batch ${batches[0].id} anchored in transaction ${batches[0].anchor?.txHash} (${batches[0].leafCount} readings)`,
      );
      break;
    }
    process.stdout.write('.');
    await new Promise((r) => setTimeout(r, 2000));
  }
  const start = new Date(latest - 86_400_000).toISOString();
  const receipt = await call<Parameters<typeof verifyReceipt>[0] & { batch: { id: string } }>(
    url,
    org.adminKey,
    'GET',
    `/v1/receipts?meter=${meterId}&start=${start}`,
  );
  const receiptPath = path.resolve(path.dirname(statePath), 'demo-receipt.json');
  writeFileSync(receiptPath, JSON.stringify(receipt, null, 2) + '\n');
  const health = await call<{ chain: { rpcUrl: string } }>(url, org.adminKey, 'GET', '/health');
  const checks = await verifyReceipt(receipt, health.chain.rpcUrl);
  console.log(`  receipt of STEEL-E-MAIN at ${start} saved to ${receiptPath}; independent verification:`);
  for (const c of checks) console.log(`    ${c.ok ? '✓' : '✗'} ${c.name}`);
  console.log(
    `  ${receiptIsValid(checks) ? 'VERIFIED' : 'NOT VERIFIED'} — check it yourself: npm run verify-receipt -- ${receiptPath} ${health.chain.rpcUrl}`,
  );
  console.log(
    `  admin key of ${org.name}: ${org.adminKey}  (try: curl -H "Authorization: Bearer ${org.adminKey}" ${url}/v1/batches)`,
  );
  if (!receiptIsValid(checks)) process.exit(1);

  // Carbon accounting on the same data: a production volume and green certificates, then the inventory of the
  // fourteen days fed (local dates in Asia/Shanghai).
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const period = { start: day(latest - (DAYS - 1) * 86_400_000), end: day(latest) };
  await call(url, org.adminKey, 'POST', '/v1/production-volumes', {
    product: 'hot-rolled coil',
    periodStart: period.start,
    periodEnd: period.end,
    quantity: '5200',
    unit: 't',
  }).catch(() => undefined);
  await call(url, org.adminKey, 'POST', '/v1/certificate-claims', {
    certificateRef: `GEC-DEMO-${period.start}`,
    mwh: '2500',
    consumptionStart: period.start,
    consumptionEnd: period.end,
    generator: 'Yancheng offshore wind',
    technology: 'wind',
  }).catch(() => undefined);
  const inventory = await call<{
    hash: string;
    document: { results: Record<string, string>; intensity: { product: string; kgCO2ePerUnitLocation: string }[] };
  }>(url, org.adminKey, 'POST', '/v1/inventories/preview', period);
  const t = (kg: string) => `${(Number(kg) / 1000).toFixed(1)} t`;
  console.log(`  inventory of ${org.name}, ${period.start} to ${period.end} (hash ${inventory.hash.slice(0, 18)}…):`);
  console.log(
    `    Scope 1 ${t(inventory.document.results.scope1)}; Scope 2 location-based ${t(inventory.document.results.scope2LocationBased)}, market-based ${t(inventory.document.results.scope2MarketBased)}; exported ${t(inventory.document.results.exported)}; energy ${t(inventory.document.results.energyKgce)}ce`,
  );
  for (const i of inventory.document.intensity)
    console.log(`    intensity ${i.kgCO2ePerUnitLocation} kgCO2e per t of ${i.product}`);

  const verification = await notarizeAndVerify({
    url,
    platformKey,
    dir: path.dirname(statePath),
    enterprise: org,
    period,
  });
  if (!verification.ok) process.exit(1);
  await complianceYear({
    url,
    platformKey,
    dir: path.dirname(statePath),
    authority: verification.authority,
    steel: org,
    cement: state.orgs[1],
    period,
  });
  const depth = await accountingDepth({
    url,
    dir: path.dirname(statePath),
    steel: org,
    cement: state.orgs[1],
    dataCentre: state.orgs[2],
    period,
  });
  if (!depth.verified) process.exit(1);
  await industrialPark({ url, platformKey, dir: path.dirname(statePath), enterprises: state.orgs, period });
  console.log(
    `  console: open ${url}/ in a browser and sign in with an admin key, e.g. ${org.name}'s: ${org.adminKey}`,
  );
  if (arg('--no-live')) return;

  console.log('  live trickle: a new interval for every meter as each 15 minutes complete (Ctrl+C to stop)');
  for (;;) {
    await new Promise((r) => setTimeout(r, 10_000));
    const now = Math.floor(Date.now() / INTERVAL) * INTERVAL - INTERVAL;
    if (now > state.fedUntil) {
      const sent = await feed(state, now);
      writeFileSync(statePath, JSON.stringify(state, null, 2));
      console.log(`  ${new Date().toISOString()} fed ${sent} readings`);
    }
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiClient, ApiError } from '../cli/apiClient';
import { registerDemoOrganisation, type DemoOrganisation } from './demoParticipants';

interface Membership {
  id: string;
  park: { id: string };
  status: string;
}
interface Overview {
  park: { energyKgce: string; co2eKg: string };
  members: { member: { name: string; grantLevel: string }; figures: { energyKgce: string; co2eKg: string } }[];
}

const tonnes = (kg: string) => `${(Number(kg) / 1000).toFixed(1)} t`;

/**
 * The industrial park (园区) over the three enterprises: the park operator invites each, each accepts (the data centre
 * grants meter data too), and the park's overview of the fed days is printed, then its analysis and alerts
 * ({@link parkAnalysis}). Re-runs reuse the park and skip invitations, utilities, budgets and rules already there.
 */
export async function industrialPark(options: {
  url: string;
  platformKey: string;
  dir: string;
  enterprises: DemoOrganisation[];
  period: { start: string; end: string };
}): Promise<void> {
  const { url, platformKey, period } = options;
  const statePath = path.join(options.dir, 'demo-park.json');
  let park: DemoOrganisation | undefined;
  if (existsSync(statePath)) {
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { url: string; park: DemoOrganisation };
    if (saved.url === url) park = saved.park;
  }
  park ??= await registerDemoOrganisation(url, platformKey, '滨海工业园区 Binhai Industrial Park', ['park']);
  writeFileSync(statePath, JSON.stringify({ url, park }, null, 2));
  const parkApi = apiClient(url, park.adminKey);
  for (const [i, enterprise] of options.enterprises.entries()) {
    await parkApi.json('POST', '/v1/park/invitations', { enterpriseId: enterprise.orgId }).catch((e: unknown) => {
      if (!(e instanceof ApiError && e.code === 'NT_ERR_PARK_INVITATION_OPEN')) throw e;
    });
    const api = apiClient(url, enterprise.adminKey);
    const { invitations } = await api.json<{ invitations: Membership[] }>('GET', '/v1/park-invitations');
    const open = invitations.find((m) => m.park.id === park.orgId && m.status === 'invited');
    const grantLevel = i === options.enterprises.length - 1 ? 'meters' : 'aggregate';
    if (open) await api.json('POST', `/v1/park-invitations/${open.id}/accept`, { grantLevel });
  }
  const overview = await parkApi.json<Overview>('GET', `/v1/park/overview?from=${period.start}&to=${period.end}`);
  console.log(`  ${park.name}, ${period.start} to ${period.end}, ${overview.members.length} consenting members:`);
  for (const m of overview.members)
    console.log(
      `    ${m.member.name} (${m.member.grantLevel}): ${tonnes(m.figures.co2eKg)} CO2e, ${tonnes(m.figures.energyKgce)}ce`,
    );
  console.log(`    park total: ${tonnes(overview.park.co2eKg)} CO2e, ${tonnes(overview.park.energyKgce)}ce`);
  await parkAnalysis(parkApi, options.enterprises, period, overview);
  console.log(`  admin key of ${park.name}: ${park.adminKey} (console: ${url}/#/park)`);
}

interface Benchmarking {
  products: {
    product: string;
    unit: string;
    parkAverage: { kgcePerUnit: string };
    members: { name: string; rank: number; kgcePerUnit: string; kgceLevel: string | null }[];
  }[];
}
interface Flow {
  utilities: {
    utility: { name: string; unit: string };
    output: string;
    members: { name: string; quantity: string }[];
  }[];
}
interface Warnings {
  warnings: { budgetName: string | null; quantity: string; warning: string; forecast: string; budget: string }[];
}
interface Alert {
  kind: string;
  subjectLabel: string;
  message: string;
  state: string;
}

/** A decimal string of kgce scaled by `percent` and cut to whole kgce (demo limits, not measurements). */
const share = (kgce: string, percent: bigint, divisor = 1n) =>
  ((BigInt(kgce.split('.')[0]) * percent) / (100n * divisor)).toString();

/**
 * The park's analysis over its members' aggregates: its benchmark table (标杆 / 基准 per product), a shared steam
 * network allocated to the members by a fixed key, a budget for the fed days, and two park alert rules (the park's
 * daily energy and its budgets), whose alerts the alert worker raises from the members' data; all printed.
 */
async function parkAnalysis(
  parkApi: ReturnType<typeof apiClient>,
  enterprises: DemoOrganisation[],
  period: { start: string; end: string },
  overview: Overview,
): Promise<void> {
  const range = `from=${period.start}&to=${period.end}`;
  // The levels are the demo's own, set around its synthetic plants so that the table shows each level.
  for (const [product, advanced, baseline] of [
    ['hot-rolled coil', '1250', '1450'],
    ['cement', '110', '130'],
  ])
    await parkApi.json('POST', '/v1/benchmarks', {
      product,
      unit: 't',
      indicator: 'kgce_per_unit',
      advanced,
      baseline,
      source: 'Nengtan demo levels (not a published standard)',
    });
  const benchmarking = await parkApi.json<Benchmarking>('GET', `/v1/park/benchmarking?${range}`);
  console.log('  park benchmarking (kgce per t against the park table, 标杆 advanced / 基准 baseline):');
  for (const p of benchmarking.products) {
    const members = p.members.map((m) => `${m.rank}. ${m.name} ${m.kgcePerUnit} (${m.kgceLevel ?? '—'})`);
    console.log(`    ${p.product}: ${members.join('; ')}; park average ${p.parkAverage.kgcePerUnit}`);
  }

  const steamName = '园区蒸汽管网 Park steam network';
  const { utilities } = await parkApi.json<{ utilities: { id: string; name: string }[] }>('GET', '/v1/park/utilities');
  const steam =
    utilities.find((u) => u.name === steamName) ??
    (await parkApi.json<{ id: string }>('POST', '/v1/park/utilities', {
      name: steamName,
      energyKind: 'steam',
      allocation: 'fixed',
      key: enterprises.map((e, i) => ({ memberId: e.orgId, weight: ['3', '2', '1'][i] ?? '1' })),
    }));
  await parkApi.json('POST', `/v1/park/utilities/${steam.id}/outputs`, {
    periodStart: period.start,
    periodEnd: period.end,
    quantity: '1200',
  });
  const flow = await parkApi.json<Flow>('GET', `/v1/park/energy-flow?${range}`);
  for (const u of flow.utilities)
    console.log(
      `  ${u.utility.name}: ${u.output} ${u.utility.unit} shared out: ${u.members.map((m) => `${m.name} ${m.quantity}`).join(', ')}`,
    );

  const budgetName = `Park energy ${period.start}`;
  const { budgets } = await parkApi.json<{ budgets: { name: string | null }[] }>('GET', '/v1/park/budgets');
  // 90 % of what the members used: the budget is already spent, so the warning and the alert show.
  if (!budgets.some((b) => b.name === budgetName))
    await parkApi.json('POST', '/v1/park/budgets', {
      name: budgetName,
      periodStart: period.start,
      periodEnd: period.end,
      energyKgce: share(overview.park.energyKgce, 90n),
    });
  const warnings = await parkApi.json<Warnings>('GET', `/v1/park/warnings?asOf=${period.end}`);
  for (const w of warnings.warnings)
    console.log(
      `  park budget warning: ${w.budgetName ?? 'park'} ${w.quantity} ${w.warning}: ${w.forecast} > ${w.budget}`,
    );

  const days = BigInt(Math.round((Date.parse(period.end) - Date.parse(period.start)) / 86_400_000));
  const { rules } = await parkApi.json<{ rules: { name: string }[] }>('GET', '/v1/park/alert-rules');
  const wanted = [
    {
      name: 'Park daily energy 园区日能耗',
      kind: 'total',
      scope: 'park',
      // 80 % of the members' mean day: the busier days cross it.
      params: { metric: 'kgce', period: 'day', above: share(overview.park.energyKgce, 80n, days) },
    },
    { name: 'Park budgets 园区预算', kind: 'budget', scope: 'park', params: { trigger: 'forecast' } },
  ];
  for (const rule of wanted)
    if (!rules.some((r) => r.name === rule.name)) await parkApi.json('POST', '/v1/park/alert-rules', rule);
  // A new rule is judged on the members' recent days at once; the alert worker passes every few seconds.
  let alerts: Alert[] = [];
  for (let i = 0; i < 30; i++) {
    alerts = await parkApi.json<Alert[]>('GET', '/v1/alerts?state=open');
    if (new Set(alerts.map((a) => a.kind)).size >= wanted.length) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  console.log(`  park alerts (${alerts.length} open, acknowledge them on the park page):`);
  for (const a of alerts) console.log(`    [${a.kind}] ${a.message}`);
  if (alerts.length === 0) throw new Error('the park alert rules raised no alert');
}

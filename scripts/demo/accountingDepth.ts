import path from 'node:path';
import { apiClient, type ApiClient } from '../cli/apiClient';
import { ensureChainAccount, ensureEncryptionKey, type DemoOrganisation } from './demoParticipants';
import { waitForAnchoring } from './notarizeAndVerify';

type Period = { start: string; end: string };

interface ActivityRecord {
  periodStart: string;
  periodEnd: string;
  sourceKind: string;
  subject: string;
}
interface NonMeteredLine {
  kind: string;
  subject: string;
  activity: { quantity: string; unit: string; evidence: string };
  formula: string;
  emissions: { co2e: string; gas?: string };
}
interface Preview {
  hash: string;
  document: {
    results: Record<string, string>;
    nonMeteredSources?: NonMeteredLine[];
    scope3?: {
      kgCO2e: string;
      category1PurchasedGoods: {
        lines: { supplier: { name: string }; product: string; quantity: string; unit: string; kgCO2e: string }[];
      };
    };
  };
}
interface Share {
  shareId: string;
  product: string;
  unit: string;
  kgCO2ePerUnit: string;
  inventoryHash: string;
  customer: { id: string };
  revokedAt: string | null;
}

/** Records a non-metered activity for the period unless one of the same kind and subject is already there. */
async function recordOnce(
  api: ApiClient,
  period: Period,
  body: { sourceKind: string; subject: string; quantity: string; unit: string; evidence: string },
): Promise<void> {
  const existing = await api.json<ActivityRecord[]>('GET', `/v1/activity-data?start=${period.start}&end=${period.end}`);
  const same = (r: ActivityRecord) =>
    r.periodStart === period.start &&
    r.periodEnd === period.end &&
    r.sourceKind === body.sourceKind &&
    r.subject === body.subject;
  if (existing.some(same)) return;
  await api.json('POST', '/v1/activity-data', { periodStart: period.start, periodEnd: period.end, ...body });
}

function printLines(name: string, preview: Preview, kind: string): void {
  for (const line of preview.document.nonMeteredSources ?? []) {
    if (line.kind !== kind) continue;
    console.log(
      `    ${name} ${line.kind} line: ${line.activity.quantity} ${line.activity.unit} ${line.subject} ` +
        `(evidence: ${line.activity.evidence}) → ${line.emissions.co2e} kg CO2e; ${line.formula}`,
    );
  }
  console.log(
    `    ${name} Scope 1 now ${preview.document.results.scope1} kg CO2e (inventory preview hash ${preview.hash.slice(0, 18)}…)`,
  );
}

/** The cement works' notarized inventory of the period: reused when a re-run finds it, notarized otherwise. */
async function notarizedInventory(cement: ApiClient, dir: string, period: Period): Promise<{ id: string }> {
  const all = await cement.json<{ id: string; periodStart: string; periodEnd: string; status: string }[]>(
    'GET',
    '/v1/inventories',
  );
  const ofPeriod = all.filter((i) => i.periodStart === period.start && i.periodEnd === period.end);
  const done = ofPeriod.find((i) => i.status === 'notarized');
  if (done) return done;
  await ensureEncryptionKey(cement, path.join(dir, 'demo-cement.key'));
  await ensureChainAccount(cement);
  await waitForAnchoring(cement, period);
  const inventory = ofPeriod[0] ?? (await cement.json<{ id: string }>('POST', '/v1/inventories', period));
  const notarized = await cement.json<{ txHash: string }>('POST', `/v1/inventories/${inventory.id}/notarize`);
  console.log(`    notarized the cement works' inventory ${inventory.id} in tx ${notarized.txHash.slice(0, 18)}…`);
  return inventory;
}

/**
 * Accounting beyond meters: the cement works records its clinker (process CO2) and the data centre a refrigerant
 * leak as non-metered activity data; the cement works notarizes its inventory and shares the product footprint of its
 * cement with the steel mill, which checks the share against the chain and counts a purchase in Scope 3 category 1.
 * Re-runs reuse what is already recorded.
 */
export async function accountingDepth(options: {
  url: string;
  dir: string;
  steel: DemoOrganisation;
  cement: DemoOrganisation;
  dataCentre: DemoOrganisation;
  period: Period;
}): Promise<{ verified: boolean }> {
  const { url, period } = options;
  const cement = apiClient(url, options.cement.adminKey);
  const dataCentre = apiClient(url, options.dataCentre.adminKey);
  const steel = apiClient(url, options.steel.adminKey);

  await recordOnce(cement, period, {
    sourceKind: 'process',
    subject: 'clinker',
    quantity: '26600',
    unit: 't',
    evidence: `Kiln line 2 clinker production ${period.start} to ${period.end}, weighbridge summary WB-KL2-${period.start}`,
  });
  const volumes = await cement.json<{ product: string; periodStart: string; periodEnd: string }[]>(
    'GET',
    '/v1/production-volumes',
  );
  if (!volumes.some((v) => v.product === 'cement' && v.periodStart === period.start && v.periodEnd === period.end)) {
    await cement.json('POST', '/v1/production-volumes', {
      product: 'cement',
      periodStart: period.start,
      periodEnd: period.end,
      quantity: '35000',
      unit: 't',
    });
  }
  console.log(`  ${options.cement.name} records 26,600 t of clinker (process CO2) and 35,000 t of cement produced:`);
  printLines('cement works', await cement.json<Preview>('POST', '/v1/inventories/preview', period), 'process');

  await recordOnce(dataCentre, period, {
    sourceKind: 'fugitive',
    subject: 'R-410A',
    quantity: '18.5',
    unit: 'kg',
    evidence: `Chiller CH-2 refrigerant top-up, maintenance log Hall A ${period.start}`,
  });
  console.log(`  ${options.dataCentre.name} records 18.5 kg of R-410A leaked from a chiller (refrigerant top-up):`);
  printLines('data centre', await dataCentre.json<Preview>('POST', '/v1/inventories/preview', period), 'fugitive');

  const inventory = await notarizedInventory(cement, options.dir, period);
  const sent = await cement.json<Share[]>('GET', '/v1/footprint-shares/sent');
  const share =
    sent.find((s) => s.customer.id === options.steel.orgId && s.product === 'cement' && !s.revokedAt) ??
    (await cement.json<Share>('POST', '/v1/footprint-shares', {
      customerOrgId: options.steel.orgId,
      inventoryId: inventory.id,
      product: 'cement',
    }));
  console.log(
    `  ${options.cement.name} shares its cement footprint with ${options.steel.name}: ` +
      `${share.kgCO2ePerUnit} kg CO2e per ${share.unit} (notarized inventory ${share.inventoryHash.slice(0, 18)}…, signed)`,
  );
  const purchases = await steel.json<{ shareId: string }[]>('GET', '/v1/supplier-purchases');
  if (!purchases.some((p) => p.shareId === share.shareId)) {
    await steel.json('POST', '/v1/supplier-purchases', {
      shareId: share.shareId,
      period: period.start,
      quantity: '800',
    });
  }
  const verification = await steel.json<{
    verified: boolean;
    checks: { name: string; pass: boolean; detail: string }[];
  }>('GET', `/v1/footprint-shares/${share.shareId}/verify`);
  console.log(`  ${options.steel.name} checks the share:`);
  for (const c of verification.checks) console.log(`    ${c.pass ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  const preview = await steel.json<Preview>('POST', '/v1/inventories/preview', period);
  for (const line of preview.document.scope3?.category1PurchasedGoods.lines ?? [])
    console.log(
      `    purchase ${line.quantity} ${line.unit} of ${line.product} from ${line.supplier.name} → ${line.kgCO2e} kg CO2e`,
    );
  console.log(
    `    ${options.steel.name} Scope 3 category 1 (purchased goods): ${preview.document.scope3?.kgCO2e ?? 'none'} kg CO2e`,
  );
  return { verified: verification.verified };
}

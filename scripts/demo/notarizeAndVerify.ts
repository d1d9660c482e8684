import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiClient, type ApiClient } from '../cli/apiClient';
import { verifyInventory } from '../cli/verifierCommands';
import {
  ensureChainAccount,
  ensureEncryptionKey,
  registerDemoOrganisation,
  type DemoOrganisation,
} from './demoParticipants';

interface Party extends DemoOrganisation {
  keyFile: string;
}

interface VerificationState {
  url: string;
  enterpriseKeyFile?: string;
  verifier?: Party;
  authority?: Party;
}

/** An organisation's X25519 key (private part in a file next to the demo state) and custodial chain account. */
async function prepare(api: ApiClient, keyFile: string): Promise<void> {
  await ensureEncryptionKey(api, keyFile);
  await ensureChainAccount(api);
}

async function party(
  url: string,
  platformKey: string,
  dir: string,
  name: string,
  kind: 'verifier' | 'authority',
): Promise<Party> {
  const keyFile = path.join(dir, `demo-${kind}.key`);
  return { ...(await registerDemoOrganisation(url, platformKey, name, [kind], keyFile)), keyFile };
}

/** Waits (bounded) until every batch the inventory of `period` rests on is anchored. */
export async function waitForAnchoring(api: ApiClient, period: { start: string; end: string }): Promise<void> {
  process.stdout.write('  waiting for the evidence batches to be anchored ');
  const deadline = Date.now() + 180_000;
  for (;;) {
    const preview = await api.json<{ document: { evidence: { batches: { anchor: unknown }[] } } }>(
      'POST',
      '/v1/inventories/preview',
      period,
    );
    const pending = preview.document.evidence.batches.filter((b) => !b.anchor).length;
    if (pending === 0) break;
    if (Date.now() > deadline) throw new Error(`${pending} evidence batch(es) still not anchored after 3 minutes`);
    process.stdout.write('.');
    await new Promise((r) => setTimeout(r, 3000));
  }
  console.log(' done');
}

/**
 * The inventory's path to verified emissions: the enterprise notarizes it (evidence encrypted in IPFS, record on
 * chain), assigns an independent verifier, the verifier re-verifies every reading from the package and the chain and
 * attests on chain, and the authority sees the result.
 */
export async function notarizeAndVerify(options: {
  url: string;
  platformKey: string;
  dir: string;
  enterprise: { name: string; adminKey: string };
  period: { start: string; end: string };
}): Promise<{ ok: boolean; authority: Party }> {
  const { url, dir, period } = options;
  const statePath = path.join(dir, 'demo-verification.json');
  let state: VerificationState = { url };
  if (existsSync(statePath)) {
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as VerificationState;
    if (saved.url === url) state = saved;
  }
  const enterprise = apiClient(url, options.enterprise.adminKey);
  state.enterpriseKeyFile ??= path.join(dir, 'demo-enterprise.key');
  await prepare(enterprise, state.enterpriseKeyFile);
  state.verifier ??= await party(url, options.platformKey, dir, 'CQC Carbon Verification Centre 中碳核查', 'verifier');
  state.authority ??= await party(
    url,
    options.platformKey,
    dir,
    'Jiangsu Ecology Department 江苏省生态环境厅',
    'authority',
  );
  writeFileSync(statePath, JSON.stringify(state, null, 2));

  await waitForAnchoring(enterprise, period);
  let inventory: { id: string };
  try {
    inventory = await enterprise.json<{ id: string }>('POST', '/v1/inventories', period);
  } catch (error) {
    console.log(`  the period is already notarized (${error instanceof Error ? error.message.slice(0, 120) : ''})`);
    return { ok: true, authority: state.authority };
  }
  const notarized = await enterprise.json<{ chainInventoryId: string; manifestCid: string; txHash: string }>(
    'POST',
    `/v1/inventories/${inventory.id}/notarize`,
  );
  console.log(
    `  notarized inventory ${inventory.id}: evidence package ${notarized.manifestCid} (encrypted), ` +
      `InventoryRegistry record ${notarized.chainInventoryId.slice(0, 18)}… in tx ${notarized.txHash.slice(0, 18)}…`,
  );
  await enterprise.json('POST', `/v1/inventories/${inventory.id}/verifiers`, { verifierOrgId: state.verifier.orgId });
  console.log(`  assigned ${state.verifier.name} on chain; it re-verifies with its own key:`);
  const code = await verifyInventory(apiClient(url, state.verifier.adminKey), {
    inventoryId: inventory.id,
    keyFile: state.verifier.keyFile,
    attest: { assurance: 'reasonable' },
  });
  console.log(
    `  do it yourself: NENGTAN_KEY=${state.verifier.adminKey} npm run nengtan -- verify-inventory ${inventory.id} --key ${state.verifier.keyFile}`,
  );
  const overview = await apiClient(url, state.authority.adminKey).json<
    {
      organisation: { name: string };
      periodStart: string;
      totals: Record<string, string>;
      verifiers: { opinion: string | null }[];
    }[]
  >('GET', `/v1/oversight/inventories?periodStart=${period.start}`);
  console.log(`  ${state.authority.name} sees:`);
  for (const row of overview) {
    console.log(
      `    ${row.organisation.name} ${row.periodStart}: total ${row.totals.totalKgCO2e} kgCO2e, ` +
        `${row.verifiers.map((v) => v.opinion ?? 'verification pending').join(', ') || 'no verifier'}`,
    );
  }
  return { ok: code === 0, authority: state.authority };
}

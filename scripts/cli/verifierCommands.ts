import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { rpcProvider } from '../../services/chain/connectChain';
import { generateRecipientKeyPair } from '../../services/documents/recipientKeys';
import { loadKeccak } from '../../services/lib/keccak';
import type { Assignment } from '../../services/notarization/verifierAssignments';
import { verifyEvidence, type EvidenceVerification } from '../../services/verification/verifyEvidence';
import type { ApiClient } from './apiClient';
import { attest } from './signingCommands';

/**
 * keygen --out <file> [--register]: a new X25519 key pair for evidence packages. The private key is written to the
 * file (mode 600) and never leaves this machine; the public key is printed, and registered for the organisation of
 * NENGTAN_KEY with --register.
 */
export async function keygen(api: ApiClient, out: string | undefined, register: boolean): Promise<number> {
  if (!out) throw new Error('name the private key file: keygen --out <file>');
  const pair = generateRecipientKeyPair();
  writeFileSync(out, Buffer.from(pair.privateKey).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(out, 0o600);
  const publicKey = Buffer.from(pair.publicKey).toString('hex');
  process.stdout.write(`private key written to ${out}\npublic key ${publicKey}\n`);
  if (register) {
    await api.json('PUT', '/v1/organisation/encryption-key', { publicKey });
    process.stdout.write('registered as the encryption key of your organisation\n');
  }
  return 0;
}

export interface VerifyInventoryOptions {
  inventoryId: string;
  keyFile: string;
  rpcUrl?: string;
  materialityBps?: number;
  out?: string;
  attest?: {
    opinion?: 'verified' | 'qualified' | 'rejected';
    assurance: 'limited' | 'reasonable';
    /** File holding the hex private key of the verifier's external chain account (it signs the attestation). */
    chainKeyFile?: string;
  };
}

interface ChainInfo {
  chainId: number;
  rpcUrl: string;
  anchorRegistry: string;
  inventoryRegistry?: string;
}

/** The statement recorded with an attestation when the verifier gives none: the checks as performed. */
function statementOf(result: EvidenceVerification, opinion: string): string {
  const lines = [
    `Opinion: ${opinion}.`,
    `Re-verified ${result.readingsReverified} readings against their anchored batch roots in ${result.seconds.toFixed(1)} s.`,
    ...result.checks.map((c) => `${c.ok ? '[pass]' : '[FAIL]'} ${c.name}: ${c.detail}`),
  ];
  const comparison = result.comparison;
  if (comparison) {
    lines.push(
      `Materiality ${comparison.materialityBps} bps; largest difference ${comparison.largestBps} bps; ` +
        `${comparison.differences.length} figure(s) differ.`,
    );
  }
  return lines.join('\n');
}

function print(result: EvidenceVerification): void {
  for (const c of result.checks) process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name}\n    ${c.detail}\n`);
  const comparison = result.comparison;
  if (comparison) {
    process.stdout.write(
      `\ndifference report (materiality ${comparison.materialityBps} bps): ` +
        `${comparison.differences.length} figure(s) differ, largest ${comparison.largestBps} bps, ` +
        `${comparison.withinMateriality ? 'within' : 'BEYOND'} materiality; suggested opinion ${comparison.suggestedOpinion}\n`,
    );
    for (const d of comparison.differences) {
      process.stdout.write(
        `    ${d.figure}: claimed ${d.claimed}, recomputed ${d.recomputed}, difference ${d.difference}\n`,
      );
    }
    for (const path of comparison.otherDifferences) process.stdout.write(`    differs: ${path}\n`);
  }
  for (const m of result.measures) {
    const recomputed =
      'avoided' in m.recomputed
        ? `avoided ${m.recomputed.avoided} ± ${m.recomputed.uncertainty} ${m.recomputed.unit}`
        : `refused (${m.recomputed.refused})`;
    process.stdout.write(
      `\nmeasure "${m.title}" ${m.reportingPeriod.start} to ${m.reportingPeriod.end}: recomputed ${recomputed}, ` +
        `${m.identical ? 'as reported' : 'DIFFERS from the report'}\n`,
    );
    for (const d of m.differences) {
      process.stdout.write(
        `    ${d.figure}: reported ${d.reported}, recomputed ${d.recomputed}${d.difference === null ? '' : `, difference ${d.difference}`}\n`,
      );
    }
    if (m.moreDifferingDays > 0) process.stdout.write(`    … and ${m.moreDifferingDays} more day(s)\n`);
  }
  process.stdout.write(
    `\n${result.ok ? 'VERIFIED' : 'NOT VERIFIED'}: ${result.readingsReverified} readings re-verified in ${result.seconds.toFixed(2)} s\n`,
  );
}

/**
 * verify-inventory <inventory id> --key <file>: the verifier's independent check of an assigned inventory. Documents
 * come through the API (they are encrypted to the verifier's key, so the service cannot alter them unnoticed); every
 * check is made against the chain at RPC_URL, which a verifier points at its own node.
 */
export async function verifyInventory(api: ApiClient, options: VerifyInventoryOptions): Promise<number> {
  await loadKeccak();
  const privateKey = Buffer.from(readFileSync(options.keyFile, 'utf8').trim(), 'hex');
  const [assignments, me, health] = await Promise.all([
    api.json<Assignment[]>('GET', '/v1/verifications'),
    api.json<{ id: string }>('GET', '/v1/organisation'),
    api.json<{ chain: ChainInfo | null }>('GET', '/health'),
  ]);
  const assignment = assignments.find((a) => a.inventoryId === options.inventoryId);
  if (!assignment) throw new Error(`inventory ${options.inventoryId} is not assigned to your organisation`);
  if (!health.chain?.inventoryRegistry) throw new Error('the service reports no InventoryRegistry');
  const provider = await rpcProvider(options.rpcUrl ?? health.chain.rpcUrl);
  let result: EvidenceVerification;
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    if (chainId !== health.chain.chainId) {
      throw new Error(`RPC_URL serves chain ${chainId}, the service anchors on chain ${health.chain.chainId}`);
    }
    result = await verifyEvidence({
      provider,
      inventoryRegistry: health.chain.inventoryRegistry,
      anchorRegistry: health.chain.anchorRegistry,
      chainInventoryId: assignment.chainInventoryId,
      manifestCid: assignment.manifestCid,
      fetchDocument: (cid) => api.bytes(`/v1/shared-documents/${encodeURIComponent(cid)}`),
      recipientId: me.id,
      privateKey,
      materialityBps: options.materialityBps,
    });
  } finally {
    provider.destroy();
  }
  process.stdout.write(
    `inventory ${assignment.inventoryId} of ${assignment.organisation.name}, ` +
      `${assignment.periodStart} to ${assignment.periodEnd} (chain id ${assignment.chainInventoryId})\n\n`,
  );
  print(result);
  if (options.out) writeFileSync(options.out, JSON.stringify({ assignment, ...result }, null, 2) + '\n');
  if (options.attest) {
    const opinion =
      options.attest.opinion ?? (result.ok ? (result.comparison?.suggestedOpinion ?? 'rejected') : 'rejected');
    await attest(
      api,
      assignment.inventoryId,
      {
        opinion,
        assurance: options.attest.assurance,
        materialityBps: result.comparison?.materialityBps ?? options.materialityBps ?? 500,
        statement: statementOf(result, opinion),
      },
      { keyFile: options.attest.chainKeyFile, rpcUrl: options.rpcUrl },
    );
  }
  return result.ok ? 0 : 1;
}

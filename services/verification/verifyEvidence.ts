import { gunzipSync } from 'node:zlib';
import { Contract, type Provider } from 'ethers';
import { rootsCommitment } from '../accounting/computeInventory';
import { canonicalInventory, chainTotals } from '../accounting/inventories';
import { decryptEnvelope } from '../documents/decryptEnvelope';
import type { BatchExport, EvidenceManifest } from '../evidence/evidenceFormat';
import { compareInventories, type Comparison } from './compareInventories';
import { withRecomputedScope3 } from '../accounting/scope3PurchasedGoods';
import { recomputeInventory } from './recomputeInventory';
import { recomputeMeasures, type MeasureCheck } from './recomputeMeasures';
import { reverifyPool } from './reverifyPool';

export interface VerificationCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface EvidenceVerification {
  checks: VerificationCheck[];
  ok: boolean;
  comparison?: Comparison;
  /** The measure results of a version-2 package recomputed and compared (empty for version 1). */
  measures: MeasureCheck[];
  readingsReverified: number;
  seconds: number;
}

const INVENTORY_ABI = [
  'function inventory(bytes32) view returns (tuple(bytes32 orgId, uint64 periodStart, uint64 periodEnd, uint64 submittedAt, uint32 version, bool superseded, bytes32 previousId, int256 scope1KgCO2e, int256 scope2LocationKgCO2e, int256 scope2MarketKgCO2e, int256 totalKgCO2e, uint256 energyKgce, bytes32 inventoryHash, bytes32 batchRootsCommitment, bytes32 factorSetId, string reportCid, tuple(address verifier, uint64 attestedAt, uint8 opinion, uint8 assurance, uint16 materialityBps, string statementCid) attestation))',
];
const ANCHOR_ABI = ['function rootOf(bytes32) view returns (bytes32)'];

function open<T>(envelope: Uint8Array, recipientId: string, privateKey: Uint8Array): T {
  return JSON.parse(gunzipSync(decryptEnvelope(envelope, recipientId, privateKey)).toString('utf8')) as T;
}

/**
 * The verifier's re-verification of a notarized inventory from its evidence package, trusting neither Nengtan nor the
 * enterprise: decrypt the package with the verifier's key, check the inventory against its record on chain (hash,
 * roots commitment, factor set, totals), rebuild every batch root from its exported readings and compare it with
 * the root anchored on chain, then recompute the inventory from those readings with the pinned factors and compare
 * figure by figure against materiality; and recompute each measure's avoided energy and uncertainty, avoided kgce and
 * CO2e (location- and market-based) from the same readings with the same formulas, naming any measure whose reported
 * figures differ.
 */
export async function verifyEvidence(options: {
  provider: Provider;
  inventoryRegistry: string;
  anchorRegistry: string;
  chainInventoryId: string;
  manifestCid: string;
  fetchDocument: (cid: string) => Promise<Uint8Array>;
  recipientId: string;
  privateKey: Uint8Array;
  materialityBps?: number;
  /** Worker threads re-verifying batches (default one per core; 0 on the calling thread). */
  workers?: number;
}): Promise<EvidenceVerification> {
  const started = performance.now();
  const checks: VerificationCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const manifest = open<EvidenceManifest>(
    await options.fetchDocument(options.manifestCid),
    options.recipientId,
    options.privateKey,
  );
  const registry = new Contract(options.inventoryRegistry, INVENTORY_ABI, options.provider);
  const anchors = new Contract(options.anchorRegistry, ANCHOR_ABI, options.provider);
  const onChain = await registry.inventory(options.chainInventoryId);

  const { hash } = canonicalInventory(manifest.inventory);
  check('the inventory in the package hashes to its stated hash', hash === manifest.inventoryHash, hash);
  check(
    'the chain records that hash',
    String(onChain.inventoryHash).toLowerCase() === hash,
    String(onChain.inventoryHash),
  );
  const commitment = rootsCommitment(manifest.batches);
  check(
    'the package batches commit to the roots recorded on chain',
    String(onChain.batchRootsCommitment).toLowerCase() === commitment &&
      commitment === manifest.inventory.evidence.rootsCommitment,
    commitment,
  );
  check(
    'the chain pins the factor set of the package',
    String(onChain.factorSetId).toLowerCase() === manifest.factorSet.contentHash,
    manifest.factorSet.contentHash,
  );
  check('the chain version is live', !onChain.superseded, `version ${onChain.version}`);

  // Fetch and re-verify batches concurrently: the pool keeps every core hashing while documents arrive.
  const pool = reverifyPool(options.workers);
  let rebuilt: { root: string; matches: boolean; readings: number; plaintext: Uint8Array; anchored: string }[];
  try {
    rebuilt = await Promise.all(
      manifest.batches.map(async (batch) => {
        const [result, anchored] = await Promise.all([
          options
            .fetchDocument(batch.cid)
            .then((envelope) => pool.reverify(envelope, options.recipientId, options.privateKey)),
          anchors.rootOf(batch.id).then((root: string) => String(root).toLowerCase()),
        ]);
        return { ...result, anchored };
      }),
    );
  } finally {
    await pool.close();
  }
  let readings = 0;
  manifest.batches.forEach((batch, i) => {
    const { root, matches, anchored } = rebuilt[i];
    readings += rebuilt[i].readings;
    check(
      `batch ${batch.id.slice(0, 10)}…: ${rebuilt[i].readings} readings rebuild the root anchored on chain`,
      matches && root === anchored && anchored === batch.root.toLowerCase(),
      `${root} / ${anchored}`,
    );
  });
  const exports = rebuilt.map(({ plaintext }) => JSON.parse(Buffer.from(plaintext).toString('utf8')) as BatchExport);

  let comparison: Comparison | undefined;
  try {
    const recomputed = withRecomputedScope3(manifest.inventory, recomputeInventory(manifest, exports));
    comparison = compareInventories(manifest.inventory, recomputed.document, options.materialityBps);
    check(
      'the inventory recomputed from the anchored readings matches',
      comparison.differences.length === 0,
      comparison.differences.length === 0
        ? 'every figure equal'
        : `${comparison.differences.length} figure(s) differ; largest ${comparison.largestBps} bps`,
    );
    const totals = Object.entries(chainTotals(recomputed.totals));
    check(
      'the chain totals are those of the recomputed inventory',
      totals.every(([field, value]) => BigInt(onChain[field]) === BigInt(value)),
      totals.map(([f, v]) => `${f} ${v}`).join(', '),
    );
  } catch (error) {
    check(
      'the inventory can be recomputed from the package',
      false,
      error instanceof Error ? error.message : String(error),
    );
  }
  let measures: MeasureCheck[] = [];
  try {
    measures = recomputeMeasures(manifest, exports);
    for (const m of measures) {
      check(
        `measure "${m.title}": the results recomputed from the anchored readings match the reported ones`,
        m.identical,
        m.identical
          ? 'avoided' in m.recomputed
            ? `avoided ${m.recomputed.avoided} ± ${m.recomputed.uncertainty} ${m.recomputed.unit}` +
              (m.recomputedEmissions
                ? `, ${m.recomputedEmissions.energyKgce} kgce, ${m.recomputedEmissions.co2eLocationKg} kg CO2e location-based, ${m.recomputedEmissions.co2eMarketKg} kg CO2e market-based`
                : '')
            : 'the same refusal'
          : m.differences.map((d) => `${d.figure}: reported ${d.reported}, recomputed ${d.recomputed}`).join('; '),
      );
    }
  } catch (error) {
    check('the measure results can be recomputed from the package', false, String(error));
  }
  return {
    checks,
    ok: checks.every((c) => c.ok),
    comparison,
    measures,
    readingsReverified: readings,
    seconds: (performance.now() - started) / 1000,
  };
}

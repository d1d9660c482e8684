/**
 * Independent receipt verification. Deliberately uses nothing but ethers and a JSON-RPC endpoint, none of Nengtan's
 * own code, so that a verifier can read it in one sitting and trust it without trusting Nengtan. Each check is
 * reported separately.
 */
import { AbiCoder, Contract, Interface, JsonRpcProvider, concat, keccak256, toUtf8Bytes } from 'ethers';

export interface ReceiptCheck {
  name: string;
  ok: boolean;
  detail: string;
}

interface ReceiptLike {
  format: string;
  reading: {
    organisation: string;
    quantity: string;
    raw: { timeField: string; timeMs: number; value: string; unit: string }[];
    rawHash: string;
  };
  leafNames?: string[];
  leafTypes: string[];
  leafValues: (string | number)[];
  leaf: string;
  proof: string[];
  root: string;
  batch: { id: string };
  anchor: { chainId: number; contract: string; txHash: string; blockNumber: number; blockHash: string };
}

const ANCHOR_ABI = [
  'function rootOf(bytes32 batchId) view returns (bytes32)',
  'function verifyReading(bytes32 batchId, bytes leafData, bytes32[] proof) view returns (bool)',
  'event BatchAnchored(bytes32 indexed batchId, bytes32 indexed root, bytes32 indexed orgId, uint32 leafCount, uint64 periodStart, uint64 periodEnd, address anchorer)',
];

function foldProof(leaf: string, proof: string[]): string {
  let node = leaf;
  for (const sibling of proof) {
    node = BigInt(node) <= BigInt(sibling) ? keccak256(concat([node, sibling])) : keccak256(concat([sibling, node]));
  }
  return node;
}

/** Verifies `receipt` against the chain at `rpcUrl`. */
export async function verifyReceipt(receipt: ReceiptLike, rpcUrl: string): Promise<ReceiptCheck[]> {
  const checks: ReceiptCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const coder = AbiCoder.defaultAbiCoder();

  check('format', receipt.format === 'nengtan-receipt/v1', receipt.format);
  const encoded = coder.encode(receipt.leafTypes, receipt.leafValues);
  const leaf = keccak256(concat([keccak256(encoded)]));
  check('leaf = keccak256(keccak256(abi.encode(leafValues)))', leaf === receipt.leaf.toLowerCase(), leaf);
  const folded = foldProof(leaf, receipt.proof);
  check('proof folds the leaf to the root', folded === receipt.root.toLowerCase(), folded);

  // The human-readable reading must say what the leaf says.
  const names = receipt.leafNames ?? [];
  const value = (name: string) => receipt.leafValues[names.indexOf(name)];
  if (names.length > 0) {
    const scale = Number(value('quantityScale'));
    const [whole, fraction = ''] = receipt.reading.quantity.replace('-', '').split('.');
    const units =
      BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale)) *
      (receipt.reading.quantity.startsWith('-') ? -1n : 1n);
    check(
      'reading quantity matches the leaf',
      units === BigInt(value('quantity')),
      `${receipt.reading.quantity} = ${value('quantity')} × 10^-${scale}`,
    );
    check(
      'reading organisation matches the leaf',
      receipt.reading.organisation === value('organisation'),
      String(value('organisation')),
    );
    const items = receipt.reading.raw.map((r) =>
      keccak256(coder.encode(['string', 'uint64', 'string', 'string'], [r.timeField, r.timeMs, r.value, r.unit])),
    );
    const rawHash = items.length === 0 ? '0x' + '00'.repeat(32) : keccak256(concat(items));
    check("raw readings hash to the leaf's rawHash", rawHash === String(value('rawHash')).toLowerCase(), rawHash);
  }

  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  try {
    const network = await provider.getNetwork();
    check('chain id', Number(network.chainId) === receipt.anchor.chainId, String(network.chainId));
    const registry = new Contract(receipt.anchor.contract, ANCHOR_ABI, provider);
    const anchoredRoot = String(await registry.rootOf(receipt.batch.id)).toLowerCase();
    check('root is anchored for the batch on chain', anchoredRoot === receipt.root.toLowerCase(), anchoredRoot);
    const onChain = Boolean(await registry.verifyReading(receipt.batch.id, encoded, receipt.proof));
    check('contract verifyReading(batch, leafData, proof)', onChain, String(onChain));

    const tx = await provider.getTransactionReceipt(receipt.anchor.txHash);
    check('anchoring transaction succeeded', tx?.status === 1, tx ? `status ${tx.status}` : 'not found');
    check(
      'transaction is in the stated block',
      tx?.blockHash === receipt.anchor.blockHash && tx?.blockNumber === receipt.anchor.blockNumber,
      `${tx?.blockNumber} ${tx?.blockHash}`,
    );
    const block = await provider.getBlock(receipt.anchor.blockNumber);
    check('block is on the canonical chain', block?.hash === receipt.anchor.blockHash, String(block?.hash));
    const iface = new Interface(ANCHOR_ABI);
    const event = tx?.logs
      .filter((log) => log.address.toLowerCase() === receipt.anchor.contract.toLowerCase())
      .map((log) => iface.parseLog(log))
      .find(
        (parsed) =>
          parsed?.name === 'BatchAnchored' &&
          String(parsed.args.batchId).toLowerCase() === receipt.batch.id.toLowerCase(),
      );
    check(
      'transaction emitted BatchAnchored(batch, root)',
      String(event?.args.root).toLowerCase() === receipt.root.toLowerCase(),
      String(event?.args.root),
    );
    if (names.length > 0) {
      const orgId = keccak256(toUtf8Bytes(String(value('organisation'))));
      check('event orgId = keccak256(organisation)', String(event?.args.orgId).toLowerCase() === orgId, orgId);
    }
  } catch (error) {
    check('chain reachable', false, error instanceof Error ? error.message : String(error));
  } finally {
    provider.destroy();
  }
  return checks;
}

export function receiptIsValid(checks: readonly ReceiptCheck[]): boolean {
  return checks.length > 0 && checks.every((c) => c.ok);
}

/**
 * Receipt verification in the browser, against the chain's own JSON-RPC endpoint: the console recomputes the leaf
 * from the receipt's values, folds the proof to the root, asks the anchoring contract for the batch's root
 * (eth_call rootOf) and checks the anchoring transaction (eth_getTransactionReceipt). Nothing here asks the Nengtan
 * server whether the receipt is good. ethers (ABI coder, keccak) is imported when a check runs, so the console's first
 * page does not carry it. Kept free of the console's other modules so that it can be read on its own.
 */

/** The parts of a nengtan-receipt/v1 the checks read. */
export interface ReceiptToCheck {
  format: string;
  reading: {
    organisation: string;
    quantity: string;
    raw: { timeField: string; timeMs: number; value: string; unit: string }[];
  };
  leafNames: string[];
  leafTypes: string[];
  leafValues: (string | number)[];
  leaf: string;
  proof: string[];
  root: string;
  batch: { id: string };
  anchor: { chainId: number; contract: string; txHash: string; blockNumber: number; blockHash: string };
}

/** The chain as the browser is told to reach it (GET /v1/chain); every answer still comes from the chain itself. */
export interface ChainToAsk {
  chainId: number;
  rpcUrl: string;
  anchorRegistry: string;
}

export type CheckId =
  | 'format'
  | 'leaf'
  | 'proof'
  | 'quantity'
  | 'organisation'
  | 'rawHash'
  | 'chainId'
  | 'contract'
  | 'rootOnChain'
  | 'transaction'
  | 'block'
  | 'event';

export interface ReceiptCheckResult {
  id: CheckId;
  ok: boolean;
  /** What was found (a hash, a number, an error), shown next to the check. */
  detail: string;
}

const ROOT_GETTER = 'function rootOf(bytes32 batchId) view returns (bytes32)';
const ANCHORED_EVENT =
  'event BatchAnchored(bytes32 indexed batchId, bytes32 indexed root, bytes32 indexed orgId, uint32 leafCount, uint64 periodStart, uint64 periodEnd, address anchorer)';

interface RpcLog {
  address: string;
  topics: string[];
  data: string;
}
interface RpcTransactionReceipt {
  status: string;
  blockNumber: string;
  blockHash: string;
  logs: RpcLog[];
}

let requestId = 0;

/** One JSON-RPC call over HTTP; an error answer becomes an exception naming the method. */
export async function rpcCall<T>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++requestId, method, params }),
  });
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status}`);
  const answer = (await res.json()) as { result?: T; error?: { message: string } };
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result as T;
}

/** A signed decimal string as an integer of `scale` decimals, without floating point. */
function scaledInteger(decimal: string, scale: number): bigint {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const units = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  return negative ? -units : units;
}

const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();

/** Runs every check; a failed one does not stop the others, so the page can say exactly what is wrong. */
export async function checkReceipt(receipt: ReceiptToCheck, chain: ChainToAsk): Promise<ReceiptCheckResult[]> {
  const { AbiCoder, Interface, concat, keccak256, toUtf8Bytes } = await import('ethers');
  const results: ReceiptCheckResult[] = [];
  const check = (id: CheckId, ok: boolean, detail: string) => results.push({ id, ok, detail });
  const coder = AbiCoder.defaultAbiCoder();

  check('format', receipt.format === 'nengtan-receipt/v1', receipt.format);

  let encoded = '0x';
  try {
    encoded = coder.encode(receipt.leafTypes, receipt.leafValues);
    // Leaves are hashed twice (OpenZeppelin's StandardMerkleTree), so no leaf can pass for an inner node.
    const leaf = keccak256(concat([keccak256(encoded)]));
    check('leaf', leaf === receipt.leaf.toLowerCase(), leaf);
    let node = leaf;
    for (const sibling of receipt.proof) {
      node = BigInt(node) <= BigInt(sibling) ? keccak256(concat([node, sibling])) : keccak256(concat([sibling, node]));
    }
    check('proof', node === receipt.root.toLowerCase(), node);
  } catch (error) {
    check('leaf', false, error instanceof Error ? error.message : String(error));
  }

  // What a person reads (quantity, organisation, raw values) must be what the leaf commits to.
  const value = (name: string) => receipt.leafValues[receipt.leafNames.indexOf(name)];
  try {
    const scale = Number(value('quantityScale'));
    const units = scaledInteger(receipt.reading.quantity, scale);
    check(
      'quantity',
      units === BigInt(value('quantity')),
      `${receipt.reading.quantity} = ${value('quantity')} × 10^-${scale}`,
    );
  } catch (error) {
    check('quantity', false, error instanceof Error ? error.message : String(error));
  }
  check('organisation', receipt.reading.organisation === value('organisation'), String(value('organisation')));
  const items = receipt.reading.raw.map((r) =>
    keccak256(coder.encode(['string', 'uint64', 'string', 'string'], [r.timeField, r.timeMs, r.value, r.unit])),
  );
  const rawHash = items.length === 0 ? '0x' + '00'.repeat(32) : keccak256(concat(items));
  check('rawHash', same(rawHash, value('rawHash')), rawHash);

  try {
    const chainId = Number(BigInt(await rpcCall<string>(chain.rpcUrl, 'eth_chainId', [])));
    check('chainId', chainId === receipt.anchor.chainId && chainId === chain.chainId, String(chainId));
    check('contract', same(receipt.anchor.contract, chain.anchorRegistry), receipt.anchor.contract);

    const registry = new Interface([ROOT_GETTER, ANCHORED_EVENT]);
    const answer = await rpcCall<string>(chain.rpcUrl, 'eth_call', [
      { to: receipt.anchor.contract, data: registry.encodeFunctionData('rootOf', [receipt.batch.id]) },
      'latest',
    ]);
    const rootOnChain = String(registry.decodeFunctionResult('rootOf', answer)[0]);
    check('rootOnChain', same(rootOnChain, receipt.root), rootOnChain);

    const tx = await rpcCall<RpcTransactionReceipt | null>(chain.rpcUrl, 'eth_getTransactionReceipt', [
      receipt.anchor.txHash,
    ]);
    check('transaction', tx?.status === '0x1', tx ? `status ${Number(tx.status)}` : 'not found');
    check(
      'block',
      !!tx && Number(tx.blockNumber) === receipt.anchor.blockNumber && same(tx.blockHash, receipt.anchor.blockHash),
      tx ? `${Number(tx.blockNumber)} ${tx.blockHash}` : 'not found',
    );
    const event = (tx?.logs ?? [])
      .filter((log) => same(log.address, receipt.anchor.contract))
      .map((log) => registry.parseLog(log))
      .find((parsed) => parsed?.name === 'BatchAnchored' && same(parsed.args.batchId, receipt.batch.id));
    const orgId = keccak256(toUtf8Bytes(String(value('organisation'))));
    check(
      'event',
      !!event && same(event.args.root, receipt.root) && same(event.args.orgId, orgId),
      event ? `root ${String(event.args.root)}` : 'no BatchAnchored event for the batch',
    );
  } catch (error) {
    check('chainId', false, error instanceof Error ? error.message : String(error));
  }
  return results;
}

export function receiptHolds(results: readonly ReceiptCheckResult[]): boolean {
  return results.length > 0 && results.every((r) => r.ok);
}

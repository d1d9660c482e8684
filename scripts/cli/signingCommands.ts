import { readFileSync } from 'node:fs';
import { Wallet, type JsonRpcProvider } from 'ethers';
import { rpcProvider } from '../../services/chain/connectChain';
import type { UnsignedTransaction } from '../../services/custody/clientTransactionReceipt';
import { ApiError, type ApiClient } from './apiClient';

export interface SigningOptions {
  /** File holding the hex private key of the organisation's external chain account. */
  keyFile?: string;
  /** The chain to send to; the service's own RPC URL when omitted. */
  rpcUrl?: string;
  /** Only confirm a transaction already sent. */
  txHash?: string;
}

type Answer = { status: string; transaction?: UnsignedTransaction } & Record<string, unknown>;

/** How long to keep asking the service to confirm while it finds the transaction not deep enough yet. */
const CONFIRM_DEADLINE_MS = 10 * 60_000;

/** The service's confirmation, asked again at each new block while it answers that the transaction is too recent. */
async function confirm(api: ApiClient, route: string, body: object, provider?: JsonRpcProvider): Promise<Answer> {
  const deadline = Date.now() + CONFIRM_DEADLINE_MS;
  for (;;) {
    try {
      return await api.json<Answer>('POST', route, body);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'NT_ERR_CHAIN_TX_PENDING' && provider)) throw error;
      if (Date.now() > deadline) throw error;
      process.stdout.write('waiting for the transaction to be deep enough for the service...\n');
      // The next block, or 15 s on a chain that mines only on demand: whichever comes first.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        provider.waitForBlock((await provider.getBlockNumber()) + 1),
        new Promise((resolve) => (timer = setTimeout(resolve, 15_000))),
      ]);
      clearTimeout(timer);
    }
  }
}

/**
 * The client-signed path: ask the service (which stores what it must and answers with the transaction), sign it with
 * the local key, send it to the chain, and confirm it with its hash. An organisation with a custodial account is done
 * after the first call. The hash is printed as soon as the transaction is sent, so a confirmation that fails can be
 * repeated with --tx.
 */
async function signAndConfirm(
  api: ApiClient,
  route: string,
  body: Record<string, unknown>,
  options: SigningOptions,
): Promise<Answer> {
  if (options.txHash) return confirm(api, route, { ...body, txHash: options.txHash });
  const first = await api.json<Answer>('POST', route, Object.keys(body).length > 0 ? body : undefined);
  const transaction = first.transaction;
  if (first.status !== 'awaiting-signature' || !transaction) {
    process.stdout.write('signed and sent by the service with your custodial account\n');
    return first;
  }
  if (!options.keyFile)
    throw new Error(`the transaction is yours to sign: give the key of ${transaction.from} with --key <file>`);
  const wallet = new Wallet(readFileSync(options.keyFile, 'utf8').trim());
  if (wallet.address.toLowerCase() !== transaction.from.toLowerCase()) {
    throw new Error(
      `the key in ${options.keyFile} is for ${wallet.address}; the transaction must come from ${transaction.from}`,
    );
  }
  const health = await api.json<{ chain: { rpcUrl: string } | null }>('GET', '/health');
  const rpcUrl = options.rpcUrl ?? health.chain?.rpcUrl;
  if (!rpcUrl) throw new Error('set RPC_URL to a node of the chain');
  const provider = await rpcProvider(rpcUrl);
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    if (chainId !== transaction.chainId) {
      throw new Error(`RPC_URL serves chain ${chainId}; the transaction is for chain ${transaction.chainId}`);
    }
    const tx = await wallet.connect(provider).sendTransaction({
      to: transaction.to,
      data: transaction.data,
      chainId: transaction.chainId,
    });
    process.stdout.write(`sent transaction ${tx.hash}\n`);
    const receipt = await tx.wait();
    if (receipt?.status !== 1) throw new Error(`transaction ${tx.hash} failed on chain`);
    return await confirm(api, route, { ...body, txHash: tx.hash }, provider);
  } finally {
    provider.destroy();
  }
}

/** notarize <inventory id> --key <file> [--tx <hash>]: notarize an inventory, signing with the organisation's key. */
export async function notarize(api: ApiClient, inventoryId: string, options: SigningOptions): Promise<number> {
  const done = await signAndConfirm(api, `/v1/inventories/${inventoryId}/notarize`, {}, options);
  process.stdout.write(
    `notarized inventory ${inventoryId}: on chain as ${String(done.chainInventoryId)}, evidence ${String(done.manifestCid)}, ` +
      `transaction ${String(done.txHash)}\n`,
  );
  return 0;
}

/** assign-verifier <inventory id> <verifier organisation id> --key <file> [--tx <hash>]: assign, signing yourself. */
export async function assignVerifier(
  api: ApiClient,
  inventoryId: string,
  verifierOrgId: string,
  options: SigningOptions,
): Promise<number> {
  const done = await signAndConfirm(api, `/v1/inventories/${inventoryId}/verifiers`, { verifierOrgId }, options);
  process.stdout.write(
    `assigned verifier ${verifierOrgId} (${String(done.verifierAddress)}) to inventory ${inventoryId}: ` +
      `evidence copy ${String(done.manifestCid)}, transaction ${String(done.txHash)}\n`,
  );
  return 0;
}

/**
 * verify-inventory <inventory id> --attest [--chain-key <file>] [--tx <hash>]: the verifier's attestation, signed with
 * the key of its external chain account when it has no custodial one. With only `txHash` in `options` it confirms an
 * attest transaction sent before (the statement was stored when it was prepared).
 */
export async function attest(
  api: ApiClient,
  inventoryId: string,
  body: { opinion: string; assurance: string; materialityBps: number; statement: string } | undefined,
  options: SigningOptions,
): Promise<Answer> {
  const done = await signAndConfirm(api, `/v1/verifications/${inventoryId}/attestation`, body ?? {}, options);
  process.stdout.write(
    `attested ${String(done.opinion)} on chain: tx ${String(done.txHash)}, statement ${String(done.statementCid)}\n`,
  );
  return done;
}

import { EventEmitter } from 'node:events';
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Transaction } from 'ethers';

/** What an EIP-1193 provider needs to be served by Hardhat's JSON-RPC server. */
interface Eip1193 extends EventEmitter {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

interface JournalHeader {
  kind: 'genesis';
  initialDate: string;
  chainId: number;
}

interface JournalBlock {
  kind: 'tx';
  timestamp: number;
  raw: string;
  blockHash: string;
}

export interface EmbeddedChain {
  url: string;
  chainId: number;
  /** The provider itself, for in-process callers that want to skip HTTP. */
  provider: Eip1193;
  /** Number of transactions replayed from the journal at start. */
  replayed: number;
  stop(): Promise<void>;
}

export const EMBEDDED_CHAIN_ID = 31337;

// Methods a remote client may call on the embedded chain: reads, and signed transactions. Unlocked-account signing
// (eth_sendTransaction, eth_sign), and Hardhat's state-editing methods (hardhat_*, evm_*) stay private to the process.
const PUBLIC_METHODS = new Set([
  'eth_chainId',
  'net_version',
  'web3_clientVersion',
  'eth_blockNumber',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getTransactionByHash',
  'eth_getTransactionReceipt',
  'eth_getTransactionCount',
  'eth_getBalance',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_call',
  'eth_estimateGas',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
  'eth_getLogs',
  'eth_sendRawTransaction',
  'eth_accounts',
  'net_listening',
  'eth_syncing',
  'eth_getBlockTransactionCountByNumber',
  'eth_getTransactionByBlockNumberAndIndex',
  'eth_getTransactionByBlockHashAndIndex',
  'eth_newFilter',
  'eth_newBlockFilter',
  'eth_getFilterChanges',
  'eth_getFilterLogs',
  'eth_uninstallFilter',
  'eth_subscribe',
  'eth_unsubscribe',
]);

/**
 * An in-process Hardhat network served over JSON-RPC on 127.0.0.1, so that `npm start` needs no chain. Hardhat keeps
 * state in memory; to survive restarts every mined transaction is appended (and fsynced) to a journal before its hash
 * is returned, and replayed at start with its original block timestamp. Replay is deterministic (same genesis, same
 * signed transactions, same timestamps), so block and transaction hashes, and thus every receipt already handed
 * out, stay valid; start refuses to continue if a replayed block hash differs.
 */
export async function startEmbeddedChain(options: {
  dataDir: string | null;
  host: string;
  port: number;
}): Promise<EmbeddedChain> {
  // Loaded lazily: deployments with RPC_URL never load Hardhat.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require('hardhat') as typeof import('hardhat');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createProvider } = require('hardhat/internal/core/providers/construction');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { JsonRpcServer } = require('hardhat/internal/hardhat-network/jsonrpc/server');

  const journalPath = options.dataDir ? path.join(options.dataDir, 'chain', 'journal.ndjson') : null;
  const entries = journalPath && existsSync(journalPath) ? readJournal(journalPath) : [];
  const header = (entries[0] as JournalHeader | undefined) ?? {
    kind: 'genesis' as const,
    initialDate: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    chainId: EMBEDDED_CHAIN_ID,
  };
  const config = {
    ...hre.config,
    networks: {
      ...hre.config.networks,
      hardhat: {
        ...hre.config.networks.hardhat,
        chainId: header.chainId,
        initialDate: header.initialDate,
        throwOnTransactionFailures: false,
        throwOnCallFailures: true,
        loggingEnabled: false,
        mining: { auto: true, interval: 0, mempool: { order: 'fifo' } },
      },
    },
  };
  const inner: Eip1193 = await createProvider(config, 'hardhat', hre.artifacts);

  let journalFd: number | undefined;
  if (journalPath) {
    mkdirSync(path.dirname(journalPath), { recursive: true });
    journalFd = openSync(journalPath, 'a');
    if (entries.length === 0) appendDurably(journalFd, header);
  }

  // Replay, checking that every block comes out identical.
  const blocks = entries.slice(1) as JournalBlock[];
  for (const [i, block] of blocks.entries()) {
    await inner.request({ method: 'evm_setNextBlockTimestamp', params: [block.timestamp] });
    const hash = (await inner.request({ method: 'eth_sendRawTransaction', params: [block.raw] })) as string;
    const receipt = (await inner.request({ method: 'eth_getTransactionReceipt', params: [hash] })) as {
      blockHash: string;
    };
    if (receipt.blockHash !== block.blockHash) {
      throw new Error(
        `embedded chain journal replay diverged at transaction ${i + 1} (${hash}): block ${receipt.blockHash} ` +
          `instead of ${block.blockHash}; the chain state in ${journalPath} cannot be reproduced`,
      );
    }
  }

  let lastTimestamp =
    blocks.length > 0 ? blocks[blocks.length - 1].timestamp : Math.floor(Date.parse(header.initialDate) / 1000);
  let queue: Promise<unknown> = Promise.resolve();
  const sendRaw = async (raw: string): Promise<string> => {
    // Blocks carry wall-clock time (Hardhat would otherwise run its clock from the journal's genesis date).
    const timestamp = Math.max(Math.floor(Date.now() / 1000), lastTimestamp + 1);
    await inner.request({ method: 'evm_setNextBlockTimestamp', params: [timestamp] });
    // A transaction that is not mined (bad nonce, underpriced ...) throws here and leaves nothing to journal.
    const hash = (await inner.request({ method: 'eth_sendRawTransaction', params: [raw] })) as string;
    const receipt = (await inner.request({ method: 'eth_getTransactionReceipt', params: [hash] })) as {
      blockHash: string;
    } | null;
    if (receipt && journalFd !== undefined)
      appendDurably(journalFd, { kind: 'tx', timestamp, raw, blockHash: receipt.blockHash });
    lastTimestamp = timestamp;
    return hash;
  };

  const provider = new EventEmitter() as Eip1193;
  provider.request = async ({ method, params }) => {
    if (method === 'eth_sendRawTransaction') {
      const raw = (params as string[])[0];
      Transaction.from(raw); // refuse undecodable input before it reaches the chain
      const run = queue.then(() => sendRaw(raw));
      queue = run.catch(() => undefined);
      return run;
    }
    return inner.request({ method, params });
  };
  provider.on('newListener', (event: string, listener: (...args: unknown[]) => void) => {
    if (event !== 'newListener') inner.on(event, listener);
  });

  // The served endpoint only exposes PUBLIC_METHODS.
  const served = new EventEmitter() as Eip1193;
  served.request = async ({ method, params }) => {
    if (!PUBLIC_METHODS.has(method)) {
      throw Object.assign(new Error(`method ${method} is not available on the embedded chain`), { code: -32601 });
    }
    return provider.request({ method, params });
  };
  served.on('newListener', (event: string, listener: (...args: unknown[]) => void) => {
    if (event !== 'newListener') inner.on(event, listener);
  });
  served.on('removeListener', (event: string, listener: (...args: unknown[]) => void) =>
    inner.removeListener(event, listener),
  );

  const server = new JsonRpcServer({ hostname: options.host, port: options.port, provider: served });
  // Node's HTTP clients keep idle sockets for 5 s, and so does Node's server by default: a request sent on a socket
  // at the moment the server drops it fails with ECONNRESET / socket hang up (seen under load). The server keeps
  // idle sockets longer than any client, so the client always closes first.
  const http = (server as { _httpServer?: { keepAliveTimeout: number; headersTimeout: number } })._httpServer;
  if (http) {
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
  }
  const { address, port } = await server.listen();
  return {
    url: `http://${address}:${port}`,
    chainId: header.chainId,
    provider,
    replayed: blocks.length,
    async stop() {
      await server.close();
      if (journalFd !== undefined) closeSync(journalFd);
    },
  };
}

function readJournal(file: string): (JournalHeader | JournalBlock)[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const entries: (JournalHeader | JournalBlock)[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line));
    } catch {
      // Only the last line can be torn (a crash mid-append); anything else is corruption.
      if (i === lines.length - 1 || lines.slice(i + 1).every((l) => l.trim() === '')) break;
      throw new Error(`embedded chain journal ${file} is corrupt at line ${i + 1}`);
    }
  }
  return entries;
}

function appendDurably(fd: number, entry: object): void {
  appendFileSync(fd, JSON.stringify(entry) + '\n');
  fsyncSync(fd);
}

import { keccak256 } from 'ethers';
import type { ChainConnection } from '../chain/connectChain';
import type { Deployment } from '../chain/deployment';

/** Which chain anchors live on: its genesis block and, per deployed contract, its address and keccak256 of its code. */
export interface ChainIdentity {
  chainId: number;
  genesisHash: string;
  /** codeHash is null when the address holds no code. */
  contracts: Record<string, { address: string; codeHash: string | null }>;
  /** A final block (the head less CHAIN_CONFIRMATIONS): a reset that keeps the genesis block still changes it. */
  checkpoint: { number: number; hash: string };
}

const CONTRACTS = [
  'participantRegistry',
  'anchorRegistry',
  'inventoryRegistry',
  'carbonAllowance',
  'greenCertificate',
  'tradeLedger',
] as const satisfies readonly (keyof Deployment)[];

/** Reads the identity of the chain `chain` talks to, for the contracts of its deployment. */
export async function readChainIdentity(chain: ChainConnection): Promise<ChainIdentity> {
  const genesis = await chain.provider.getBlock(0);
  if (!genesis?.hash) throw new Error('the chain did not return its genesis block');
  const head = await chain.provider.getBlockNumber();
  const checkpoint = await chain.provider.getBlock(Math.max(0, head - chain.confirmations));
  if (!checkpoint?.hash) throw new Error(`the chain did not return block ${head - chain.confirmations}`);
  const contracts: ChainIdentity['contracts'] = {};
  await Promise.all(
    CONTRACTS.map(async (name) => {
      const address = chain.deployment[name];
      if (!address) return;
      const code = await chain.provider.getCode(address);
      contracts[name] = { address: address.toLowerCase(), codeHash: code === '0x' ? null : keccak256(code) };
    }),
  );
  return {
    chainId: chain.chainId,
    genesisHash: genesis.hash,
    contracts,
    checkpoint: { number: checkpoint.number, hash: checkpoint.hash },
  };
}

/** Names of contracts whose address holds no code. */
export function missingContracts(identity: ChainIdentity): string[] {
  return Object.entries(identity.contracts)
    .filter(([, c]) => c.codeHash === null)
    .map(([name]) => name)
    .sort();
}

/**
 * Why `current` is not the chain `recorded` was taken from, or undefined when it is: another genesis block, the
 * recorded checkpoint block gone or changed (`hashAtCheckpoint`: the current chain's hash at that height, null when it
 * has no such block), or a contract whose address now holds other code or none. A contract at a new address is a redeployment the operator
 * chose (`npm run deploy`), not a loss: anchors are re-checked in the contract they name.
 */
export function chainChange(
  recorded: ChainIdentity,
  current: ChainIdentity,
  hashAtCheckpoint: string | null,
): string | undefined {
  if (recorded.chainId !== current.chainId) return `chain id changed from ${recorded.chainId} to ${current.chainId}`;
  if (recorded.genesisHash !== current.genesisHash)
    return `chain reset: genesis block ${recorded.genesisHash} is now ${current.genesisHash}`;
  if (hashAtCheckpoint !== recorded.checkpoint.hash) {
    return hashAtCheckpoint === null
      ? `chain reset: block ${recorded.checkpoint.number} is gone (the chain is shorter than when last checked)`
      : `chain reset: block ${recorded.checkpoint.number} was ${recorded.checkpoint.hash}, is now ${hashAtCheckpoint}`;
  }
  for (const [name, before] of Object.entries(recorded.contracts).sort()) {
    const now = current.contracts[name];
    if (!now || now.address !== before.address || now.codeHash === before.codeHash) continue;
    return now.codeHash === null
      ? `chain reset: ${name} ${before.address} has no code any more`
      : `chain reset: ${name} ${before.address} holds other code`;
  }
  return undefined;
}

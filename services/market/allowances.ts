import { id as keccakText } from 'ethers';
import type { NotarizationDeps } from '../notarization/notarizeInventory';
import { localMidnight } from '../notarization/notarizeInventory';
import { actedAnswer, actorOf } from '../custody/actAs';
import { NengtanError } from '../lib/errors';
import { accountOf, marketContracts } from './marketContracts';
import { confirmSurrender, type SurrenderInput } from './confirmSurrender';

export type MarketDeps = Pick<NotarizationDeps, 'db' | 'chain' | 'keystoreSecret'>;

/** Compliance periods, deadlines and certificate periods are local days in China Standard Time. */
export const MARKET_TIME_ZONE = 'Asia/Shanghai';

/**
 * Opens a compliance year (authority): its period in local days, end exclusive, exactly the period of the inventories
 * it is checked against; the surrender deadline (end of that local day); the offset cap in basis points.
 */
export async function openComplianceYear(
  deps: MarketDeps,
  authorityOrgId: string,
  input: { year: number; periodStart: string; periodEnd: string; surrenderDeadline: string; offsetCapBps: number },
) {
  const authority = await actorOf(deps, authorityOrgId);
  const deadline = localMidnight(input.surrenderDeadline, MARKET_TIME_ZONE) + 86_400 - 1;
  const acted = await authority.send(marketContracts(deps.chain).allowances, 'openYear', [
    input.year,
    localMidnight(input.periodStart, MARKET_TIME_ZONE),
    localMidnight(input.periodEnd, MARKET_TIME_ZONE),
    deadline,
    input.offsetCapBps,
  ]);
  return { ...input, ...actedAnswer(acted) };
}

/** Allocates allowances of a year to enterprises (authority), in one transaction: all or none. */
export async function allocateAllowances(
  deps: MarketDeps,
  authorityOrgId: string,
  year: number,
  allocations: { orgId: string; quantity: string }[],
) {
  const accounts = await Promise.all(allocations.map((a) => accountOf(deps.db, a.orgId)));
  const authority = await actorOf(deps, authorityOrgId);
  const acted = await authority.send(marketContracts(deps.chain).allowances, 'allocate', [
    year,
    accounts,
    allocations.map((a) => BigInt(a.quantity)),
  ]);
  return { year, allocations: allocations.map((a, i) => ({ ...a, account: accounts[i] })), ...actedAnswer(acted) };
}

/**
 * Registers an offset programme vintage (once) and issues offsets of it to an organisation (authority); the issuance
 * reference (a registry serial number, say) is recorded as its keccak256.
 */
export async function issueOffsets(
  deps: MarketDeps,
  authorityOrgId: string,
  input: { program: string; vintage: number; orgId: string; quantity: string; issuanceRef: string },
) {
  const { allowances } = marketContracts(deps.chain);
  const program = programCode(input.program);
  const tokenId = await allowances.offsetId(program, input.vintage);
  const authority = await actorOf(deps, authorityOrgId);
  if (!(await allowances.isOffsetRegistered(tokenId))) {
    const registered = await authority.send(allowances, 'registerOffset', [program, input.vintage]);
    // An authority that signs itself registers the vintage first, then asks again to issue.
    if (registered.status !== 'mined') return { tokenId: tokenId.toString(), ...input, ...actedAnswer(registered) };
  }
  const acted = await authority.send(allowances, 'issueOffset', [
    tokenId,
    await accountOf(deps.db, input.orgId),
    BigInt(input.quantity),
    keccakText(input.issuanceRef),
  ]);
  return { tokenId: tokenId.toString(), ...input, ...actedAnswer(acted) };
}

/** A programme code ("CCER") as the left-aligned bytes16 the contract keys offsets by. */
export function programCode(program: string): string {
  const bytes = Buffer.from(program, 'ascii');
  if (!/^[A-Z0-9-]{1,16}$/.test(program)) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `Offset programme "${program}" is not 1-16 characters A-Z, 0-9 or -`,
    });
  }
  return `0x${Buffer.concat([bytes, Buffer.alloc(16 - bytes.length)]).toString('hex')}`;
}

/**
 * Surrenders allowances of a year, and offsets, for the caller's organisation against its verified emissions. The
 * contract refuses unverified emissions, more than the obligation, and offsets beyond the year's cap. An enterprise
 * that signs itself gets the transaction to send (`awaiting-signature`) and confirms it by asking again with the same
 * surrender and the transaction's hash.
 */
export async function surrenderAllowances(
  deps: MarketDeps,
  orgId: string,
  { txHash, ...input }: SurrenderInput & { txHash?: string },
) {
  if (txHash) return confirmSurrender(deps, orgId, input, txHash);
  const enterprise = await actorOf(deps, orgId);
  const offsets = input.offsets ?? [];
  const acted = await enterprise.send(marketContracts(deps.chain).allowances, 'surrender', [
    input.year,
    BigInt(input.allowances),
    offsets.map((o) => BigInt(o.tokenId)),
    offsets.map((o) => BigInt(o.quantity)),
  ]);
  return { ...input, ...actedAnswer(acted) };
}

import { clientTransactionReceipt } from '../custody/clientTransactionReceipt';
import { differingFields } from '../custody/differingFields';
import { eventInReceipt } from '../custody/eventInReceipt';
import { NengtanError } from '../lib/errors';
import { getOrganisation } from '../registry/organisations';
import type { MarketDeps } from './allowances';
import { marketContracts } from './marketContracts';

/** What an enterprise surrenders for a year: allowances of the year and, optionally, offsets by token id. */
export interface SurrenderInput {
  year: number;
  allowances: string;
  offsets?: { tokenId: string; quantity: string }[];
}

/** Offsets in one canonical text (token ids and quantities as decimal integers, in the order given). */
const offsetsText = (offsets: { tokenId: unknown; quantity: unknown }[]) =>
  offsets.map((o) => `${BigInt(String(o.tokenId))}:${BigInt(String(o.quantity))}`).join(',');

/**
 * Confirms a surrender the enterprise signed and sent itself with the request it was prepared from: mined, successful,
 * sent by one of its registered accounts straight to CarbonAllowance (clientTransactionReceipt), and surrendering
 * exactly this year, allowances and offsets for this organisation. Nothing is stored: the indexer mirrors the
 * `Surrendered` event and the contract answers the compliance table, so the answer is the mined one of the custodial
 * path and the client reads on from its block.
 */
export async function confirmSurrender(deps: MarketDeps, orgId: string, input: SurrenderInput, txHash: string) {
  const { allowances } = marketContracts(deps.chain);
  const receipt = await clientTransactionReceipt(deps.db, deps.chain, orgId, txHash, allowances.target.toString());
  const surrendered = eventInReceipt(receipt, allowances, 'Surrendered');
  if (!surrendered) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', { message: `Transaction ${txHash} surrenders nothing` });
  }
  const organisation = await getOrganisation(deps.db, orgId);
  const { args } = surrendered;
  const differing = differingFields([
    ['organisation', args.orgId, organisation?.chainId],
    ['year', args.year, input.year],
    ['allowances', args.allowanceAmount, BigInt(input.allowances)],
    [
      'offsets',
      offsetsText((args.offsetIds as bigint[]).map((tokenId, i) => ({ tokenId, quantity: args.offsetAmounts[i] }))),
      offsetsText(input.offsets ?? []),
    ],
  ]);
  if (differing.length > 0) {
    throw new NengtanError('NT_ERR_CHAIN_TX_MISMATCH', {
      message: `Transaction ${txHash} is a surrender, but not this one: its ${differing.join(', ')} differ`,
    });
  }
  return { ...input, status: 'mined' as const, txHash: receipt.hash, blockNumber: receipt.blockNumber };
}

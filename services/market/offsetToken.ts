/** The bit CarbonAllowance sets in offset token ids (`OFFSET_ID_FLAG`); allowance ids are years, below 2^16. */
const OFFSET_ID_FLAG = 1n << 255n;
const PROGRAM_MASK = (1n << 128n) - 1n;

/** An offset token's identity on chain: its programme code ("CCER") and vintage year. */
export interface OffsetToken {
  program: string;
  vintage: number;
}

/**
 * What an offset token id of CarbonAllowance stands for, read back from the id itself
 * (`OFFSET_ID_FLAG | uint128(program) << 16 | vintage`, ICarbonAllowance): null for an allowance id, or a token of
 * another asset. The programme's registry serial is not on chain (only its keccak256, in `OffsetIssued`), and one id
 * holds every issuance of a programme and vintage: offsets are fungible within it.
 */
export function offsetToken(asset: string, tokenId: string): OffsetToken | null {
  if (asset !== 'allowance') return null;
  const id = BigInt(tokenId);
  if ((id & OFFSET_ID_FLAG) === 0n) return null;
  const program = Buffer.from(((id >> 16n) & PROGRAM_MASK).toString(16).padStart(32, '0'), 'hex');
  return { program: program.toString('ascii').replace(/\0+$/, ''), vintage: Number(id & 0xffffn) };
}

/**
 * `{ offset }` for an offset token, nothing for any other: spread into a position, holding or trade, so that answers
 * about allowances and certificates keep the shape they always had.
 */
export function offsetField(asset: string, tokenId: string): { offset?: OffsetToken } {
  const offset = offsetToken(asset, tokenId);
  return offset ? { offset } : {};
}

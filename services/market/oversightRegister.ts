import type { Queryable } from '../db/db';
import type { MarketDeps } from './allowances';
import { complianceTable } from './complianceTable';
import { holdings } from './marketQueries';
import { offsetField, type OffsetToken } from './offsetToken';

/** A holder's name filter as an ilike pattern: `%text%` with the pattern's own characters escaped. */
export function holderPattern(holder: string | undefined): string | null {
  return holder ? `%${holder.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

/** CarbonAllowance.OFFSET_ID_FLAG: offset ids carry the top bit; an allowance's token id is its compliance year. */
const OFFSET_ID_FLAG = 1n << 255n;
const isComplianceYear = (asset: string, tokenId: string) =>
  asset === 'allowance' && (BigInt(tokenId) & OFFSET_ID_FLAG) === 0n;

/** The compliance years opened on chain (indexed YearOpened events), in order. */
async function openedYears(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ year: number }>(
    `select distinct (args->>'year')::integer as year from chain_events
     where contract = 'CarbonAllowance' and event = 'YearOpened' order by 1`,
  );
  return rows.map((r) => r.year);
}

export interface RegisterHolding {
  organisation: { id: string; name: string };
  accounts: string[];
  asset: 'allowance' | 'certificate';
  tokenId: string;
  /** For an offset token: its programme and vintage (absent for allowances and certificates). */
  offset?: OffsetToken;
  /** Summed over the organisation's accounts, exact (decimal string). */
  balance: string;
  /** For an allowance of a compliance year: the enterprise's standing in that year, from the contract. */
  compliance: {
    obligationT: string;
    allowancesSurrendered: string;
    offsetsSurrendered: string;
    shortfallT: string;
    status: string;
  } | null;
}

/**
 * The authority's register of holdings: every holder's balance per asset and token (an allowance's token is its
 * compliance year), summed over its accounts from the indexed transfers, with the obligation and what it surrendered
 * for that year from the contract. A covered enterprise that holds none of a year's allowances any more (it
 * surrendered them all, say) is listed with balance 0, so the register shows every obligation. `holder` filters by
 * name (any case, part of it).
 */
export async function oversightRegister(
  deps: Pick<MarketDeps, 'db' | 'chain'>,
  filter: { holder?: string },
): Promise<RegisterHolding[]> {
  const pattern = holderPattern(filter.holder);
  const { rows: matching } = await deps.db.query<{ id: string }>(
    `select id from organisations where $1::text is null or name ilike $1`,
    [pattern],
  );
  const wanted = new Set(matching.map((r) => r.id));
  const register = new Map<string, RegisterHolding>();
  for (const h of await holdings(deps.db, {})) {
    if (!wanted.has(h.organisation.id)) continue;
    const key = `${h.organisation.id}/${h.asset}/${h.tokenId}`;
    const row = register.get(key) ?? {
      organisation: h.organisation,
      accounts: [],
      asset: h.asset,
      tokenId: h.tokenId,
      ...offsetField(h.asset, h.tokenId),
      balance: '0',
      compliance: null,
    };
    row.accounts.push(h.account);
    row.balance = (BigInt(row.balance) + BigInt(h.quantity)).toString();
    register.set(key, row);
  }
  const orgIds = [...wanted];
  for (const year of await openedYears(deps.db)) {
    for (const c of await complianceTable(deps, year, { orgIds, scope: 'covered' })) {
      const key = `${c.organisation.id}/allowance/${year}`;
      const row = register.get(key) ?? {
        organisation: c.organisation,
        accounts: [],
        asset: 'allowance' as const,
        tokenId: String(year),
        balance: '0',
        compliance: null,
      };
      row.compliance = {
        obligationT: c.obligationT,
        allowancesSurrendered: c.allowancesSurrendered,
        offsetsSurrendered: c.offsetsSurrendered,
        shortfallT: c.shortfallT,
        status: c.status,
      };
      register.set(key, row);
    }
  }
  const rank = (r: RegisterHolding) => (isComplianceYear(r.asset, r.tokenId) ? 0 : r.asset === 'allowance' ? 1 : 2);
  return [...register.values()].sort(
    (a, b) =>
      a.organisation.name.localeCompare(b.organisation.name) ||
      a.organisation.id.localeCompare(b.organisation.id) ||
      rank(a) - rank(b) ||
      (BigInt(a.tokenId) < BigInt(b.tokenId) ? -1 : BigInt(a.tokenId) > BigInt(b.tokenId) ? 1 : 0),
  );
}

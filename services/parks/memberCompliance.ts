import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import { memberInventoryStatus, type MemberInventoryStatus } from './memberInventoryStatus';
import { activeMembers } from './parkMemberships';

export type ComplianceStatus = 'pending' | 'compliant' | 'non_compliant';

export interface CompliancePosition {
  year: number;
  allocatedT: string;
  /** Verified emissions of the compliance period (the live inventory's total if attested and not rejected), kg. */
  verifiedKgCO2e: string | null;
  /** Verified emissions in tonnes rounded up, as the contract counts them; zero until verified. */
  obligationT: string;
  allowancesSurrenderedT: string;
  offsetsSurrenderedT: string;
  shortfallT: string;
  status: ComplianceStatus;
}

export interface MemberCompliance {
  member: { id: string; name: string; grantLevel: string };
  latestInventory: MemberInventoryStatus | null;
  /** Null when the member is not covered in the year (no allocation, nothing surrendered) or the year is not open. */
  compliance: CompliancePosition | null;
}

interface EventRow {
  event: string;
  args: Record<string, unknown>;
}

const s = (x: unknown) => String(x);

/**
 * A covered enterprise's position for a compliance year, from the indexer's mirror of the chain (`chain_events`):
 * allocated (Allocated), verified emissions (the latest version InventorySubmitted for the year's period, attested by
 * InventoryAttested with an opinion other than rejected), the obligation in tonnes rounded up as CarbonAllowance
 * counts it, surrendered allowances and offsets (Surrendered), and the status the contract would give.
 */
async function positionOf(db: Queryable, chainId: string, year: number): Promise<CompliancePosition | null> {
  const { rows } = await db.query<EventRow>(
    `select event, args from chain_events
     where (contract = 'CarbonAllowance' and event in ('YearOpened', 'SurrenderDeadlineExtended') and args->>'year' = $2)
        or (contract = 'CarbonAllowance' and event in ('Allocated', 'Surrendered') and args->>'year' = $2
            and args->>'orgId' = $1)
        or (contract = 'InventoryRegistry' and event = 'InventorySubmitted' and args->>'orgId' = $1)
        or (contract = 'InventoryRegistry' and event = 'InventoryAttested' and args->>'orgId' = $1)
     order by block_number, log_index`,
    [chainId, String(year)],
  );
  const opened = rows.find((r) => r.event === 'YearOpened');
  const allocations = rows.filter((r) => r.event === 'Allocated');
  const surrenders = rows.filter((r) => r.event === 'Surrendered');
  if (!opened || (allocations.length === 0 && surrenders.length === 0)) return null;
  let deadline = BigInt(s(opened.args.surrenderDeadline));
  for (const r of rows) if (r.event === 'SurrenderDeadlineExtended') deadline = BigInt(s(r.args.newDeadline));
  const allocated = allocations.reduce((t, r) => t + BigInt(s(r.args.amount)), 0n);
  const allowances = surrenders.reduce((t, r) => t + BigInt(s(r.args.allowanceAmount)), 0n);
  const offsets = surrenders.reduce(
    (t, r) => t + (r.args.offsetAmounts as unknown[]).reduce<bigint>((u, a) => u + BigInt(s(a)), 0n),
    0n,
  );
  // The live inventory of the period is its latest version; a restatement supersedes the earlier ones.
  const submitted = rows
    .filter(
      (r) =>
        r.event === 'InventorySubmitted' &&
        s(r.args.periodStart) === s(opened.args.periodStart) &&
        s(r.args.periodEnd) === s(opened.args.periodEnd),
    )
    .sort((a, b) => Number(BigInt(s(a.args.version)) - BigInt(s(b.args.version))))
    .at(-1);
  const attestation = submitted
    ? rows.filter((r) => r.event === 'InventoryAttested' && r.args.inventoryId === submitted.args.inventoryId).at(-1)
    : undefined;
  const REJECTED = '2';
  const verified = attestation !== undefined && s(attestation.args.opinion) !== REJECTED;
  const total = verified && submitted ? BigInt(s(submitted.args.totalKgCO2e)) : null;
  const obligation = total !== null && total > 0n ? (total + 999n) / 1000n : 0n;
  const surrendered = allowances + offsets;
  const status: ComplianceStatus =
    verified && surrendered >= obligation
      ? 'compliant'
      : BigInt(Math.floor(Date.now() / 1000)) > deadline
        ? 'non_compliant'
        : 'pending';
  return {
    year,
    allocatedT: allocated.toString(),
    verifiedKgCO2e: total === null ? null : total.toString(),
    obligationT: obligation.toString(),
    allowancesSurrenderedT: allowances.toString(),
    offsetsSurrenderedT: offsets.toString(),
    shortfallT: (obligation > surrendered ? obligation - surrendered : 0n).toString(),
    status,
  };
}

/**
 * Each consenting member's latest inventory (notarized? verified?) and, if the year covers it, its compliance
 * position. Members that left are not read; nobody else's rows are.
 */
export async function parkMemberCompliance(db: Queryable, parkId: string, year: number): Promise<MemberCompliance[]> {
  const members = await activeMembers(db, parkId);
  const ids = members.map((m) => m.id);
  const inventories = await memberInventoryStatus(db, ids);
  const { rows } = await db.query<{ id: string; chain_id: Uint8Array | null }>(
    'select id, chain_id from organisations where id = any($1::uuid[])',
    [ids],
  );
  const chainIds = new Map(rows.map((r) => [r.id, r.chain_id]));
  const result: MemberCompliance[] = [];
  for (const member of members) {
    const chainId = chainIds.get(member.id);
    result.push({
      member,
      latestInventory: inventories.get(member.id) ?? null,
      compliance: chainId ? await positionOf(db, toHex(chainId), year) : null,
    });
  }
  return result;
}

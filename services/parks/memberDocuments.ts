import type { Queryable } from '../db/db';
import type { InventoryDocument } from '../accounting/computeInventory';
import { previewInventory } from '../accounting/inventories';
import { checkPeriod } from '../accounting/loadInventoryInput';
import { NengtanError } from '../lib/errors';
import { activeMembers, type GrantLevel } from './parkMemberships';

export interface MemberDocument {
  member: { id: string; name: string; grantLevel: GrantLevel };
  /** The member's own inventory preview of the period; undefined when it has no readings there. */
  document: InventoryDocument | undefined;
}

/** Most days a park analysis spans (each member's inventory is previewed over it). */
export const MAX_ANALYSIS_DAYS = 731;

/** The period checked as a park analysis period: whole local dates, `to` exclusive, at most two years. */
export function checkParkPeriod(period: { from: string; to: string }): void {
  checkPeriod(period.from, period.to);
  if (Date.parse(period.to) - Date.parse(period.from) > MAX_ANALYSIS_DAYS * 86_400_000)
    throw new NengtanError('NT_ERR_PARK_PERIOD', { details: { limit: 24 } });
}

/**
 * Each member that consents now, with its own inventory preview of the period (the engine, default factor set and
 * rounding of POST /v1/inventories/preview). Members that left or were removed are not read at all.
 */
export async function memberDocuments(
  db: Queryable,
  parkId: string,
  period: { from: string; to: string },
): Promise<MemberDocument[]> {
  checkParkPeriod(period);
  const documents: MemberDocument[] = [];
  for (const member of await activeMembers(db, parkId)) {
    try {
      const { document } = await previewInventory(db, member.id, { start: period.from, end: period.to });
      documents.push({ member, document });
    } catch (e) {
      if (!(e instanceof NengtanError && e.code === 'NT_ERR_ACCOUNTING_NO_DATA')) throw e;
      documents.push({ member, document: undefined });
    }
  }
  return documents;
}

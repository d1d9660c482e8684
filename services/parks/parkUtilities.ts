import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { checkPeriod } from '../accounting/loadInventoryInput';
import { withTransaction } from '../db/db';
import { ENERGY_KINDS, isEnergyKind } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';
import { activeMembers } from './parkMemberships';

export type Allocation = 'metered' | 'fixed';

export interface UtilityInput {
  name: string;
  energyKind: string;
  allocation: Allocation;
  /** The fixed key: each member's weight (only with allocation `fixed`). */
  key?: { memberId: string; weight: string }[];
}

export interface ParkUtility {
  id: string;
  name: string;
  energyKind: string;
  /** The energy kind's normalised unit, in which outputs are recorded. */
  unit: string;
  allocation: Allocation;
  /** The fixed key, of members that consent now only (a member that left is gone from it). */
  key: { memberId: string; name: string; weight: string }[];
  outputs: { periodStart: string; periodEnd: string; quantity: string }[];
}

/** A utility the park owns (steam network, rooftop PV) whose output it shares out to its members. */
export async function createUtility(db: Db, parkId: string, input: UtilityInput): Promise<ParkUtility> {
  const kind = input.energyKind;
  if (!isEnergyKind(kind) || kind === 'water')
    throw new NengtanError('NT_ERR_PARK_UTILITY', {
      message: `Not an energy kind a utility can deliver: ${input.energyKind}`,
      details: { field: 'energyKind' },
    });
  const key = input.key ?? [];
  if ((input.allocation === 'fixed') !== key.length > 0)
    throw new NengtanError('NT_ERR_PARK_UTILITY', {
      message: 'A fixed allocation needs a key of members and weights; a metered one takes none',
      details: { field: 'key' },
    });
  const members = new Set((await activeMembers(db, parkId)).map((m) => m.id));
  const stranger = key.find((k) => !members.has(k.memberId));
  if (stranger) throw new NengtanError('NT_ERR_PARK_NOT_MEMBER', { details: { memberId: stranger.memberId } });
  if (new Set(key.map((k) => k.memberId)).size !== key.length)
    throw new NengtanError('NT_ERR_PARK_UTILITY', { message: 'A member appears twice in the key' });
  const id = randomUUID();
  await withTransaction(db, async (tx) => {
    const { rows } = await tx.query(
      `insert into park_utilities (id, park_org_id, name, energy_kind, unit, allocation)
       values ($1::uuid, $2::uuid, $3, $4, $5, $6) on conflict (park_org_id, name) do nothing returning id`,
      [id, parkId, input.name, input.energyKind, ENERGY_KINDS[kind].unit, input.allocation],
    );
    if (!rows[0])
      throw new NengtanError('NT_ERR_PARK_UTILITY', { message: `The park already has a utility named ${input.name}` });
    for (const k of key)
      await tx.query(
        'insert into park_utility_keys (utility_id, member_org_id, weight) values ($1::uuid, $2::uuid, $3::numeric)',
        [id, k.memberId, k.weight],
      );
  });
  return (await listUtilities(db, parkId)).find((u) => u.id === id) as ParkUtility;
}

export async function listUtilities(db: Queryable, parkId: string): Promise<ParkUtility[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    energy_kind: string;
    unit: string;
    allocation: Allocation;
  }>(
    'select id, name, energy_kind, unit, allocation from park_utilities where park_org_id = $1::uuid order by name, id',
    [parkId],
  );
  const ids = rows.map((r) => r.id);
  const keys = await db.query<{ utility_id: string; member_org_id: string; name: string; weight: string }>(
    `select k.utility_id, k.member_org_id, e.name, k.weight::text as weight
     from park_utility_keys k join organisations e on e.id = k.member_org_id
     join park_memberships m on m.member_org_id = k.member_org_id and m.park_org_id = $2::uuid and m.status = 'active'
     where k.utility_id = any($1::uuid[]) order by lower(e.name), e.id`,
    [ids, parkId],
  );
  const outputs = await db.query<{ utility_id: string; period_start: string; period_end: string; quantity: string }>(
    `select utility_id, to_char(period_start, 'YYYY-MM-DD') as period_start, to_char(period_end, 'YYYY-MM-DD') as period_end,
       quantity::text as quantity from park_utility_outputs where utility_id = any($1::uuid[]) order by period_start`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    energyKind: r.energy_kind,
    unit: r.unit,
    allocation: r.allocation,
    key: keys.rows
      .filter((k) => k.utility_id === r.id)
      .map((k) => ({ memberId: k.member_org_id, name: k.name, weight: k.weight })),
    outputs: outputs.rows
      .filter((o) => o.utility_id === r.id)
      .map((o) => ({ periodStart: o.period_start, periodEnd: o.period_end, quantity: o.quantity })),
  }));
}

/** Records (or replaces) what the utility delivered over a period, as measured at the plant. */
export async function recordUtilityOutput(
  db: Queryable,
  parkId: string,
  utilityId: string,
  output: { periodStart: string; periodEnd: string; quantity: string },
): Promise<ParkUtility> {
  checkPeriod(output.periodStart, output.periodEnd);
  const { rows } = await db.query('select id from park_utilities where id = $1::uuid and park_org_id = $2::uuid', [
    utilityId,
    parkId,
  ]);
  if (!rows[0])
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: 'Utility not found',
      hint: 'GET /v1/park/utilities lists the utilities of your park.',
    });
  await db.query(
    `insert into park_utility_outputs (id, utility_id, period_start, period_end, quantity)
     values ($1::uuid, $2::uuid, $3::date, $4::date, $5::numeric)
     on conflict (utility_id, period_start, period_end) do update set quantity = excluded.quantity, recorded_at = now()`,
    [randomUUID(), utilityId, output.periodStart, output.periodEnd, output.quantity],
  );
  return (await listUtilities(db, parkId)).find((u) => u.id === utilityId) as ParkUtility;
}

import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';

export type MembershipStatus = 'invited' | 'declined' | 'withdrawn' | 'active' | 'left' | 'removed';
export type GrantLevel = 'aggregate' | 'meters';
export const GRANT_LEVELS: readonly GrantLevel[] = ['aggregate', 'meters'];

/** An invitation of a park to an enterprise and, once accepted, the membership it became. */
export interface ParkMembership {
  id: string;
  park: { id: string; name: string };
  member: { id: string; name: string };
  status: MembershipStatus;
  /** What the member granted on accepting: aggregated figures, or meter data too. */
  grantLevel: GrantLevel | null;
  invitedAt: string;
  /** The API key that took each step. */
  invitedBy: string;
  respondedAt: string | null;
  respondedBy: string | null;
  endedAt: string | null;
  endedBy: string | null;
}

interface Row {
  id: string;
  park_org_id: string;
  park_name: string;
  member_org_id: string;
  member_name: string;
  status: MembershipStatus;
  grant_level: GrantLevel | null;
  invited_by: string;
  invited_at: Date;
  responded_by: string | null;
  responded_at: Date | null;
  ended_by: string | null;
  ended_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const toMembership = (r: Row): ParkMembership => ({
  id: r.id,
  park: { id: r.park_org_id, name: r.park_name },
  member: { id: r.member_org_id, name: r.member_name },
  status: r.status,
  grantLevel: r.grant_level,
  invitedAt: new Date(r.invited_at).toISOString(),
  invitedBy: r.invited_by,
  respondedAt: iso(r.responded_at),
  respondedBy: r.responded_by,
  endedAt: iso(r.ended_at),
  endedBy: r.ended_by,
});

const SELECT = `select m.*, p.name as park_name, e.name as member_name
  from park_memberships m join organisations p on p.id = m.park_org_id join organisations e on e.id = m.member_org_id`;

/** Who acts: the organisation and the API key it acts with. */
export interface Actor {
  orgId: string;
  keyId: string;
}

/** The park invites an enterprise; nothing of the enterprise is visible to the park until it accepts. */
export async function inviteToPark(db: Queryable, park: Actor, enterpriseId: string): Promise<ParkMembership> {
  const { rows: invitee } = await db.query<{ enterprise: boolean }>(
    `select 'enterprise' = any(kinds) as enterprise from organisations where id = $1::uuid`,
    [enterpriseId],
  );
  if (!invitee[0]?.enterprise || enterpriseId === park.orgId)
    throw new NengtanError('NT_ERR_PARK_INVITEE', { details: { field: 'enterpriseId' } });
  const id = randomUUID();
  // The partial unique index refuses a second open invitation or membership, also under concurrent invitations.
  const { rows } = await db.query<{ id: string }>(
    `insert into park_memberships (id, park_org_id, member_org_id, status, invited_by)
     values ($1::uuid, $2::uuid, $3::uuid, 'invited', $4::uuid)
     on conflict (park_org_id, member_org_id) where status in ('invited', 'active') do nothing
     returning id`,
    [id, park.orgId, enterpriseId, park.keyId],
  );
  if (!rows[0]) throw new NengtanError('NT_ERR_PARK_INVITATION_OPEN');
  return (await getMembership(db, id)) as ParkMembership;
}

async function getMembership(db: Queryable, id: string): Promise<ParkMembership | undefined> {
  const { rows } = await db.query<Row>(`${SELECT} where m.id = $1::uuid`, [id]);
  return rows[0] && toMembership(rows[0]);
}

/** Every invitation and membership of the park, newest first. */
export async function listParkMemberships(db: Queryable, parkId: string): Promise<ParkMembership[]> {
  const { rows } = await db.query<Row>(`${SELECT} where m.park_org_id = $1::uuid order by m.invited_at desc, m.id`, [
    parkId,
  ]);
  return rows.map(toMembership);
}

/** Every invitation the enterprise received, newest first. */
export async function listInvitationsOf(db: Queryable, enterpriseId: string): Promise<ParkMembership[]> {
  const { rows } = await db.query<Row>(`${SELECT} where m.member_org_id = $1::uuid order by m.invited_at desc, m.id`, [
    enterpriseId,
  ]);
  return rows.map(toMembership);
}

export type MembershipStep = 'accept' | 'decline' | 'leave' | 'withdraw' | 'remove';

/** Which side may take a step, from which status, to which status, and which columns record it. */
const STEPS: Record<
  MembershipStep,
  { side: 'member' | 'park'; from: MembershipStatus; to: MembershipStatus; end: boolean }
> = {
  accept: { side: 'member', from: 'invited', to: 'active', end: false },
  decline: { side: 'member', from: 'invited', to: 'declined', end: false },
  leave: { side: 'member', from: 'active', to: 'left', end: true },
  withdraw: { side: 'park', from: 'invited', to: 'withdrawn', end: true },
  remove: { side: 'park', from: 'active', to: 'removed', end: true },
};

/**
 * Moves an invitation or membership one step. Only its own side sees it at all (404 otherwise); a step from the wrong
 * status is a 409. The update is conditional on the status, so two concurrent steps cannot both succeed.
 */
export async function stepMembership(
  db: Queryable,
  actor: Actor,
  id: string,
  step: MembershipStep,
  grantLevel?: GrantLevel,
): Promise<ParkMembership> {
  const rule = STEPS[step];
  const sideColumn = rule.side === 'member' ? 'member_org_id' : 'park_org_id';
  const current = await db.query<{ status: MembershipStatus }>(
    `select status from park_memberships where id = $1::uuid and ${sideColumn} = $2::uuid`,
    [id, actor.orgId],
  );
  if (!current.rows[0])
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: 'Invitation not found',
      hint:
        rule.side === 'member'
          ? 'GET /v1/park-invitations lists the invitations your organisation received.'
          : 'GET /v1/park/members lists the invitations and members of your park.',
    });
  const columns = rule.end
    ? 'ended_by = $3::uuid, ended_at = now()'
    : 'responded_by = $3::uuid, responded_at = now(), grant_level = $5::text';
  const { rows } = await db.query<{ id: string }>(
    `update park_memberships set status = $4::text, ${columns}
     where id = $1::uuid and status = $2::text returning id`,
    rule.end
      ? [id, rule.from, actor.keyId, rule.to]
      : [id, rule.from, actor.keyId, rule.to, step === 'accept' ? (grantLevel ?? 'aggregate') : null],
  );
  if (!rows[0])
    throw new NengtanError('NT_ERR_PARK_INVITATION_STATE', {
      message: `Cannot ${step}: the invitation is ${current.rows[0].status}`,
      details: { state: current.rows[0].status, requested: rule.to },
    });
  return (await getMembership(db, id)) as ParkMembership;
}

/** The park's members that consent now (active), with what each granted, by name. */
export async function activeMembers(
  db: Queryable,
  parkId: string,
): Promise<{ id: string; name: string; grantLevel: GrantLevel }[]> {
  const { rows } = await db.query<{ id: string; name: string; grant_level: GrantLevel }>(
    `select e.id, e.name, m.grant_level from park_memberships m join organisations e on e.id = m.member_org_id
     where m.park_org_id = $1::uuid and m.status = 'active' order by lower(e.name), e.id`,
    [parkId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, grantLevel: r.grant_level }));
}

/** Refuses unless `memberId` is an active member of the park that granted at least `level`. */
export async function requireMemberGrant(db: Queryable, parkId: string, memberId: string, level: GrantLevel) {
  const member = (await activeMembers(db, parkId)).find((m) => m.id === memberId);
  if (!member) throw new NengtanError('NT_ERR_PARK_NOT_MEMBER');
  if (level === 'meters' && member.grantLevel !== 'meters') throw new NengtanError('NT_ERR_PARK_METERS_NOT_GRANTED');
}

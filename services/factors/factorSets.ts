import { randomUUID } from 'node:crypto';
import { withTransaction, type Db, type Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { FACTOR_SET_COLUMNS, isUuid, toFactorSet, type FactorSetRow } from './factorRows';
import { insertFactors, validateFactorList } from './insertFactors';
import { loadResolvedFactors } from './loadResolvedFactors';
import type { FactorInput, FactorSet } from './types';

/** The public default set shipped by migration 0002: nengtan-default version 1, the same id in every installation. */
export const DEFAULT_FACTOR_SET_ID = '00000000-0000-4000-8000-000000000001';
/**
 * nengtan-default version 2 (migration 0033): version 1 plus refrigerant GWPs, mobile combustion, process and biomass
 * factors. Inventories with non-metered activity data default to it; the others keep version 1 (and their hashes).
 */
export const DEFAULT_FACTOR_SET_V2_ID = '00000000-0000-4000-8000-000000000002';

// Serialises the creation of versions of one set name within one organisation (second key: hash of org and name).
const FACTOR_SET_NAME_LOCK = 714_053_102;
const MAX_NAME = 100;
const MAX_DESCRIPTION = 2000;

/** The public sets and the organisation's own, public first, then by name and version. */
export async function listFactorSets(db: Queryable, orgId: string): Promise<FactorSet[]> {
  const { rows } = await db.query<FactorSetRow>(
    `select ${FACTOR_SET_COLUMNS} from factor_sets s where s.org_id is null or s.org_id = $1::uuid
     order by s.org_id nulls first, s.name, s.version`,
    [orgId],
  );
  return rows.map(toFactorSet);
}

/** A public set or one of the organisation's own; another organisation's set is as absent as a missing one. */
export async function getFactorSet(db: Queryable, orgId: string, id: string): Promise<FactorSet | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<FactorSetRow>(
    `select ${FACTOR_SET_COLUMNS} from factor_sets s
     where s.id = $2::uuid and (s.org_id is null or s.org_id = $1::uuid)`,
    [orgId, id],
  );
  return rows[0] && toFactorSet(rows[0]);
}

/**
 * Locks the organisation's own set `id` for a change until the transaction ends, refusing a set it cannot see
 * (NT_ERR_NOT_FOUND) and a frozen one, public sets included (NT_ERR_FACTOR_SET_FROZEN). Changes and freezing take this
 * lock, so a change can never slip in between a freeze's hashing and its commit.
 */
export async function lockOpenFactorSet(tx: Queryable, orgId: string, id: string): Promise<FactorSet> {
  const { rows } = isUuid(id)
    ? await tx.query<FactorSetRow>(
        `select ${FACTOR_SET_COLUMNS} from factor_sets s
         where s.id = $2::uuid and (s.org_id is null or s.org_id = $1::uuid) for update`,
        [orgId, id],
      )
    : { rows: [] };
  const set = rows[0] && toFactorSet(rows[0]);
  if (set?.frozenAt) {
    throw new NengtanError('NT_ERR_FACTOR_SET_FROZEN', {
      message: `Factor set ${set.name} v${set.version} is frozen and cannot change`,
      details: { factorSetId: set.id },
    });
  }
  if (!set || set.orgId !== orgId)
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Factor set ${id} not found` });
  return set;
}

export interface FactorSetInput {
  name: string;
  /** The set this one builds on: a frozen public set or a frozen set of the organisation's own. */
  basedOn?: string | null;
  description?: string | null;
  /** Factors added to the base's, or replacing the base's factor with the same key. */
  factors?: FactorInput[];
}

function invalid(message: string, hint?: string): NengtanError {
  return new NengtanError('NT_ERR_FACTOR_SET_INVALID', { message, hint });
}

function setText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
    throw invalid(`${field} must be text without control characters`);
  }
  const trimmed = value.trim();
  if (trimmed.length > max) throw invalid(`${field} must be at most ${max} characters`);
  return trimmed.length > 0 ? trimmed : null;
}

/**
 * Creates an organisation's own factor set, the next version of `name` within the organisation. The base must be
 * visible (public or own) and frozen, so that what the new set builds on can never move under it. Own factors are
 * validated one by one; one overriding a base factor must keep that factor's unit.
 */
export async function createFactorSet(db: Db, orgId: string, input: FactorSetInput): Promise<FactorSet> {
  const name = setText(input.name, 'name', MAX_NAME);
  if (name === null) throw invalid('name is required', `Give the set a name of at most ${MAX_NAME} characters.`);
  if (/\n|\r|\t/.test(name)) throw invalid('name must be a single line');
  const description = setText(input.description, 'description', MAX_DESCRIPTION);
  const factors = validateFactorList(input.factors ?? []);
  const basedOn = input.basedOn ?? null;
  if (basedOn === null && factors.length === 0) {
    throw invalid('a set without a base needs at least one factor', 'Base the set on a public set, or send factors.');
  }
  return withTransaction(db, async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::integer, hashtext($2))', [
      FACTOR_SET_NAME_LOCK,
      `${orgId}/${name}`,
    ]);
    let baseFactors: Awaited<ReturnType<typeof loadResolvedFactors>>['factors'] = [];
    if (basedOn !== null) {
      const base = await getFactorSet(tx, orgId, basedOn);
      if (!base) {
        throw new NengtanError('NT_ERR_FACTOR_BASE_UNKNOWN', {
          message: `Base factor set ${basedOn} does not exist or is not visible`,
          details: { basedOn },
        });
      }
      if (!base.frozenAt) {
        throw new NengtanError('NT_ERR_FACTOR_BASE_NOT_FROZEN', {
          message: `Base factor set ${base.name} v${base.version} is not frozen`,
          details: { basedOn },
        });
      }
      baseFactors = (await loadResolvedFactors(tx, base.id)).factors;
    }
    const { rows: next } = await tx.query<{ version: number }>(
      `select coalesce(max(version), 0) + 1 as version from factor_sets where org_id = $1::uuid and name = $2`,
      [orgId, name],
    );
    const { rows } = await tx.query<FactorSetRow>(
      `insert into factor_sets as s (id, org_id, name, version, based_on, description)
       values ($1::uuid, $2::uuid, $3, $4::integer, $5::uuid, $6)
       returning ${FACTOR_SET_COLUMNS}`,
      [randomUUID(), orgId, name, next[0].version, basedOn, description],
    );
    const set = toFactorSet(rows[0]);
    await insertFactors(tx, set.id, factors, baseFactors, []);
    return set;
  });
}

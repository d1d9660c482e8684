import { randomUUID } from 'node:crypto';
import { withTransaction, type Db, type Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';

/**
 * The GHG Protocol Scope 3 categories an organisation quantifies with its own factors. Category 1 here is purchased
 * goods without a supplier footprint (average-data or spend-based); goods with one are counted from the share.
 */
export const SCOPE3_FACTOR_CATEGORIES = [3, 4, 6, 7, 1] as const;
export type Scope3FactorCategory = (typeof SCOPE3_FACTOR_CATEGORIES)[number];

/** The currency of spend-based factors: a factor in kgCO2e per CNY makes its activities spend-based. */
export const SPEND_UNIT = 'CNY';
/** Category 3 subjects the inventory applies to its own activity data: per fuel, and per kWh purchased. */
export const WELL_TO_TANK = 'well_to_tank:';
export const TD_LOSSES = 'td_losses';

export interface Scope3Factor {
  id: string;
  category: Scope3FactorCategory;
  subject: string;
  unit: string;
  kgCO2ePerUnit: string;
  source: string;
}

export interface Scope3FactorSet {
  id: string;
  orgId: string;
  name: string;
  version: number;
  description: string;
  factors: Scope3Factor[];
  createdAt: string;
}

export interface Scope3FactorSetInput {
  name: string;
  description?: string;
  factors: Omit<Scope3Factor, 'id'>[];
}

export function scope3Invalid(message: string, hint: string): NengtanError {
  return new NengtanError('NT_ERR_SCOPE3_INVALID', { message, hint });
}

/** Whether `text` is an exact decimal above zero. */
export function positiveDecimal(text: string): boolean {
  try {
    return compare(parseDecimal(text), { units: 0n, scale: 0 }) > 0;
  } catch {
    return false;
  }
}

function checkFactors(factors: Scope3FactorSetInput['factors']): void {
  const seen = new Set<string>();
  for (const f of factors) {
    const key = `${f.category} ${f.subject}`;
    if (seen.has(key)) {
      throw scope3Invalid(
        `Category ${f.category} has two factors for "${f.subject}"`,
        'Give each subject one factor per category.',
      );
    }
    seen.add(key);
    if (!positiveDecimal(f.kgCO2ePerUnit)) {
      throw scope3Invalid(
        `kgCO2ePerUnit of "${f.subject}" must be a positive decimal, got "${f.kgCO2ePerUnit}"`,
        'Send e.g. "0.0712".',
      );
    }
    if (f.category !== 3 && (f.subject.startsWith(WELL_TO_TANK) || f.subject === TD_LOSSES)) {
      throw scope3Invalid(
        `"${f.subject}" is a category 3 subject, not category ${f.category}`,
        'Well-to-tank and T&D loss factors belong to category 3.',
      );
    }
    if (f.subject === TD_LOSSES && f.unit !== 'kWh') {
      throw scope3Invalid('The T&D loss factor is per kWh of purchased electricity', 'Send unit "kWh" for td_losses.');
    }
  }
}

interface SetRow {
  id: string;
  org_id: string;
  name: string;
  version: number;
  description: string;
  created_at: Date | string;
}

interface FactorRow {
  id: string;
  factor_set_id: string;
  category: number;
  subject: string;
  unit: string;
  kg_co2e_per_unit: string;
  source: string;
}

const toFactor = (r: FactorRow): Scope3Factor => ({
  id: r.id,
  category: r.category as Scope3FactorCategory,
  subject: r.subject,
  unit: r.unit,
  kgCO2ePerUnit: r.kg_co2e_per_unit,
  source: r.source,
});

/**
 * Creates the next version of the organisation's Scope 3 factor set `name` (version 1 when new). A set never changes
 * once created, so an inventory that names a version can always be recomputed from it.
 */
export async function createScope3FactorSet(
  db: Db,
  orgId: string,
  input: Scope3FactorSetInput,
): Promise<Scope3FactorSet> {
  checkFactors(input.factors);
  const id = await withTransaction(db, async (tx) => {
    // Serialises versions of one name: two concurrent creations would otherwise pick the same next version.
    await tx.query('select id from organisations where id = $1::uuid for update', [orgId]);
    const { rows } = await tx.query<{ next: number }>(
      `select coalesce(max(version), 0)::int + 1 as next from scope3_factor_sets where org_id = $1::uuid and name = $2`,
      [orgId, input.name],
    );
    const setId = randomUUID();
    await tx.query(
      `insert into scope3_factor_sets (id, org_id, name, version, description)
       values ($1::uuid, $2::uuid, $3, $4::int, $5)`,
      [setId, orgId, input.name, rows[0].next, input.description ?? ''],
    );
    for (const f of input.factors) {
      await tx.query(
        `insert into scope3_factors (id, factor_set_id, category, subject, unit, kg_co2e_per_unit, source)
         values ($1::uuid, $2::uuid, $3::smallint, $4, $5, $6, $7)`,
        [randomUUID(), setId, f.category, f.subject, f.unit, f.kgCO2ePerUnit, f.source],
      );
    }
    return setId;
  });
  return (await findScope3FactorSet(db, orgId, id)) as Scope3FactorSet;
}

/** The organisation's Scope 3 factor sets with their factors, by name and version. */
export async function listScope3FactorSets(db: Queryable, orgId: string, id?: string): Promise<Scope3FactorSet[]> {
  const sets = await db.query<SetRow>(
    `select id, org_id, name, version, description, created_at from scope3_factor_sets
     where org_id = $1::uuid and ($2::uuid is null or id = $2::uuid) order by name, version`,
    [orgId, id ?? null],
  );
  if (sets.rows.length === 0) return [];
  const factors = await db.query<FactorRow>(
    `select id, factor_set_id, category, subject, unit, kg_co2e_per_unit, source from scope3_factors
     where factor_set_id = any($1::uuid[]) order by category, subject`,
    [sets.rows.map((s) => s.id)],
  );
  return sets.rows.map((s) => ({
    id: s.id,
    orgId: s.org_id,
    name: s.name,
    version: s.version,
    description: s.description,
    factors: factors.rows.filter((f) => f.factor_set_id === s.id).map(toFactor),
    createdAt: new Date(s.created_at).toISOString(),
  }));
}

/** One of the organisation's sets; undefined for another organisation's. */
export async function findScope3FactorSet(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<Scope3FactorSet | undefined> {
  return (await listScope3FactorSets(db, orgId, id))[0];
}

/** The set or NT_ERR_NOT_FOUND with a hint. */
export async function requireScope3FactorSet(db: Queryable, orgId: string, id: string): Promise<Scope3FactorSet> {
  const set = await findScope3FactorSet(db, orgId, id);
  if (!set) {
    throw new NengtanError('NT_ERR_NOT_FOUND', {
      message: `Scope 3 factor set ${id} not found`,
      hint: 'Name one of your own sets (GET /v1/scope3-factor-sets).',
    });
  }
  return set;
}

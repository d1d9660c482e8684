import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { checkPeriod } from './loadInventoryInput';
import { mul, parseRational, format } from './rational';
import {
  positiveDecimal,
  requireScope3FactorSet,
  scope3Invalid,
  SPEND_UNIT,
  TD_LOSSES,
  WELL_TO_TANK,
  type Scope3FactorCategory,
} from './scope3FactorSets';

/** A factor as an activity and an inventory state it: with the set and version it belongs to. */
export interface Scope3FactorStated {
  setId: string;
  setName: string;
  setVersion: number;
  factorId: string;
  subject: string;
  unit: string;
  kgCO2ePerUnit: string;
  source: string;
}

/** A quantity stated as the product of its terms (staff × working days × trips × km per trip). */
export interface QuantityTerm {
  label: string;
  value: string;
}

export interface Scope3Activity {
  id: string;
  orgId: string;
  periodStart: string;
  periodEnd: string;
  category: Scope3FactorCategory;
  /** 'spend' when the factor is per CNY spent, else 'activity'. */
  method: 'activity' | 'spend';
  description: string;
  quantity: string;
  terms: QuantityTerm[] | null;
  factor: Scope3FactorStated;
  evidence: string;
  createdAt: string;
}

export interface Scope3ActivityInput {
  periodStart: string;
  periodEnd: string;
  category: Scope3FactorCategory;
  factorSetId: string;
  /** The factor's subject in the set, e.g. "road" or "spend". */
  subject: string;
  description: string;
  quantity?: string;
  terms?: QuantityTerm[];
  evidence: string;
}

const decimals = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** The exact product of the terms, with as many decimals as their decimals add up to. */
export function productOfTerms(terms: readonly QuantityTerm[]): string {
  const scale = terms.reduce((s, t) => s + decimals(t.value), 0);
  return format(mul(...terms.map((t) => parseRational(t.value))), scale);
}

export const methodOf = (unit: string): Scope3Activity['method'] => (unit === SPEND_UNIT ? 'spend' : 'activity');

/** The quantity of an input: as sent, or the product of its terms; exactly one of the two. */
function quantityOf(input: Scope3ActivityInput): string {
  if ((input.quantity === undefined) === (input.terms === undefined)) {
    throw scope3Invalid(
      'Send either quantity or terms',
      'quantity: the figure in the factor unit ("12000"); terms: its factors ([{"label":"staff","value":"40"}, ...]).',
    );
  }
  if (input.terms) {
    const bad = input.terms.find((t) => !positiveDecimal(t.value));
    if (bad)
      throw scope3Invalid(`Term "${bad.label}" must be a positive decimal, got "${bad.value}"`, 'Send e.g. "15".');
    return productOfTerms(input.terms);
  }
  const quantity = input.quantity as string;
  if (!positiveDecimal(quantity)) {
    throw scope3Invalid(`quantity must be a positive decimal, got "${quantity}"`, 'Send e.g. "12000".');
  }
  return quantity;
}

interface Row {
  id: string;
  org_id: string;
  period_start: string;
  period_end: string;
  category: number;
  description: string;
  quantity: string;
  terms: QuantityTerm[] | string | null;
  evidence: string;
  created_at: Date | string;
  set_id: string;
  set_name: string;
  set_version: number;
  factor_id: string;
  subject: string;
  unit: string;
  kg_co2e_per_unit: string;
  source: string;
}

const toActivity = (r: Row): Scope3Activity => ({
  id: r.id,
  orgId: r.org_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  category: r.category as Scope3FactorCategory,
  method: methodOf(r.unit),
  description: r.description,
  quantity: r.quantity,
  terms: typeof r.terms === 'string' ? (JSON.parse(r.terms) as QuantityTerm[]) : r.terms,
  factor: {
    setId: r.set_id,
    setName: r.set_name,
    setVersion: r.set_version,
    factorId: r.factor_id,
    subject: r.subject,
    unit: r.unit,
    kgCO2ePerUnit: r.kg_co2e_per_unit,
    source: r.source,
  },
  evidence: r.evidence,
  createdAt: new Date(r.created_at).toISOString(),
});

const SELECT = `select a.id, a.org_id, to_char(a.period_start, 'YYYY-MM-DD') as period_start,
    to_char(a.period_end, 'YYYY-MM-DD') as period_end, a.category, a.description, a.quantity, a.terms, a.evidence,
    a.created_at, s.id as set_id, s.name as set_name, s.version as set_version, f.id as factor_id, f.subject, f.unit,
    f.kg_co2e_per_unit, f.source
  from scope3_activities a join scope3_factors f on f.id = a.factor_id join scope3_factor_sets s on s.id = f.factor_set_id`;

/**
 * Records a Scope 3 activity of a period against one factor of one of the organisation's factor sets: its quantity in
 * the factor's unit (t·km, passenger·km, kWh, or CNY spent) with the evidence it rests on.
 */
export async function recordScope3Activity(
  db: Queryable,
  orgId: string,
  input: Scope3ActivityInput,
): Promise<Scope3Activity> {
  checkPeriod(input.periodStart, input.periodEnd);
  const quantity = quantityOf(input);
  const set = await requireScope3FactorSet(db, orgId, input.factorSetId);
  const factor = set.factors.find((f) => f.category === input.category && f.subject === input.subject);
  if (!factor) {
    const subjects = set.factors.filter((f) => f.category === input.category).map((f) => f.subject);
    throw scope3Invalid(
      `${set.name} v${set.version} has no category ${input.category} factor for "${input.subject}"`,
      subjects.length > 0
        ? `Use one of ${subjects.join(', ')}, or add the factor in a new version of the set.`
        : `The set has no category ${input.category} factors: add them in a new version (POST /v1/scope3-factor-sets).`,
    );
  }
  if (factor.subject.startsWith(WELL_TO_TANK) || factor.subject === TD_LOSSES) {
    throw scope3Invalid(
      `"${factor.subject}" applies to the inventory's own fuel and electricity`,
      'Name the set as scope3FactorSetId when computing the inventory; record other category 3 activities under other subjects.',
    );
  }
  const id = randomUUID();
  await db.query(
    `insert into scope3_activities (id, org_id, period_start, period_end, category, factor_id, description, quantity,
       terms, evidence)
     values ($1::uuid, $2::uuid, $3::date, $4::date, $5::smallint, $6::uuid, $7, $8, $9::jsonb, $10)`,
    [
      id,
      orgId,
      input.periodStart,
      input.periodEnd,
      input.category,
      factor.id,
      input.description,
      quantity,
      input.terms ? JSON.stringify(input.terms) : null,
      input.evidence,
    ],
  );
  const { rows } = await db.query<Row>(`${SELECT} where a.id = $1::uuid`, [id]);
  return toActivity(rows[0]);
}

/** The organisation's Scope 3 activities, optionally those whose period lies inside [start, end). */
export async function listScope3Activities(
  db: Queryable,
  orgId: string,
  filter: { start?: string; end?: string } = {},
): Promise<Scope3Activity[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} where a.org_id = $1::uuid and ($2::date is null or a.period_start >= $2::date)
       and ($3::date is null or a.period_end <= $3::date)
     order by a.category, a.period_start, a.created_at, a.id`,
    [orgId, filter.start ?? null, filter.end ?? null],
  );
  return rows.map(toActivity);
}

import { randomUUID } from 'node:crypto';
import { PG_ERROR, pgErrorCode, type Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { describeFactorKey, factorKey } from './factorKey';
import { FACTOR_COLUMNS, toFactor, type FactorRow } from './factorRows';
import type { ListedFactor } from './factorSetContentHash';
import type { Factor, FactorInput } from './types';
import { validateFactorInput } from './validateFactorInput';

/** Most factors one request may add; the public default set has about 130. */
export const MAX_FACTORS_PER_REQUEST = 5000;

// Raised by the emission_factors and factor_sets triggers for a change to a frozen set.
const OBJECT_NOT_IN_PREREQUISITE_STATE = '55000';

function duplicate(index: number, factor: ListedFactor, where: string): NengtanError {
  return new NengtanError('NT_ERR_FACTOR_DUPLICATE', {
    message: `factors[${index}]: ${describeFactorKey(factor)} ${where}`,
    details: { index, field: 'factor' },
  });
}

/** Validates a list of factors sent by an organisation: each factor, and no key twice. */
export function validateFactorList(factors: readonly FactorInput[]): ListedFactor[] {
  if (!Array.isArray(factors)) {
    throw new NengtanError('NT_ERR_FACTOR_SET_INVALID', { message: 'factors must be a list' });
  }
  if (factors.length > MAX_FACTORS_PER_REQUEST) {
    throw new NengtanError('NT_ERR_FACTOR_SET_INVALID', {
      message: `at most ${MAX_FACTORS_PER_REQUEST} factors per request, got ${factors.length}`,
      hint: 'Split the factors over several requests (add them to the set before freezing it).',
    });
  }
  const seen = new Map<string, number>();
  return factors.map((input, index) => {
    const factor = validateFactorInput(input, index);
    const key = factorKey(factor);
    const first = seen.get(key);
    if (first !== undefined) throw duplicate(index, factor, `is also factors[${first}]`);
    seen.set(key, index);
    return factor;
  });
}

/**
 * Inserts validated factors into an open set. A factor may replace a base factor with the same key (keeping its unit:
 * an override in another unit would silently change what a calculation multiplies by) but not one of the set's own.
 */
export async function insertFactors(
  tx: Queryable,
  setId: string,
  factors: readonly ListedFactor[],
  baseFactors: readonly Factor[],
  ownFactors: readonly Factor[],
): Promise<Factor[]> {
  if (factors.length === 0) return [];
  const base = new Map(baseFactors.map((f) => [factorKey(f), f]));
  const own = new Set(ownFactors.map((f) => factorKey(f)));
  factors.forEach((factor, index) => {
    const key = factorKey(factor);
    if (own.has(key)) throw duplicate(index, factor, 'is already in the set');
    const replaced = base.get(key);
    if (replaced && replaced.unit !== factor.unit) {
      throw new NengtanError('NT_ERR_FACTOR_UNIT', {
        message:
          `factors[${index}].unit: ${describeFactorKey(factor)} is in ${replaced.unit} in the base set, ` +
          `got ${factor.unit}`,
        hint: `Send the value in ${replaced.unit}.`,
        details: { index, field: 'unit' },
      });
    }
  });
  const column = <K extends keyof ListedFactor>(name: K) => factors.map((f) => f[name]);
  try {
    const { rows } = await tx.query<FactorRow>(
      `insert into emission_factors as f (id, factor_set_id, category, subject, gas, region, year, value, unit, series,
         source, notice, quality, note)
       select u.id, $1::uuid, u.category, u.subject, u.gas, u.region, u.year, u.value::numeric, u.unit, u.series,
         u.source, u.notice, u.quality, u.note
       from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
         as u (id, category, subject, gas, region, year, value, unit, series, source, notice, quality, note)
       returning ${FACTOR_COLUMNS}`,
      [
        setId,
        factors.map(() => randomUUID()),
        column('category'),
        column('subject'),
        column('gas'),
        column('region'),
        column('year'),
        column('value'),
        column('unit'),
        column('series'),
        column('source'),
        column('notice'),
        column('quality'),
        column('note'),
      ],
    );
    return rows.map(toFactor);
  } catch (error) {
    throw frozenOrDuplicate(error, setId);
  }
}

/** The NengtanError for a database refusal the service's own checks should have caught first, else `error`. */
export function frozenOrDuplicate(error: unknown, setId: string): unknown {
  const code = pgErrorCode(error);
  if (code === OBJECT_NOT_IN_PREREQUISITE_STATE) {
    return new NengtanError('NT_ERR_FACTOR_SET_FROZEN', { details: { factorSetId: setId } });
  }
  if (code === PG_ERROR.UNIQUE_VIOLATION) {
    return new NengtanError('NT_ERR_FACTOR_DUPLICATE', { details: { factorSetId: setId } });
  }
  return error;
}

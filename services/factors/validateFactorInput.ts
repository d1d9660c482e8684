import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError, type ErrorCode } from '../lib/errors';
import {
  allowedSubjects,
  expectedUnits,
  FACTOR_CATEGORY_NAMES,
  isFactorCategory,
  isRegional,
  QUALITIES,
  type Quality,
} from './factorCategories';
import type { ListedFactor } from './factorSetContentHash';
import type { FactorInput } from './types';

/** A plain decimal without sign, exponent or leading zeros: what the factor tables print. */
const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;
const MAX_VALUE_DIGITS = 30;
const FUEL_SUBJECT = /^[a-z][a-z0-9_]{0,63}$/;
/** Gas formulas and refrigerant names: CO2, CH4, N2O, SF6, NF3, CF4, HFC-134a. */
const GAS = /^[A-Z][A-Za-z0-9-]{0,31}$/;
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;
const ONE = parseDecimal('1');
const ZERO = parseDecimal('0');

function problem(code: ErrorCode, index: number, field: string, message: string, hint?: string): NengtanError {
  return new NengtanError(code, { message: `factors[${index}].${field}: ${message}`, hint, details: { index, field } });
}

function text(value: unknown, index: number, field: string, max: number, required: true): string;
function text(value: unknown, index: number, field: string, max: number, required: false): string | null;
function text(value: unknown, index: number, field: string, max: number, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (!required) return null;
    throw problem('NT_ERR_FACTOR_FIELD', index, field, 'is required');
  }
  // Control characters would make a source title print differently from what was stored and hashed.
  if (typeof value !== 'string' || /[\u0000-\u001f\u007f]/.test(value)) {
    throw problem('NT_ERR_FACTOR_FIELD', index, field, 'must be text without control characters');
  }
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    if (!required) return null;
    throw problem('NT_ERR_FACTOR_FIELD', index, field, 'must not be empty');
  }
  if (trimmed.length > max) throw problem('NT_ERR_FACTOR_FIELD', index, field, `must be at most ${max} characters`);
  return trimmed;
}

/**
 * Checks one factor an organisation sends (the `index`-th of its list) and returns it normalised: text trimmed,
 * region, year, gas and quality defaulted. Throws a NengtanError naming the factor and the field.
 */
export function validateFactorInput(input: FactorInput, index: number): ListedFactor {
  if (typeof input !== 'object' || input === null) {
    throw problem('NT_ERR_FACTOR_FIELD', index, 'factor', 'must be an object');
  }
  const category = input.category;
  if (typeof category !== 'string' || !isFactorCategory(category)) {
    throw problem(
      'NT_ERR_FACTOR_CATEGORY',
      index,
      'category',
      `unknown category ${JSON.stringify(category)}`,
      `Use one of: ${FACTOR_CATEGORY_NAMES.join(', ')}.`,
    );
  }

  const subject = text(input.subject, index, 'subject', 64, true);
  const subjects = allowedSubjects(category);
  if (subjects ? !subjects.includes(subject) : !FUEL_SUBJECT.test(subject)) {
    throw problem(
      'NT_ERR_FACTOR_FIELD',
      index,
      'subject',
      `"${subject}" is not a subject of ${category}`,
      subjects
        ? `Use one of: ${subjects.join(', ')}.`
        : 'Use the snake_case energy kind name (natural_gas, bituminous_coal, diesel, ...).',
    );
  }

  let gas: string | null = null;
  if (category === 'gwp') {
    gas = text(input.gas, index, 'gas', 32, true);
    if (!GAS.test(gas)) {
      throw problem('NT_ERR_FACTOR_FIELD', index, 'gas', `"${gas}" is not a gas name`, 'Use CO2, CH4, N2O, SF6, ...');
    }
  } else if (input.gas !== undefined && input.gas !== null) {
    throw problem('NT_ERR_FACTOR_FIELD', index, 'gas', `applies to gwp factors only`, 'Leave gas out.');
  }

  let region = 'national';
  let year: number | null = null;
  if (isRegional(category)) {
    region = text(input.region ?? 'national', index, 'region', 64, true);
    if (input.year !== undefined && input.year !== null) {
      if (!Number.isInteger(input.year) || input.year < FIRST_YEAR || input.year > LAST_YEAR) {
        throw problem(
          'NT_ERR_FACTOR_FIELD',
          index,
          'year',
          `must be a whole year between ${FIRST_YEAR} and ${LAST_YEAR}`,
          'Give the data year (vintage) of the factor, or leave it out for an undated one.',
        );
      }
      year = input.year;
    }
  } else {
    const hint = 'Only grid_electricity factors vary by region and year; make a set per year for dated measurements.';
    if (input.region !== undefined && input.region !== 'national') {
      throw problem('NT_ERR_FACTOR_FIELD', index, 'region', `must be "national" for ${category}`, hint);
    }
    if (input.year !== undefined && input.year !== null) {
      throw problem('NT_ERR_FACTOR_FIELD', index, 'year', `must be left out for ${category}`, hint);
    }
  }

  const value = input.value;
  if (typeof value !== 'string' || !PLAIN_DECIMAL.test(value) || value.replace('.', '').length > MAX_VALUE_DIGITS) {
    throw problem(
      'NT_ERR_FACTOR_VALUE',
      index,
      'value',
      `${JSON.stringify(value)} is not a plain decimal string`,
      'Send the value as a string such as "0.5703" (no sign, exponent or leading zeros, at most 30 digits).',
    );
  }
  const decimal = parseDecimal(value);
  if (compare(decimal, ZERO) <= 0) {
    throw problem('NT_ERR_FACTOR_VALUE', index, 'value', 'must be above zero');
  }
  if (category === 'fuel_oxidation' && compare(decimal, ONE) > 0) {
    throw problem(
      'NT_ERR_FACTOR_VALUE',
      index,
      'value',
      `an oxidation rate is a fraction in (0, 1], got ${value}`,
      'Send 98 % as "0.98".',
    );
  }
  if (category === 'gwp' && gas === 'CO2' && compare(decimal, ONE) !== 0) {
    throw problem('NT_ERR_FACTOR_VALUE', index, 'value', 'the GWP of CO2 is 1 by definition', 'Send "1".');
  }

  const units = expectedUnits(category, subject);
  const unit = input.unit;
  if (typeof unit !== 'string' || !units.includes(unit)) {
    throw problem(
      'NT_ERR_FACTOR_UNIT',
      index,
      'unit',
      `${JSON.stringify(unit)} is not the unit of ${category} ${subject}`,
      `Use ${units.map((u) => `"${u}"`).join(' or ')}, converting the value if needed.`,
    );
  }

  const quality = input.quality ?? 'published';
  if (!(QUALITIES as readonly string[]).includes(quality)) {
    throw problem(
      'NT_ERR_FACTOR_FIELD',
      index,
      'quality',
      `unknown quality "${quality}"`,
      `Use one of: ${QUALITIES.join(', ')}.`,
    );
  }

  return {
    category,
    subject,
    gas,
    region,
    year,
    value,
    unit,
    series: text(input.series, index, 'series', 200, true),
    source: text(input.source, index, 'source', 500, true),
    notice: text(input.notice, index, 'notice', 100, false),
    quality: quality as Quality,
    note: text(input.note, index, 'note', 1000, false),
  };
}

import { parseRational } from '../accounting/rational';
import { NengtanError } from '../lib/errors';
import { RULE_KINDS, type AlertRuleInput, type RuleParams } from './ruleTypes';

const DECIMAL = /^\d{1,20}(\.\d{1,10})?$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DRIVER = /^[a-z][a-z0-9_]{0,63}$/;

function invalid(message: string, field: string): never {
  throw new NengtanError('NT_ERR_ALERT_RULE_INVALID', { message, details: { field } });
}

function decimal(value: unknown, field: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !DECIMAL.test(value))
    invalid(`${field} must be a non-negative decimal string`, field);
  return value;
}

function integer(value: unknown, field: string, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    invalid(`${field} must be a whole number from ${min} to ${max}`, field);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, options: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !options.includes(value as T))
    invalid(`${field} must be one of ${options.join(', ')}`, field);
  return value as T;
}

/** Checks a rule's kind, scope and parameters and fills in the defaults; NT_ERR_ALERT_RULE_INVALID names the field. */
export function validateRule(input: AlertRuleInput): { meterIds: string[]; params: RuleParams } {
  const kind = oneOf(input.kind, 'kind', RULE_KINDS);
  const scope = oneOf(input.scope, 'scope', ['meter', 'group', 'organisation'] as const);
  const meterIds = [...new Set(input.meterIds ?? [])];
  if (scope === 'meter' && meterIds.length !== 1)
    invalid('A meter rule names exactly one meter in meterIds', 'meterIds');
  if (scope === 'group' && meterIds.length === 0) invalid('A group rule names its meters in meterIds', 'meterIds');
  if (scope === 'organisation' && meterIds.length > 0)
    invalid('An organisation rule covers every meter; leave meterIds out', 'meterIds');
  const p = input.params ?? {};
  const known: Record<string, string[]> = {
    threshold: ['metric', 'period', 'above'],
    completeness: ['minPercent'],
    zero_run: ['minIntervals'],
    flat_line: ['minIntervals'],
    schedule: ['start', 'end', 'weekdays', 'holidays', 'allowance'],
    anomaly: ['weeks', 'k', 'minDeviation'],
    loss: ['maxPercent'],
    register_check: ['maxPercent', 'minDifference'],
    budget: ['trigger'],
    compliance: ['trigger'],
    total: ['metric', 'period', 'above'],
    intensity: ['metric', 'driver', 'period', 'above'],
  };
  if ((kind === 'budget' || kind === 'compliance') && scope !== 'organisation')
    invalid(`A ${kind} rule watches the whole organisation: use scope organisation`, 'scope');
  if (kind === 'total' && scope === 'meter')
    invalid('A total rule sums a group or the organisation: for one meter use a threshold rule', 'scope');
  for (const key of Object.keys(p)) {
    if (!known[kind].includes(key))
      invalid(`${kind} rules take no parameter "${key}" (they take ${known[kind].join(', ')})`, `params.${key}`);
  }
  switch (kind) {
    case 'threshold': {
      const metric = oneOf(p.metric, 'params.metric', ['energy', 'kgce', 'co2e', 'power'] as const, 'energy');
      const period = oneOf(p.period, 'params.period', ['interval', 'day', 'month'] as const);
      if (metric === 'power' && period !== 'interval')
        invalid('params.period must be interval for metric power (average kW over each interval)', 'params.period');
      return { meterIds, params: { metric, period, above: decimal(p.above, 'params.above') } };
    }
    case 'loss': {
      const maxPercent = decimal(p.maxPercent, 'params.maxPercent', '5');
      if (parseRational(maxPercent).n === 0n) invalid('params.maxPercent must be above zero', 'params.maxPercent');
      return { meterIds, params: { maxPercent } };
    }
    case 'register_check': {
      const maxPercent = decimal(p.maxPercent, 'params.maxPercent', '2');
      if (parseRational(maxPercent).n === 0n) invalid('params.maxPercent must be above zero', 'params.maxPercent');
      return { meterIds, params: { maxPercent, minDifference: decimal(p.minDifference, 'params.minDifference', '0') } };
    }
    case 'budget':
    case 'compliance':
      return {
        meterIds,
        params: { trigger: oneOf(p.trigger, 'params.trigger', ['forecast', 'upper'] as const, 'forecast') },
      };
    case 'total': {
      const metric = oneOf(p.metric, 'params.metric', ['energy', 'kgce', 'co2e'] as const, 'kgce');
      const period = oneOf(p.period, 'params.period', ['day', 'month'] as const);
      return { meterIds, params: { metric, period, above: decimal(p.above, 'params.above') } };
    }
    case 'intensity': {
      const metric = oneOf(p.metric, 'params.metric', ['kgce', 'co2e'] as const, 'kgce');
      if (typeof p.driver !== 'string' || !DRIVER.test(p.driver))
        invalid('params.driver must name a driver series (lower case, e.g. "production")', 'params.driver');
      const period = oneOf(p.period, 'params.period', ['day', 'month'] as const);
      return { meterIds, params: { metric, driver: p.driver, period, above: decimal(p.above, 'params.above') } };
    }
    case 'completeness':
      return { meterIds, params: { minPercent: integer(p.minPercent, 'params.minPercent', 1, 100, 90) } };
    case 'zero_run':
    case 'flat_line':
      return { meterIds, params: { minIntervals: integer(p.minIntervals, 'params.minIntervals', 2, 1440) } };
    case 'schedule': {
      const start =
        typeof p.start === 'string' && HHMM.test(p.start)
          ? p.start
          : invalid('params.start must be HH:MM', 'params.start');
      const end =
        typeof p.end === 'string' && HHMM.test(p.end) ? p.end : invalid('params.end must be HH:MM', 'params.end');
      if (end <= start) invalid('params.end must be after params.start (working hours within one day)', 'params.end');
      const weekdays = p.weekdays ?? [1, 2, 3, 4, 5];
      if (!Array.isArray(weekdays) || weekdays.some((w) => !Number.isInteger(w) || w < 1 || w > 7))
        invalid('params.weekdays must list ISO weekdays 1 (Monday) to 7 (Sunday)', 'params.weekdays');
      const holidays = p.holidays ?? [];
      if (
        !Array.isArray(holidays) ||
        holidays.length > 400 ||
        holidays.some((h) => typeof h !== 'string' || !DATE.test(h))
      )
        invalid('params.holidays must list dates YYYY-MM-DD', 'params.holidays');
      return {
        meterIds,
        params: {
          start,
          end,
          weekdays: [...new Set(weekdays as number[])].sort(),
          holidays: holidays as string[],
          allowance: decimal(p.allowance, 'params.allowance', '0'),
        },
      };
    }
    case 'anomaly': {
      // Defaults from bench:detection (12 weeks, k = 8: precision 0.94 and recall 0.99 on weather-driven loads).
      const k = decimal(p.k, 'params.k', '8');
      if (parseRational(k).n === 0n) invalid('params.k must be above zero', 'params.k');
      return {
        meterIds,
        params: {
          weeks: integer(p.weeks, 'params.weeks', 2, 12, 12),
          k,
          minDeviation: decimal(p.minDeviation, 'params.minDeviation', '0'),
        },
      };
    }
  }
}

import type { FactorSource } from '../accounting/factorSource';
import { sum, type Rational } from '../accounting/rational';
import type { Queryable } from '../db/db';
import { listMeters, type Meter } from '../registry/meters';
import { toRational } from './meterDayData';
import { metricConverter } from './metricConverter';
import type { AlertRule } from './ruleTypes';

/**
 * The meters a total or intensity rule adds up. A group is the rule's own meter list, as named (the codebase has no
 * group entity: baselines and rules each carry their meter list). The organisation is its boundary meters that import
 * energy, the meters inventories count: sub-meters would count their energy twice.
 */
export async function scopeMeters(db: Queryable, orgId: string, rule: AlertRule): Promise<Meter[]> {
  const meters = await listMeters(db, orgId);
  if (rule.scope === 'organisation')
    return meters.filter((m) => m.accountingRole === 'boundary' && m.flow === 'import');
  const named = new Set(rule.meterIds);
  return meters.filter((m) => named.has(m.id));
}

export interface ScopeTotal {
  total: Rational;
  unit: string;
  /** Meters that had data on the days summed. */
  meters: number;
  /** Meters the metric does not apply to (CO2e of water, kgce of a fuel without a coefficient), by external id. */
  leftOut: string[];
  /** The factors used, one per meter that needed one. */
  factors: { meter: string; factorId: string; value: string; unit: string }[];
}

/**
 * The meters' daily rollups (local days) summed over the listed days, converted per meter into the metric (the
 * factor of each day's year). Undefined when energy is asked for meters of different units: no common unit to add.
 */
export async function scopeTotal(
  db: Queryable,
  meters: readonly Meter[],
  metric: 'energy' | 'kgce' | 'co2e',
  days: readonly string[],
  cache: { factors?: FactorSource },
): Promise<ScopeTotal | undefined> {
  if (metric === 'energy' && new Set(meters.map((m) => m.unit)).size > 1) return undefined;
  const { rows } = await db.query<{ meter_id: string; year: number; quantity: string }>(
    `select meter_id, extract(year from day)::int as year, sum(quantity)::text as quantity
     from reading_rollups_daily where meter_id = any ($1::uuid[]) and day = any ($2::date[])
     group by meter_id, extract(year from day) order by meter_id, year`,
    [meters.map((m) => m.id), days],
  );
  const byId = new Map(meters.map((m) => [m.id, m]));
  const parts: Rational[] = [];
  const leftOut = new Set<string>();
  const withData = new Set<string>();
  const factors: ScopeTotal['factors'] = [];
  let unit = metric === 'kgce' ? 'kgce' : metric === 'co2e' ? 'kg CO2e' : (meters[0]?.unit ?? '');
  for (const row of rows) {
    const meter = byId.get(row.meter_id);
    if (!meter) continue;
    const converter = await metricConverter(db, meter, metric, Number(row.year), cache);
    if (!converter) {
      leftOut.add(meter.externalId);
      continue;
    }
    unit = converter.unit;
    withData.add(meter.id);
    parts.push(converter.convert(toRational(row.quantity)));
    if (converter.factor)
      factors.push({
        meter: meter.externalId,
        factorId: converter.factor.factorId,
        value: converter.factor.value,
        unit: converter.factor.unit,
      });
  }
  return { total: sum(parts), unit, meters: withData.size, leftOut: [...leftOut], factors };
}

/** The days of [from, to) (local dates) that carry a value of the driver series, with the values' sum. */
export async function driverDays(
  db: Queryable,
  orgId: string,
  driver: string,
  from: string,
  to: string,
): Promise<{ days: string[]; total: Rational; unit: string | null }> {
  const { rows } = await db.query<{ day: string; value: string; unit: string }>(
    `select to_char(v.day, 'YYYY-MM-DD') as day, v.value::text as value, s.unit
     from driver_values v join driver_series s on s.org_id = v.org_id and s.name = v.name
     where v.org_id = $1::uuid and v.name = $2 and v.day >= $3::date and v.day < $4::date order by v.day`,
    [orgId, driver, from, to],
  );
  return {
    days: rows.map((r) => r.day),
    total: sum(rows.map((r) => toRational(r.value))),
    unit: rows[0]?.unit ?? null,
  };
}

/**
 * Driver values were uploaded or replaced: the days they name are queued for the meters an intensity rule on that
 * driver watches, so its verdict follows the new figures as it follows a revised reading.
 */
export async function queueDriverDays(db: Queryable, orgId: string, driver: string, days: readonly string[]) {
  if (days.length === 0) return;
  await db.query(
    `insert into alert_queue (meter_id, day, org_id)
     select m.id, d.day, m.org_id from meters m cross join unnest($3::date[]) as d(day)
     where m.org_id = $1::uuid and exists (
       select 1 from alert_rules r
       where r.org_id = m.org_id and r.enabled and r.kind = 'intensity' and r.params ->> 'driver' = $2
         and (m.id = any (r.meter_ids)
              or (r.scope = 'organisation' and m.accounting_role = 'boundary' and m.flow = 'import')))
     on conflict (meter_id, day) do nothing`,
    [orgId, driver, [...new Set(days)]],
  );
}

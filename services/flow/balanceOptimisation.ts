import type { Queryable } from '../db/db';
import {
  add,
  compare,
  div,
  exact,
  format,
  mul,
  parseRational,
  rational,
  sub,
  sum,
  ZERO,
  type Rational,
} from '../accounting/rational';
import { avoidedEmissions } from '../measures/avoidedEmissions';
import type { MeasureInput } from '../measures/measureTypes';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { NengtanError } from '../lib/errors';
import type { Meter } from '../registry/meters';
import { meterBuckets, priceOf } from '../tariffs/meterPieces';
import { listTariffs } from '../tariffs/tariffs';
import { tariffSchedule } from '../tariffs/tariffSchedule';
import { energyBalanceModel, type BalanceModel } from './energyBalance';

const HUNDRED = rational(100n);
const YEAR_DAYS = rational(365n);
/** The tolerance for distribution losses when the request names none (per cent of the parent meter). */
export const DEFAULT_LOSS_TOLERANCE_PERCENT = '3';

export type TargetSource = 'request' | 'loss_rule' | 'reference';

/**
 * The tolerance each branch is held to by the organisation's enabled loss alert rules (`kind: loss`, the same share
 * of the parent meter the daily alert judges): the strictest rule covering the meter, by meter id.
 */
async function lossRuleTolerances(db: Queryable, orgId: string, meterIds: string[]): Promise<Map<string, Rational>> {
  const { rows } = await db.query<{ scope: string; meter_ids: string[]; max_percent: string }>(
    `select scope, meter_ids::text[] as meter_ids, params->>'maxPercent' as max_percent from alert_rules
     where org_id = $1::uuid and enabled and kind = 'loss' and params->>'maxPercent' is not null`,
    [orgId],
  );
  const tolerances = new Map<string, Rational>();
  for (const id of meterIds) {
    for (const rule of rows) {
      if (rule.scope !== 'organisation' && !rule.meter_ids.includes(id)) continue;
      const limit = parseRational(rule.max_percent);
      const held = tolerances.get(id);
      if (!held || compare(limit, held) < 0) tolerances.set(id, limit);
    }
  }
  return tolerances;
}

/** Energy a point would save on one meter, with what it is worth. */
export interface SavingLine {
  meter: string;
  meterId: string;
  energyKind: string;
  unit: string;
  quantity: Rational;
  kgce: Rational;
  /** kg CO2e, location-based, by the inventory engine; null when the sites have no boundary readings. */
  co2eLocationKg: Rational | null;
  /** CNY at the meter's average tariff price over the period; null when no tariff prices its energy. */
  costCny: Rational | null;
}

export interface OptimisationPoint {
  kind: 'branch_loss' | 'conversion';
  meter: string;
  meterId: string;
  siteId: string;
  /** Loss share or conversion efficiency now (per cent), and the tolerance or reference it is held to. */
  observedPercent: Rational;
  targetPercent: Rational;
  /** Where the target comes from: the request's tolerance, the meter's loss alert rule, or the unit's reference. */
  targetSource: TargetSource;
  lines: SavingLine[];
  kgce: Rational;
}

function invalid(message: string, details: Record<string, unknown>) {
  return new NengtanError('NT_ERR_ENERGY_BALANCE_PARAMS', { message, details });
}

function tolerance(text: string): Rational {
  let value: Rational | undefined;
  try {
    value = parseRational(text);
  } catch {
    value = undefined;
  }
  if (!value || compare(value, ZERO) < 0 || compare(value, HUNDRED) > 0) {
    throw invalid(`lossTolerancePercent must be a decimal from 0 to 100, got "${text}"`, {
      field: 'lossTolerancePercent',
    });
  }
  return value;
}

/**
 * The points of the balance where energy is lost beyond what is reasonable, each with the energy it would save if
 * brought to its target over the period:
 * - a branch whose losses (parent − sub-meters) exceed the tolerance T % of the parent P saves L − P × T / 100 of the
 *   parent's energy; T is the strictest enabled loss alert rule covering the parent meter, else the request's;
 * - a conversion unit whose efficiency e = output kgce / input kgce is below the reference r the organisation entered
 *   saves, on each input i, q_i × (1 − e / r): the input that would have produced the same output at r.
 * Energy becomes kgce with the balance's coefficients, kg CO2e with the inventory engine (location-based grid factor of
 * the site, or the fuel's combustion factors), and CNY at the meter's average tariff price over the period (energy ×
 * price summed over tariff versions and time-of-use periods, divided by the energy priced). Exact until formatting.
 */
export async function optimisationPoints(
  db: Queryable,
  orgId: string,
  model: BalanceModel,
  lossTolerancePercent: string,
): Promise<OptimisationPoint[]> {
  const t = tolerance(lossTolerancePercent);
  const schedule = tariffSchedule(await listTariffs(db, orgId));
  const line = async (meter: Meter, quantity: Rational): Promise<SavingLine> => {
    // A factor the set lacks (GB/T 32151 gives raw coal no default NCV) leaves CO2e unknown, not the list unanswered.
    const emissions = await avoidedEmissions(db, orgId, {
      meterIds: [meter.id],
      start: model.from,
      end: model.to,
      avoided: exact(quantity),
    }).catch((error: unknown) => {
      if (error instanceof NengtanError) return null;
      throw error;
    });
    const buckets = await meterBuckets(db, meter, model.from, model.to, (day) =>
      schedule(meter.siteId, meter.energyKind, day),
    );
    let priced = ZERO;
    let cost = ZERO;
    for (const b of buckets) {
      const price = priceOf(b);
      if (price === undefined) continue;
      priced = add(priced, b.quantity);
      cost = add(cost, mul(b.quantity, price));
    }
    return {
      meter: meter.externalId,
      meterId: meter.id,
      energyKind: meter.energyKind,
      unit: meter.unit,
      quantity,
      kgce: model.kgceOf(meter, quantity) ?? ZERO,
      co2eLocationKg: emissions && parseRational(emissions.co2eLocationKg),
      costCny: priced.n > 0n ? mul(quantity, div(cost, priced)) : null,
    };
  };

  const points: OptimisationPoint[] = [];
  const ruled = await lossRuleTolerances(
    db,
    orgId,
    model.branches.map((b) => b.meter.id),
  );
  for (const b of model.branches) {
    if (b.quantity.n <= 0n || b.lossKgce === null) continue;
    const share = mul(div(b.loss, b.quantity), HUNDRED);
    const target = ruled.get(b.meter.id) ?? t;
    if (compare(share, target) <= 0) continue;
    const saving = sub(b.loss, div(mul(b.quantity, target), HUNDRED));
    const lines = [await line(b.meter, saving)];
    points.push({
      kind: 'branch_loss',
      meter: b.meter.externalId,
      meterId: b.meter.id,
      siteId: b.meter.siteId,
      observedPercent: share,
      targetPercent: target,
      targetSource: ruled.has(b.meter.id) ? 'loss_rule' : 'request',
      lines,
      kgce: sum(lines.map((l) => l.kgce)),
    });
  }
  for (const u of model.units) {
    if (u.efficiency === null || u.reference === null || compare(u.efficiency, u.reference) >= 0) continue;
    const fraction = sub(rational(1n), div(u.efficiency, u.reference));
    const lines: SavingLine[] = [];
    for (const input of u.inputs) {
      if (input.quantity.n > 0n) lines.push(await line(input.meter, mul(input.quantity, fraction)));
    }
    points.push({
      kind: 'conversion',
      meter: u.output.meter.externalId,
      meterId: u.output.meter.id,
      siteId: u.output.meter.siteId,
      observedPercent: mul(u.efficiency, HUNDRED),
      targetPercent: mul(u.reference, HUNDRED),
      targetSource: 'reference',
      lines,
      kgce: sum(lines.map((l) => l.kgce)),
    });
  }
  // Largest saving first; ties by meter so the order is stable.
  return points.sort((a, b) => compare(b.kgce, a.kgce) || a.meter.localeCompare(b.meter));
}

const text = (q: Rational) => format(q, QUANTITY_SCALE);
const sumOrNull = (xs: (Rational | null)[]) => (xs.some((x) => x === null) ? null : sum(xs as Rational[]));

interface SavingText {
  lines: {
    meter: string;
    energyKind: string;
    unit: string;
    quantity: string;
    kgce: string;
    co2eLocationKg: string | null;
    costCny: string | null;
  }[];
  kgce: string;
  co2eLocationKg: string | null;
  costCny: string | null;
}

export interface Optimisation {
  from: string;
  to: string;
  days: number;
  lossTolerancePercent: string;
  points: {
    rank: number;
    kind: 'branch_loss' | 'conversion';
    meter: string;
    observedPercent: string;
    targetPercent: string;
    targetSource: TargetSource;
    /** Over the period asked for. */
    saving: SavingText;
    /** The period's saving × 365 / days: what a measure expects per year. */
    perYear: SavingText;
    /** A body for POST /v1/measures: the point as a planned measure with its expected yearly saving. */
    measureDraft: MeasureInput;
  }[];
}

/** The ranked points as the API states them: 10^-6 for energy and kgce, CO2e at 10^-3, CNY at 0.01. */
export function formatOptimisation(
  model: BalanceModel,
  lossTolerancePercent: string,
  points: OptimisationPoint[],
): Optimisation {
  const scale = div(YEAR_DAYS, rational(BigInt(model.days)));
  const saving = (p: OptimisationPoint, factor: Rational): SavingText => {
    const lines = p.lines.map((l) => ({
      meter: l.meter,
      energyKind: l.energyKind,
      unit: l.unit,
      quantity: text(mul(l.quantity, factor)),
      kgce: text(mul(l.kgce, factor)),
      co2eLocationKg: l.co2eLocationKg && format(mul(l.co2eLocationKg, factor), 3),
      costCny: l.costCny && format(mul(l.costCny, factor), 2),
    }));
    const co2e = sumOrNull(p.lines.map((l) => l.co2eLocationKg));
    const cost = sumOrNull(p.lines.map((l) => l.costCny));
    return {
      lines,
      kgce: text(mul(p.kgce, factor)),
      co2eLocationKg: co2e && format(mul(co2e, factor), 3),
      costCny: cost && format(mul(cost, factor), 2),
    };
  };
  return {
    from: model.from,
    to: model.to,
    days: model.days,
    lossTolerancePercent,
    points: points.map((p, i) => {
      const perYear = saving(p, scale);
      const target = format(p.targetPercent, 2);
      const single = perYear.lines.length === 1 ? perYear.lines[0] : null;
      return {
        rank: i + 1,
        kind: p.kind,
        meter: p.meter,
        observedPercent: format(p.observedPercent, 2),
        targetPercent: target,
        targetSource: p.targetSource,
        saving: saving(p, rational(1n)),
        perYear,
        measureDraft: {
          title:
            p.kind === 'branch_loss'
              ? `Cut the losses below ${p.meter} to ${target} % 降低${p.meter}支路损耗`
              : `Raise the efficiency of ${p.meter} to ${target} % 提高${p.meter}转换效率`,
          kind: 'other',
          siteId: p.siteId,
          meterIds: p.lines.map((l) => l.meterId),
          expectedEnergy: single && single.quantity,
          expectedKgce: perYear.kgce,
          ipmvpOption: 'B',
        },
      };
    }),
  };
}

/** The balance's ranked optimisation list over [from, to). */
export async function balanceOptimisation(
  db: Queryable,
  orgId: string,
  params: { from: string; to: string; siteId?: string | null; lossTolerancePercent?: string },
): Promise<Optimisation> {
  const tolerancePercent = params.lossTolerancePercent ?? DEFAULT_LOSS_TOLERANCE_PERCENT;
  tolerance(tolerancePercent);
  const model = await energyBalanceModel(db, orgId, params);
  return formatOptimisation(model, tolerancePercent, await optimisationPoints(db, orgId, model, tolerancePercent));
}

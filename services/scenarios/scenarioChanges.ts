import { ENERGY_KINDS, isEnergyKind } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';
import { COMBUSTION_KINDS } from '../accounting/computeInventory';
import { GASEOUS_FUELS, fuelEnergyGj } from '../accounting/formulas';
import type { FactorSource } from '../accounting/factorSource';
import type { InventoryInput, InventoryOptions, MeterActivity } from '../accounting/inventoryTypes';
import {
  add,
  compare,
  div,
  format,
  fromDecimal,
  min,
  mul,
  ONE,
  parseRational,
  rational,
  sub,
  sum,
  ZERO,
  type Rational,
} from '../accounting/rational';

/**
 * The changes a what-if scenario applies to a period's inventory input, each exact (rational arithmetic), each stated
 * in the answer with the assumption it rests on. Percentages and quantities are decimal strings.
 */
export type ScenarioChange =
  | { kind: 'production'; percent: string }
  | { kind: 'efficiency'; percent: string; energyKind?: string; meters?: string[] }
  | { kind: 'fuel_switch'; from: string; to: string; share?: string; energyRatio?: string }
  | { kind: 'pv'; mwh: string }
  | { kind: 'green_power'; mwh: string }
  | {
      kind: 'method';
      factorSetId?: string;
      electricityRegion?: InventoryOptions['electricityRegion'];
      fuelMethod?: InventoryOptions['fuelMethod'];
      gwp?: InventoryOptions['gwp'];
    };

export const SCENARIO_CHANGE_KINDS = [
  'production',
  'efficiency',
  'fuel_switch',
  'pv',
  'green_power',
  'method',
] as const;

const HUNDRED = rational(100n);
/** 1 kWh = 3.6 MJ = 0.0036 GJ. */
const GJ_PER_KWH = rational(36n, 10_000n);

function invalid(message: string, hint: string): NengtanError {
  return new NengtanError('NT_ERR_SCENARIO_INVALID', { message, hint });
}

function percentOf(text: string, what: string): Rational {
  const p = parseRational(text);
  if (compare(p, rational(-100n)) < 0 || compare(p, rational(1000n)) > 0) {
    throw invalid(`${what} of ${text} % is outside -100 … 1000 %`, 'Send a percentage such as "10" or "-5.5".');
  }
  return div(p, HUNDRED);
}

function positive(text: string, what: string): Rational {
  const x = parseRational(text);
  if (compare(x, ZERO) <= 0) throw invalid(`${what} must be above zero (got ${text})`, 'Send a positive decimal.');
  return x;
}

/** Every year of every meter scaled by `factor`. */
function scaled(a: MeterActivity, factor: Rational): MeterActivity {
  return {
    meter: a.meter,
    years: new Map(
      [...a.years].map(([y, v]) => [
        y,
        { quantity: mul(v.quantity, factor), estimated: mul(v.estimated, factor), intervals: v.intervals },
      ]),
    ),
  };
}

const total = (a: MeterActivity) => sum([...a.years.values()].map((v) => v.quantity));

/** Quantity of `to` (in its normalised unit) that delivers `gj` of energy, from the factor set's NCV. */
function quantityDelivering(to: string, gj: Rational, factors: FactorSource): Rational {
  if (to === 'electricity') return div(gj, GJ_PER_KWH);
  if (to === 'heat' || to === 'steam') return gj;
  const ncv = fromDecimal(factors.fuelDefaults(to).ncv.value);
  // NCV per 10^4 Nm3 for gases: the normalised unit is m3.
  return GASEOUS_FUELS.has(to) ? mul(div(gj, ncv), rational(10_000n)) : div(gj, ncv);
}

export interface AppliedScenario {
  input: InventoryInput;
  /** One line per change: what it did, in numbers, and the assumption it rests on. */
  applied: { kind: ScenarioChange['kind']; effect: string; assumption: string }[];
}

/** Applies the changes in order to a copy of the base input; the base is never modified. */
export function applyScenario(base: InventoryInput, changes: ScenarioChange[]): AppliedScenario {
  let input: InventoryInput = { ...base, activity: [...base.activity], claims: [...base.claims] };
  const applied: AppliedScenario['applied'] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'production': {
        const factor = add(ONE, percentOf(change.percent, 'A production change'));
        input = {
          ...input,
          activity: input.activity.map((a) => (a.meter.flow === 'import' ? scaled(a, factor) : a)),
          production: input.production.map((p) => ({ ...p, quantity: mul(p.quantity, factor) })),
        };
        applied.push({
          kind: 'production',
          effect: `production and every imported carrier × ${formatFactor(factor)}`,
          assumption: 'energy use in proportion to production (no fixed base load)',
        });
        break;
      }
      case 'efficiency': {
        const factor = sub(ONE, percentOf(change.percent, 'An efficiency saving'));
        const hit = (a: MeterActivity) =>
          a.meter.flow === 'import' &&
          (change.energyKind === undefined || a.meter.energyKind === change.energyKind) &&
          (change.meters === undefined || change.meters.includes(a.meter.externalId));
        const touched = input.activity.filter(hit);
        if (touched.length === 0) {
          throw invalid(
            'The efficiency measure touches no imported meter of the boundary',
            'Name meters by external id, or an energy kind the boundary imports.',
          );
        }
        input = { ...input, activity: input.activity.map((a) => (hit(a) ? scaled(a, factor) : a)) };
        applied.push({
          kind: 'efficiency',
          effect: `${touched.map((a) => a.meter.externalId).join(', ')} × ${formatFactor(factor)}`,
          assumption: 'the saving applies evenly over the period',
        });
        break;
      }
      case 'fuel_switch': {
        const { from, to } = change;
        if (!COMBUSTION_KINDS.has(from)) {
          throw invalid(`"${from}" is not a fuel that can be switched from`, 'Switch from a combustion fuel.');
        }
        if (!isEnergyKind(to) || to === 'water' || to === from) {
          throw invalid(`"${to}" is not a carrier to switch to`, 'Switch to another fuel, electricity, heat or steam.');
        }
        const share = change.share === undefined ? ONE : percentOf(change.share, 'A switched share');
        const ratio = change.energyRatio === undefined ? ONE : positive(change.energyRatio, 'The energy ratio');
        const sources = input.activity.filter((a) => a.meter.energyKind === from && a.meter.flow === 'import');
        if (sources.length === 0)
          throw invalid(
            `The boundary imports no ${from}`,
            'Choose a fuel the boundary uses (POST /v1/inventories/preview lists its sources).',
          );
        const ncv = input.factors.fuelDefaults(from).ncv;
        const added: MeterActivity[] = sources.map((a) => ({
          meter: {
            ...a.meter,
            id: `scenario:${a.meter.id}:${to}`,
            externalId: `${a.meter.externalId} → ${to}`,
            energyKind: to,
            unit: ENERGY_KINDS[to].unit,
          },
          years: new Map(
            [...a.years].map(([y, v]) => {
              const gj = mul(fuelEnergyGj(from, mul(v.quantity, share), ncv), ratio);
              return [y, { quantity: quantityDelivering(to, gj, input.factors), estimated: ZERO, intervals: 0 }];
            }),
          ),
        }));
        input = {
          ...input,
          activity: [...input.activity.map((a) => (sources.includes(a) ? scaled(a, sub(ONE, share)) : a)), ...added],
        };
        applied.push({
          kind: 'fuel_switch',
          effect: `${formatFactor(share)} of ${from} replaced by ${to} delivering ${formatFactor(ratio)} × its energy`,
          assumption: `energy content from the factor set's net calorific values; electricity at 3.6 MJ/kWh`,
        });
        break;
      }
      case 'pv': {
        const mwh = positive(change.mwh, 'PV generation');
        const grid = input.activity.filter((a) => a.meter.energyKind === 'electricity' && a.meter.flow === 'import');
        const purchased = sum(grid.map(total));
        if (compare(purchased, ZERO) === 0) throw invalid('The boundary buys no electricity', 'PV offsets purchases.');
        const used = min(mul(mwh, rational(1000n)), purchased);
        const factor = sub(ONE, div(used, purchased));
        input = { ...input, activity: input.activity.map((a) => (grid.includes(a) ? scaled(a, factor) : a)) };
        applied.push({
          kind: 'pv',
          effect: `${formatFactor(div(used, rational(1000n)))} MWh of purchased electricity replaced by own PV`,
          assumption: 'all PV generation consumed on site, spread over purchases in proportion; none exported',
        });
        break;
      }
      case 'green_power': {
        const mwh = positive(change.mwh, 'Green power');
        input = {
          ...input,
          claims: [
            ...input.claims,
            {
              ref: `scenario:green_power:${input.claims.length}`,
              source: 'api',
              mwh,
              start: input.period.start,
              end: input.period.end,
              generator: 'scenario',
            },
          ],
        };
        applied.push({
          kind: 'green_power',
          effect: `${change.mwh} MWh of green electricity certificates claimed for the period`,
          assumption: 'market-based Scope 2 only; location-based is unchanged (GHG Protocol Scope 2 Guidance)',
        });
        break;
      }
      case 'method': {
        // The factor set is swapped by the caller (it needs the database); options here.
        input = {
          ...input,
          options: {
            ...input.options,
            ...(change.electricityRegion ? { electricityRegion: change.electricityRegion } : {}),
            ...(change.fuelMethod ? { fuelMethod: change.fuelMethod } : {}),
            ...(change.gwp ? { gwp: change.gwp } : {}),
          },
        };
        applied.push({
          kind: 'method',
          effect: [
            change.factorSetId && `factor set ${change.factorSetId}`,
            change.electricityRegion && `electricity ${change.electricityRegion}`,
            change.fuelMethod && `fuel method ${change.fuelMethod}`,
            change.gwp && `GWP ${change.gwp}`,
          ]
            .filter(Boolean)
            .join(', '),
          assumption: 'same activity, another factor series or method',
        });
        break;
      }
    }
  }
  return { input, applied };
}

/** A factor for the statement of a change: exact to 6 decimals, trailing zeros dropped. */
function formatFactor(x: Rational): string {
  return format(x, 6).replace(/\.?0+$/, '');
}

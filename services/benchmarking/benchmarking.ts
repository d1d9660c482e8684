import type { Queryable } from '../db/db';
import { computeInventory } from '../accounting/computeInventory';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import type { ComputeRequest } from '../accounting/inventories';
import type { InventoryInput } from '../accounting/inventoryTypes';
import { loadInventoryInput } from '../accounting/loadInventoryInput';
import {
  add,
  compare,
  div,
  format,
  mul,
  parseRational,
  rational,
  sub,
  ZERO,
  type Rational,
} from '../accounting/rational';
import { defaultFactorSetFor } from '../accounting/defaultFactorSet';
import { NengtanError } from '../lib/errors';
import { listBenchmarks, type Benchmark, type BenchmarkIndicator } from './benchmarks';

const kg = (x: Rational) => format(x, 3);

/** The same local dates one year earlier (29 February becomes 28 February). */
export function yearEarlier(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const dayOfMonth = m === 2 && d === 29 ? 28 : d;
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

interface Intensities {
  quantity: Rational;
  kgce_per_unit: Rational;
  kgco2e_per_unit: Rational;
}

/** Per product and unit: production in the period and the organisation's (boundary's) energy and CO2e per unit. */
function intensities(input: InventoryInput): Map<string, Intensities & { product: string; unit: string }> {
  const { totals } = computeInventory(input);
  const byProduct = new Map<string, { product: string; unit: string; quantity: Rational }>();
  for (const p of input.production) {
    if (p.start < input.period.start || p.end > input.period.end) continue;
    const key = `${p.product}\u0000${p.unit}`;
    const entry = byProduct.get(key) ?? { product: p.product, unit: p.unit, quantity: ZERO };
    entry.quantity = add(entry.quantity, p.quantity);
    byProduct.set(key, entry);
  }
  return new Map(
    [...byProduct].map(([key, p]) => [
      key,
      {
        ...p,
        kgce_per_unit: div(totals.energyKgce, p.quantity),
        kgco2e_per_unit: div(totals.totalLocation, p.quantity),
      },
    ]),
  );
}

async function inputOrNull(db: Queryable, orgId: string, request: ComputeRequest) {
  const factors = await factorSourceFromSet(
    db,
    orgId,
    request.factorSetId ?? (await defaultFactorSetFor(db, orgId, request)),
  );
  try {
    return await loadInventoryInput(db, orgId, request, factors);
  } catch (error) {
    if (error instanceof NengtanError && error.code === 'NT_ERR_ACCOUNTING_NO_DATA') return null;
    throw error;
  }
}

function against(value: Rational, quantity: Rational, b: Benchmark | undefined) {
  if (!b) return null;
  const advanced = b.advanced === null ? null : parseRational(b.advanced);
  const baseline = b.baseline === null ? null : parseRational(b.baseline);
  const level =
    advanced !== null && compare(value, advanced) <= 0
      ? 'advanced'
      : baseline !== null && compare(value, baseline) > 0
        ? 'above_baseline'
        : baseline !== null
          ? 'within_baseline'
          : 'above_advanced';
  const potential = advanced !== null && compare(value, advanced) > 0 ? mul(sub(value, advanced), quantity) : ZERO;
  return {
    advanced: b.advanced,
    baseline: b.baseline,
    source: b.source,
    level,
    gapToAdvanced: advanced === null ? null : kg(sub(value, advanced)),
    savingPotentialToAdvanced: kg(potential),
  };
}

/**
 * Energy-efficiency benchmarking (能效对标, MIIT function 4, with function 2's 同比): for each product produced in the
 * period, the boundary's energy (kgce, GB/T 2589) and CO2e (location-based) per unit, against the same period a year
 * earlier and against the organisation's benchmark table (标杆 advanced / 基准 baseline levels); the saving potential is
 * what reaching the advanced level would save at this period's production. Exact arithmetic, 3 decimals at the end.
 */
export async function benchmarkProducts(db: Queryable, orgId: string, request: ComputeRequest) {
  const current = await inputOrNull(db, orgId, request);
  if (!current) {
    throw new NengtanError('NT_ERR_ACCOUNTING_NO_DATA', {
      message: `No activity data for ${request.start} – ${request.end}`,
    });
  }
  const previousRequest = { ...request, start: yearEarlier(request.start), end: yearEarlier(request.end) };
  const previousInput = await inputOrNull(db, orgId, previousRequest);
  const now = intensities(current);
  const before = previousInput ? intensities(previousInput) : new Map<string, Intensities>();
  const benchmarks = await listBenchmarks(db, orgId);
  const products = [...now.values()].sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : 0));
  return {
    period: { start: request.start, end: request.end },
    previousPeriod: { start: previousRequest.start, end: previousRequest.end },
    basis:
      "the boundary's whole energy (kgce, exports deducted) and location-based CO2e divided by each product's output; choose the sites (siteIds) that make one product for a per-product figure",
    products: products.map((p) => {
      const prior = before.get(`${p.product}\u0000${p.unit}`);
      const indicators = (['kgce_per_unit', 'kgco2e_per_unit'] as BenchmarkIndicator[]).map((indicator) => {
        const value = p[indicator];
        const was = prior?.[indicator];
        return {
          indicator,
          value: kg(value),
          previous: was ? kg(was) : null,
          changePercent: was && was.n !== 0n ? format(mul(div(sub(value, was), was), rational(100n)), 2) : null,
          benchmark: against(
            value,
            p.quantity,
            benchmarks.find((b) => b.product === p.product && b.unit === p.unit && b.indicator === indicator),
          ),
        };
      });
      return { product: p.product, unit: p.unit, quantity: format(p.quantity, 3), indicators };
    }),
  };
}

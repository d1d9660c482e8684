import type { Queryable } from '../db/db';
import { add, compare, div, format, parseRational, ZERO, type Rational } from '../accounting/rational';
import { listBenchmarks, type Benchmark, type BenchmarkIndicator } from '../benchmarking/benchmarks';
import { memberDocuments } from './memberDocuments';

/** 先进 / 平均 / 落后: at or below the advanced level, between the levels, above the baseline level. */
export type BenchmarkLevel = 'advanced' | 'average' | 'lagging';

const SCALE = 3;

/**
 * Where a value stands against a benchmark (lower is better): advanced at or below the 标杆 level, lagging above the
 * 基准 level, average in between (or on the open side of the only level given). Null without a benchmark.
 */
export function levelAgainst(value: Rational, benchmark: Pick<Benchmark, 'advanced' | 'baseline'> | undefined) {
  if (!benchmark) return null;
  if (benchmark.advanced !== null && compare(value, parseRational(benchmark.advanced)) <= 0) return 'advanced';
  if (benchmark.baseline !== null && compare(value, parseRational(benchmark.baseline)) > 0) return 'lagging';
  return 'average';
}

export interface BenchmarkedMember {
  memberId: string;
  name: string;
  /** By energy per unit, lowest (best) first; ties by CO2e per unit. */
  rank: number;
  quantity: string;
  energyKgce: string;
  co2eKg: string;
  kgcePerUnit: string;
  kgCO2ePerUnit: string;
  kgceLevel: BenchmarkLevel | null;
  co2eLevel: BenchmarkLevel | null;
}

interface Line {
  memberId: string;
  name: string;
  quantity: Rational;
  energy: Rational;
  co2e: Rational;
  kgcePerUnit: Rational;
  kgCO2ePerUnit: Rational;
}

const levels = (b: Benchmark | undefined) =>
  b ? { advanced: b.advanced, baseline: b.baseline, source: b.source } : null;

/**
 * Park benchmarking (园区能效对标): per product (or output value, recorded as a production volume in e.g. 万元), each
 * consenting member's energy (kgce) and location-based CO2e per unit from its own inventory preview (the boundary's
 * totals over its output), ranked, against the park's own benchmark table (POST /v1/benchmarks as the park) and the
 * park's average (members' summed totals over their summed output). Exact, rounded once at three decimals.
 */
export async function parkBenchmarking(db: Queryable, parkId: string, period: { from: string; to: string }) {
  const members = await memberDocuments(db, parkId, period);
  const table = await listBenchmarks(db, parkId);
  const products = new Map<string, { product: string; unit: string; lines: Line[] }>();
  for (const { member, document } of members) {
    for (const line of document?.intensity ?? []) {
      const key = `${line.product}\u0000${line.unit}`;
      const entry = products.get(key) ?? { product: String(line.product), unit: String(line.unit), lines: [] };
      const quantity = parseRational(String(line.quantity));
      if (quantity.n === 0n) continue;
      const energy = parseRational(document?.results.energyKgce ?? '0');
      const co2e = parseRational(document?.results.totalLocationBased ?? '0');
      entry.lines.push({
        memberId: member.id,
        name: member.name,
        quantity,
        energy,
        co2e,
        kgcePerUnit: div(energy, quantity),
        kgCO2ePerUnit: div(co2e, quantity),
      });
      products.set(key, entry);
    }
  }
  const find = (product: string, unit: string, indicator: BenchmarkIndicator) =>
    table.find((b) => b.product === product && b.unit === unit && b.indicator === indicator);
  return {
    period,
    basis:
      "each member's whole boundary energy (kgce, exports deducted) and location-based CO2e from its own inventory preview, over its output of the product in the period; benchmark levels from the park's own table",
    products: [...products.values()]
      .sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : a.unit < b.unit ? -1 : 1))
      .map(({ product, unit, lines }) => {
        const kgce = find(product, unit, 'kgce_per_unit');
        const co2e = find(product, unit, 'kgco2e_per_unit');
        const quantity = lines.reduce((s, l) => add(s, l.quantity), ZERO);
        const energy = lines.reduce((s, l) => add(s, l.energy), ZERO);
        const carbon = lines.reduce((s, l) => add(s, l.co2e), ZERO);
        const ranked = [...lines].sort(
          (a, b) =>
            compare(a.kgcePerUnit, b.kgcePerUnit) ||
            compare(a.kgCO2ePerUnit, b.kgCO2ePerUnit) ||
            (a.name < b.name ? -1 : 1),
        );
        return {
          product,
          unit,
          benchmarks: { kgcePerUnit: levels(kgce), kgCO2ePerUnit: levels(co2e) },
          parkAverage: {
            quantity: format(quantity, SCALE),
            kgcePerUnit: format(div(energy, quantity), SCALE),
            kgCO2ePerUnit: format(div(carbon, quantity), SCALE),
          },
          members: ranked.map((l, i): BenchmarkedMember => ({
            memberId: l.memberId,
            name: l.name,
            rank: i + 1,
            quantity: format(l.quantity, SCALE),
            energyKgce: format(l.energy, SCALE),
            co2eKg: format(l.co2e, SCALE),
            kgcePerUnit: format(l.kgcePerUnit, SCALE),
            kgCO2ePerUnit: format(l.kgCO2ePerUnit, SCALE),
            kgceLevel: levelAgainst(l.kgcePerUnit, kgce),
            co2eLevel: levelAgainst(l.kgCO2ePerUnit, co2e),
          })),
        };
      }),
  };
}

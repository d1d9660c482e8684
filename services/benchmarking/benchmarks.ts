import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';

export type BenchmarkIndicator = 'kgce_per_unit' | 'kgco2e_per_unit';

export interface BenchmarkInput {
  product: string;
  unit: string;
  indicator: BenchmarkIndicator;
  /** 标杆水平: what the best plants achieve. */
  advanced?: string | null;
  /** 基准水平: the most a plant may use. */
  baseline?: string | null;
  source?: string | null;
}

export interface Benchmark extends Required<BenchmarkInput> {
  id: string;
  updatedAt: string;
}

interface Row {
  id: string;
  product: string;
  unit: string;
  indicator: BenchmarkIndicator;
  advanced: string | null;
  baseline: string | null;
  source: string | null;
  updated_at: Date;
}

const COLUMNS = 'id, product, unit, indicator, advanced::text, baseline::text, source, updated_at';
const toBenchmark = (r: Row): Benchmark => ({
  id: r.id,
  product: r.product,
  unit: r.unit,
  indicator: r.indicator,
  advanced: r.advanced,
  baseline: r.baseline,
  source: r.source,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Sets the benchmark of a product and indicator (idempotent: the same product, unit and indicator is replaced). */
export async function setBenchmark(db: Queryable, orgId: string, input: BenchmarkInput): Promise<Benchmark> {
  const advanced = input.advanced ?? null;
  const baseline = input.baseline ?? null;
  if (advanced === null && baseline === null) {
    throw new NengtanError('NT_ERR_BENCHMARK_INVALID', {
      message: 'A benchmark needs an advanced or a baseline level',
    });
  }
  if (advanced !== null && baseline !== null && compare(parseDecimal(advanced), parseDecimal(baseline)) > 0) {
    throw new NengtanError('NT_ERR_BENCHMARK_INVALID', {
      message: `The advanced level ${advanced} is above the baseline level ${baseline}; lower is better`,
    });
  }
  const { rows } = await db.query<Row>(
    `insert into benchmarks (id, org_id, product, unit, indicator, advanced, baseline, source)
     values ($1::uuid, $2::uuid, $3, $4, $5, $6::numeric, $7::numeric, $8)
     on conflict (org_id, product, unit, indicator) do update
       set advanced = excluded.advanced, baseline = excluded.baseline, source = excluded.source, updated_at = now()
     returning ${COLUMNS}`,
    [randomUUID(), orgId, input.product, input.unit, input.indicator, advanced, baseline, input.source ?? null],
  );
  return toBenchmark(rows[0]);
}

export async function listBenchmarks(db: Queryable, orgId: string): Promise<Benchmark[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from benchmarks where org_id = $1::uuid order by product, unit, indicator`,
    [orgId],
  );
  return rows.map(toBenchmark);
}

export async function deleteBenchmark(db: Queryable, orgId: string, id: string): Promise<void> {
  const { rows } = await db.query('delete from benchmarks where id = $1::uuid and org_id = $2::uuid returning id', [
    id,
    orgId,
  ]);
  if (rows.length === 0) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'Benchmark not found' });
}

import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { PG_ERROR, pgErrorCode } from '../db/db';
import { NengtanError } from '../lib/errors';
import { isQuotaProductLine, QUOTA_PRODUCT_LINES, type QuotaProductLine } from './quotaProductLines';

export interface QuotaCorrection {
  name: string;
  factor: string;
}

export interface QuotaRuleInput {
  product: string;
  benchmark: string;
  corrections?: QuotaCorrection[];
  /** The product name of the production volumes that measure this line's output (the line's key when omitted). */
  productionProduct?: string;
  source: string;
}

export interface QuotaRule {
  id: string;
  orgId: string;
  product: QuotaProductLine;
  unit: string;
  version: number;
  /** t CO2 per unit of output, as entered. */
  benchmark: string;
  corrections: QuotaCorrection[];
  productionProduct: string;
  source: string;
  createdAt: string;
  createdByKey: string | null;
  retiredAt: string | null;
  retiredByKey: string | null;
  retiredReason: string | null;
}

interface Row {
  id: string;
  org_id: string;
  product: QuotaProductLine;
  unit: string;
  version: number;
  benchmark: string;
  corrections: QuotaCorrection[];
  production_product: string;
  source: string;
  created_at: string;
  created_by_key: string | null;
  retired_at: string | null;
  retired_by_key: string | null;
  retired_reason: string | null;
}

const COLUMNS = `id, org_id, product, unit, version, benchmark_t_per_unit::text as benchmark, corrections,
  production_product, source, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
  created_by_key, to_char(retired_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as retired_at,
  retired_by_key, retired_reason`;

const toRule = (r: Row): QuotaRule => ({
  id: r.id,
  orgId: r.org_id,
  product: r.product,
  unit: r.unit,
  version: r.version,
  benchmark: r.benchmark,
  corrections: typeof r.corrections === 'string' ? (JSON.parse(r.corrections) as QuotaCorrection[]) : r.corrections,
  productionProduct: r.production_product,
  source: r.source,
  createdAt: r.created_at,
  createdByKey: r.created_by_key,
  retiredAt: r.retired_at,
  retiredByKey: r.retired_by_key,
  retiredReason: r.retired_reason,
});

const BENCHMARK = /^\d{1,12}(\.\d{1,10})?$/;
const FACTOR = /^\d{1,6}(\.\d{1,10})?$/;
const positive = (text: string) => /[1-9]/.test(text);

/** Refuses what the formula cannot use: an unknown line, a benchmark or a factor that is not a positive decimal. */
export function checkQuotaRule(input: QuotaRuleInput): void {
  if (!isQuotaProductLine(input.product)) {
    throw new NengtanError('NT_ERR_QUOTA_PRODUCT_UNKNOWN', {
      message: `Unknown product line "${input.product}"`,
      details: { products: Object.keys(QUOTA_PRODUCT_LINES) },
    });
  }
  if (!BENCHMARK.test(input.benchmark) || !positive(input.benchmark)) {
    throw new NengtanError('NT_ERR_QUOTA_BENCHMARK', {
      message: `benchmark must be a positive decimal in t CO2 per ${QUOTA_PRODUCT_LINES[input.product].unit}, got "${input.benchmark}"`,
    });
  }
  const names = new Set<string>();
  for (const [index, c] of (input.corrections ?? []).entries()) {
    const name = c.name.trim();
    if (name === '' || names.has(name)) {
      throw new NengtanError('NT_ERR_QUOTA_CORRECTION', {
        message: name === '' ? `correction ${index} has no name` : `correction "${name}" appears twice`,
        details: { correctionIndex: index },
      });
    }
    names.add(name);
    if (!FACTOR.test(c.factor) || !positive(c.factor)) {
      throw new NengtanError('NT_ERR_QUOTA_CORRECTION', {
        message: `correction "${name}" must be a positive decimal factor, got "${c.factor}"`,
        details: { correctionIndex: index },
      });
    }
  }
  if (input.source.trim() === '') {
    throw new NengtanError('NT_ERR_QUOTA_RULE_SOURCE', { message: 'source is empty' });
  }
}

/**
 * Puts a rule in force for a product line. The version in force (if any) is retired as superseded in the same
 * transaction, so a line has one rule in force and every earlier version stays readable with who retired it.
 */
export async function createQuotaRule(
  db: Db,
  orgId: string,
  keyId: string | null,
  input: QuotaRuleInput,
): Promise<QuotaRule> {
  checkQuotaRule(input);
  const product = input.product as QuotaProductLine;
  const corrections = (input.corrections ?? []).map((c) => ({ name: c.name.trim(), factor: c.factor }));
  try {
    return await db.transaction(async (tx) => {
      // Serialises two writers of the same line: the second waits here and then numbers its version after the first.
      await tx.query('select id from organisations where id = $1::uuid for update', [orgId]);
      const { rows: last } = await tx.query<{ version: number }>(
        'select coalesce(max(version), 0)::int as version from quota_rules where org_id = $1::uuid and product = $2',
        [orgId, product],
      );
      const version = last[0].version + 1;
      await tx.query(
        `update quota_rules set retired_at = now(), retired_by_key = $3::uuid, retired_reason = $4
         where org_id = $1::uuid and product = $2 and retired_at is null`,
        [orgId, product, keyId, `superseded by version ${version}`],
      );
      const { rows } = await tx.query<Row>(
        `insert into quota_rules (id, org_id, product, unit, version, benchmark_t_per_unit, corrections,
           production_product, source, created_by_key)
         values ($1::uuid, $2::uuid, $3, $4, $5::int, $6::numeric, $7::jsonb, $8, $9, $10::uuid)
         returning ${COLUMNS}`,
        [
          randomUUID(),
          orgId,
          product,
          QUOTA_PRODUCT_LINES[product].unit,
          version,
          input.benchmark,
          JSON.stringify(corrections),
          input.productionProduct?.trim() || product,
          input.source.trim(),
          keyId,
        ],
      );
      return toRule(rows[0]);
    });
  } catch (error) {
    if (pgErrorCode(error) === PG_ERROR.UNIQUE_VIOLATION) {
      throw new NengtanError('NT_ERR_CONFLICT', {
        message: `Another rule for ${product} was written at the same time`,
      });
    }
    throw error;
  }
}

/** The organisation's rules, every version (`inForce` only those in force), by product line and version. */
export async function listQuotaRules(db: Queryable, orgId: string, inForce = false): Promise<QuotaRule[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from quota_rules where org_id = $1::uuid and (not $2::boolean or retired_at is null)
     order by product, version`,
    [orgId, inForce],
  );
  return rows.map(toRule);
}

/** Retires a rule in force (the line is then not estimated until a new rule is entered). */
export async function retireQuotaRule(
  db: Queryable,
  orgId: string,
  keyId: string | null,
  id: string,
  reason: string,
): Promise<QuotaRule> {
  const { rows } = await db.query<Row>(
    `update quota_rules set retired_at = now(), retired_by_key = $3::uuid, retired_reason = $4
     where org_id = $1::uuid and id = $2::uuid and retired_at is null
     returning ${COLUMNS}`,
    [orgId, id, keyId, reason.trim() || 'retired'],
  );
  if (rows[0]) return toRule(rows[0]);
  const { rows: found } = await db.query<{ id: string }>(
    'select id from quota_rules where org_id = $1::uuid and id = $2::uuid',
    [orgId, id],
  );
  if (found.length === 0) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Quota rule ${id} not found` });
  throw new NengtanError('NT_ERR_QUOTA_RULE_RETIRED', { message: `Quota rule ${id} is already retired` });
}

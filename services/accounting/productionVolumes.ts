import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { getSite } from '../registry/sites';
import { checkPeriod } from './loadInventoryInput';

export interface ProductionVolume {
  id: string;
  orgId: string;
  siteId: string | null;
  product: string;
  periodStart: string;
  periodEnd: string;
  quantity: string;
  unit: string;
}

export interface ProductionVolumeInput {
  siteId?: string | null;
  product: string;
  periodStart: string;
  periodEnd: string;
  quantity: string;
  unit: string;
}

interface Row {
  id: string;
  org_id: string;
  site_id: string | null;
  product: string;
  period_start: string;
  period_end: string;
  quantity: string;
  unit: string;
}

const COLUMNS = `id, org_id, site_id, product, to_char(period_start, 'YYYY-MM-DD') as period_start,
  to_char(period_end, 'YYYY-MM-DD') as period_end, quantity::text as quantity, unit`;

const toVolume = (r: Row): ProductionVolume => ({
  id: r.id,
  orgId: r.org_id,
  siteId: r.site_id,
  product: r.product,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  quantity: r.quantity,
  unit: r.unit,
});

/** Records what a site (or the organisation) produced over a period, for intensity and product footprints. */
export async function recordProductionVolume(
  db: Queryable,
  orgId: string,
  input: ProductionVolumeInput,
): Promise<ProductionVolume> {
  checkPeriod(input.periodStart, input.periodEnd);
  let positive = false;
  try {
    positive = compare(parseDecimal(input.quantity), { units: 0n, scale: 0 }) > 0;
  } catch {
    positive = false;
  }
  if (!positive) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `quantity must be a positive decimal, got "${input.quantity}"`,
      hint: 'Send e.g. "1250.5".',
    });
  }
  if (input.siteId && !(await getSite(db, orgId, input.siteId))) {
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Site ${input.siteId} not found` });
  }
  const { rows } = await db.query<Row>(
    `insert into production_volumes (id, org_id, site_id, product, period_start, period_end, quantity, unit)
     values ($1::uuid, $2::uuid, $3::uuid, $4, $5::date, $6::date, $7::numeric, $8)
     returning ${COLUMNS}`,
    [
      randomUUID(),
      orgId,
      input.siteId ?? null,
      input.product,
      input.periodStart,
      input.periodEnd,
      input.quantity,
      input.unit,
    ],
  );
  return toVolume(rows[0]);
}

export async function listProductionVolumes(db: Queryable, orgId: string): Promise<ProductionVolume[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from production_volumes where org_id = $1::uuid order by period_start, product`,
    [orgId],
  );
  return rows.map(toVolume);
}

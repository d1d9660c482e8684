import { toHex } from '../lib/hex';
import type { FactorCategory, Quality } from './factorCategories';
import type { Factor, FactorSet } from './types';

/** Columns of emission_factors as `toFactor` reads them; `value::text` keeps the published scale ("19.570"). */
export const FACTOR_COLUMNS = `f.id, f.factor_set_id, f.category, f.subject, f.gas, f.region, f.year,
  f.value::text as value, f.unit, f.series, f.source, f.notice, f.quality, f.note`;

export interface FactorRow {
  id: string;
  factor_set_id: string;
  category: FactorCategory;
  subject: string;
  gas: string | null;
  region: string;
  year: number | null;
  value: string;
  unit: string;
  series: string;
  source: string;
  notice: string | null;
  quality: Quality;
  note: string | null;
}

export const toFactor = (r: FactorRow): Factor => ({
  id: r.id,
  factorSetId: r.factor_set_id,
  category: r.category,
  subject: r.subject,
  gas: r.gas,
  region: r.region,
  year: r.year,
  value: r.value,
  unit: r.unit,
  series: r.series,
  source: r.source,
  notice: r.notice,
  quality: r.quality,
  note: r.note,
});

export const FACTOR_SET_COLUMNS =
  's.id, s.org_id, s.name, s.version, s.based_on, s.description, s.content_hash, s.frozen_at, s.created_at';

export interface FactorSetRow {
  id: string;
  org_id: string | null;
  name: string;
  version: number;
  based_on: string | null;
  description: string | null;
  content_hash: Uint8Array | null;
  frozen_at: Date | null;
  created_at: Date;
}

export const toFactorSet = (r: FactorSetRow): FactorSet => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  version: r.version,
  basedOn: r.based_on,
  description: r.description,
  contentHash: r.content_hash === null ? null : toHex(r.content_hash),
  frozenAt: r.frozen_at,
  createdAt: r.created_at,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a set or factor id; anything else names nothing (and must not reach a ::uuid cast). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

import type { FactorCategory, Quality } from './factorCategories';

/** One emission factor (or conversion coefficient) of a factor set, with where it comes from. */
export interface Factor {
  id: string;
  factorSetId: string;
  category: FactorCategory;
  subject: string;
  /** The gas of a GWP; null for every other category. */
  gas: string | null;
  region: string;
  /** Data year (vintage) of a grid electricity factor; null when undated. */
  year: number | null;
  /** The value as a decimal string, exactly as published (scale kept: "19.570"). */
  value: string;
  unit: string;
  series: string;
  source: string;
  notice: string | null;
  quality: Quality;
  note: string | null;
}

/** The identity of a factor within a set: a set holds one factor per key, and an own factor overrides its base's. */
export type FactorKey = Pick<Factor, 'category' | 'subject' | 'gas' | 'region' | 'year'>;

export interface FactorSet {
  id: string;
  /** Null for public sets, which every organisation sees. */
  orgId: string | null;
  name: string;
  version: number;
  basedOn: string | null;
  description: string | null;
  /** `0x` hex sha256 of the canonical listing of the resolved factors; set when frozen. */
  contentHash: string | null;
  frozenAt: Date | null;
  createdAt: Date;
}

/** A factor as sent by an organisation adding it to its own set. */
export interface FactorInput {
  category: string;
  subject: string;
  gas?: string | null;
  region?: string;
  year?: number | null;
  /** A plain decimal string; numbers are refused so that no value ever passes through binary floating point. */
  value: string;
  unit: string;
  series: string;
  source: string;
  notice?: string | null;
  quality?: string;
  note?: string | null;
}

/** The effective content of a set: its own factors merged over its base's (recursively), sorted by key. */
export interface ResolvedFactorSet {
  set: FactorSet;
  /** The sets whose factors make up the listing, this one first, then its base, its base's base, ... */
  chain: string[];
  factors: Factor[];
  /** sha256 of the canonical listing; equal to `set.contentHash` when the set is frozen. */
  contentHash: string;
  frozen: boolean;
}

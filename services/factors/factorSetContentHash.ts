import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonicalJson';
import { toHex } from '../lib/hex';
import { compareFactorKeys } from './factorKey';
import type { Factor } from './types';

/** What a factor contributes to its set's content: everything but its row id and the set it is stored in. */
export type ListedFactor = Omit<Factor, 'id' | 'factorSetId'>;

/**
 * The canonical listing of a resolved set: every effective factor, sorted by key, with its value as the exact decimal
 * string stored. Row ids and set ids are left out, so the listing says what the factors are, not where they are kept:
 * two sets with the same effective factors have the same listing and hash.
 */
export function canonicalFactorListing(factors: readonly Factor[]): ListedFactor[] {
  return [...factors].sort(compareFactorKeys).map((f) => ({
    category: f.category,
    subject: f.subject,
    gas: f.gas,
    region: f.region,
    year: f.year,
    value: f.value,
    unit: f.unit,
    series: f.series,
    source: f.source,
    notice: f.notice,
    quality: f.quality,
    note: f.note,
  }));
}

/** `0x` hex sha256 of the RFC 8785 canonical JSON (UTF-8) of the canonical listing of `factors`. */
export function factorSetContentHash(factors: readonly Factor[]): string {
  const json = canonicalJson(canonicalFactorListing(factors));
  return toHex(createHash('sha256').update(json, 'utf8').digest());
}

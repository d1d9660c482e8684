import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { chainCertificateClaims } from './chainCertificateClaims';
import { checkPeriod } from './loadInventoryInput';

export interface CertificateClaim {
  id: string;
  orgId: string;
  source: 'api' | 'chain';
  certificateRef: string;
  mwh: string;
  consumptionStart: string;
  consumptionEnd: string;
  region: string | null;
  generator: string | null;
  technology: string | null;
  createdAt: Date;
}

export interface CertificateClaimInput {
  certificateRef: string;
  mwh: string;
  consumptionStart: string;
  consumptionEnd: string;
  region?: string | null;
  generator?: string | null;
  technology?: string | null;
}

interface Row {
  id: string;
  org_id: string;
  source: 'api' | 'chain';
  certificate_ref: string;
  mwh: string;
  consumption_start: string;
  consumption_end: string;
  region: string | null;
  generator: string | null;
  technology: string | null;
  created_at: Date;
}

const COLUMNS = `id, org_id, source, certificate_ref, mwh::text as mwh, to_char(consumption_start, 'YYYY-MM-DD') as consumption_start,
  to_char(consumption_end, 'YYYY-MM-DD') as consumption_end, region, generator, technology, created_at`;

const toClaim = (r: Row): CertificateClaim => ({
  id: r.id,
  orgId: r.org_id,
  source: r.source,
  certificateRef: r.certificate_ref,
  mwh: r.mwh,
  consumptionStart: r.consumption_start,
  consumptionEnd: r.consumption_end,
  region: r.region,
  generator: r.generator,
  technology: r.technology,
  createdAt: r.created_at,
});

/**
 * Records green-electricity certificates claimed (retired) for the organisation and a consumption period; they lower
 * its market-based Scope 2. A certificate can be claimed once: a second claim of the same reference is refused.
 */
export async function recordCertificateClaim(
  db: Queryable,
  orgId: string,
  input: CertificateClaimInput,
  source: 'api' | 'chain' = 'api',
): Promise<CertificateClaim> {
  checkPeriod(input.consumptionStart, input.consumptionEnd);
  let positive = false;
  try {
    positive = compare(parseDecimal(input.mwh), { units: 0n, scale: 0 }) > 0;
  } catch {
    positive = false;
  }
  if (!positive) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `mwh must be a positive decimal, got "${input.mwh}"`,
      hint: '1 certificate = 1 MWh; send e.g. "120".',
    });
  }
  const { rows } = await db.query<Row>(
    `insert into certificate_claims (id, org_id, source, certificate_ref, mwh, consumption_start, consumption_end, region, generator, technology)
     values ($1::uuid, $2::uuid, $3, $4, $5::numeric, $6::date, $7::date, $8, $9, $10)
     on conflict (source, certificate_ref) do nothing
     returning ${COLUMNS}`,
    [
      randomUUID(),
      orgId,
      source,
      input.certificateRef,
      input.mwh,
      input.consumptionStart,
      input.consumptionEnd,
      input.region ?? null,
      input.generator ?? null,
      input.technology ?? null,
    ],
  );
  if (!rows[0]) {
    throw new NengtanError('NT_ERR_CONFLICT', {
      message: `Certificate ${input.certificateRef} is already claimed`,
      hint: 'A certificate is claimed once; a claimed certificate can never be claimed again.',
    });
  }
  return toClaim(rows[0]);
}

export async function listCertificateClaims(db: Queryable, orgId: string): Promise<CertificateClaim[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from certificate_claims where org_id = $1::uuid order by consumption_start, certificate_ref`,
    [orgId],
  );
  const { rows: sites } = await db.query<{ time_zone: string }>(
    'select time_zone from sites where org_id = $1::uuid order by id limit 1',
    [orgId],
  );
  const onChain = await chainCertificateClaims(db, orgId, sites[0]?.time_zone ?? 'Asia/Shanghai');
  return [
    ...rows.map(toClaim),
    ...onChain.map((c): CertificateClaim => ({
      id: `chain:${c.claimId}`,
      orgId,
      source: 'chain',
      certificateRef: c.ref,
      mwh: c.mwh,
      consumptionStart: c.start,
      consumptionEnd: c.end,
      region: c.region,
      generator: c.generator,
      technology: c.technology,
      createdAt: c.claimedAt,
    })),
  ].sort(
    (a, b) => a.consumptionStart.localeCompare(b.consumptionStart) || a.certificateRef.localeCompare(b.certificateRef),
  );
}

import { decodeBytes32String } from 'ethers';
import type { Queryable } from '../db/db';

/** A green certificate claimed on chain for an organisation, as the indexer mirrored its `CertificateClaimed` event. */
export interface ChainCertificateClaim {
  claimId: string;
  ref: string;
  mwh: string;
  /** Consumption period as local days, the end exclusive and rounded up so the claim's whole period is covered. */
  start: string;
  end: string;
  generator: string;
  technology: string;
  region: string;
  claimedAt: Date;
}

interface Row {
  claim_id: string;
  ref: string;
  mwh: string;
  start: string;
  end: string;
  device_id: string;
  technology: string;
  region: string;
  claimed_at: Date;
}

/** Text a contract stored as a bytes32 short string (technology, region); the hex itself when it is not one. */
function shortText(hex: string): string {
  try {
    return decodeBytes32String(hex);
  } catch {
    return hex;
  }
}

/**
 * The certificates claimed on chain for `orgId` as beneficiary, consumption seconds turned into local days of
 * `timeZone`; only those overlapping `period` when given.
 */
export async function chainCertificateClaims(
  db: Queryable,
  orgId: string,
  timeZone: string,
  period?: { start: string; end: string },
): Promise<ChainCertificateClaim[]> {
  const { rows } = await db.query<Row>(
    `select * from (
       select e.args->>'claimId' as claim_id,
         'GreenCertificate claim #' || (e.args->>'claimId') || ' of certificate #' || (e.args->>'certificateId') as ref,
         (e.args->'claim'->>'amount') as mwh,
         to_char(to_timestamp((e.args->'claim'->>'consumptionStart')::bigint) at time zone $2, 'YYYY-MM-DD') as start,
         to_char(date((to_timestamp((e.args->'claim'->>'consumptionEnd')::bigint) at time zone $2) - interval '1 second')
           + 1, 'YYYY-MM-DD') as "end",
         e.args->>'deviceId' as device_id, e.args->>'technology' as technology, e.args->>'region' as region,
         to_timestamp((e.args->'claim'->>'claimedAt')::bigint) as claimed_at
       from chain_events e join organisations o on o.id = $1::uuid
       where e.contract = 'GreenCertificate' and e.event = 'CertificateClaimed'
         and e.args->>'beneficiaryOrgId' = '0x' || encode(o.chain_id, 'hex')) c
     where ($3::date is null or c.start::date < $4::date and c."end"::date > $3::date)
     order by c.start, c.claim_id::numeric`,
    [orgId, timeZone, period?.start ?? null, period?.end ?? null],
  );
  return rows.map((r) => ({
    claimId: r.claim_id,
    ref: r.ref,
    mwh: r.mwh,
    start: r.start,
    end: r.end,
    generator: `device ${r.device_id}`,
    technology: shortText(r.technology),
    region: shortText(r.region),
    claimedAt: r.claimed_at,
  }));
}

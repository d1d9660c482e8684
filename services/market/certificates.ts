import { decodeBytes32String, encodeBytes32String, id as keccakText } from 'ethers';
import { eventInReceipt } from '../custody/eventInReceipt';
import { NengtanError } from '../lib/errors';
import { getOrganisation } from '../registry/organisations';
import { actedAnswer, actorOf } from '../custody/actAs';
import { localMidnight } from '../notarization/notarizeInventory';
import { MARKET_TIME_ZONE, type MarketDeps } from './allowances';
import { confirmClaim, type ClaimCall } from './confirmClaim';
import { accountOf, marketContracts } from './marketContracts';

function shortCode(value: string, field: string): string {
  if (!/^[\x20-\x7e]{1,31}$/.test(value)) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', { message: `${field} must be 1-31 printable ASCII characters` });
  }
  return encodeBytes32String(value);
}

/** The bytes32 id of a generation device from its registry reference (e.g. the national GEC device number). */
export function deviceIdOf(reference: string): string {
  return keccakText(`device:${reference}`);
}

/** Registers a generation device owned by an organisation (certificate issuer). */
export async function registerDevice(
  deps: MarketDeps,
  issuerOrgId: string,
  input: { reference: string; ownerOrgId: string; technology: string; region: string; capacityKw: number },
) {
  const owner = await getOrganisation(deps.db, input.ownerOrgId);
  if (!owner) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No owner organisation with that id' });
  const issuer = await actorOf(deps, issuerOrgId);
  const deviceId = deviceIdOf(input.reference);
  const acted = await issuer.send(marketContracts(deps.chain).certificates, 'registerDevice', [
    deviceId,
    owner.chainId,
    shortCode(input.technology, 'technology'),
    shortCode(input.region, 'region'),
    input.capacityKw,
  ]);
  return { deviceId, ...input, ...actedAnswer(acted) };
}

/** Issues certificates (1 = 1 MWh) for a device and a generation period of local days to its owner (issuer). */
export async function issueCertificates(
  deps: MarketDeps,
  issuerOrgId: string,
  input: { deviceReference: string; generationStart: string; generationEnd: string; mwh: number; evidence: string },
) {
  const { certificates } = marketContracts(deps.chain);
  const deviceId = deviceIdOf(input.deviceReference);
  const device = await certificates.device(deviceId);
  const { rows } = await deps.db.query<{ id: string }>('select id from organisations where chain_id = $1', [
    Buffer.from(device.ownerOrgId.slice(2), 'hex'),
  ]);
  if (!rows[0]) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'The device owner is not known here' });
  const issuer = await actorOf(deps, issuerOrgId);
  const acted = await issuer.send(certificates, 'issue', [
    deviceId,
    await accountOf(deps.db, rows[0].id),
    localMidnight(input.generationStart, MARKET_TIME_ZONE),
    localMidnight(input.generationEnd, MARKET_TIME_ZONE),
    input.mwh,
    keccakText(input.evidence),
    '',
  ]);
  const issued = acted.status === 'mined' ? eventInReceipt(acted.receipt, certificates, 'CertificateIssued') : null;
  return { certificateId: issued ? issued.args.id.toString() : null, deviceId, ...input, ...actedAnswer(acted) };
}

/**
 * Claims (retires) certificates held by the caller for a beneficiary organisation and a consumption period of local
 * days: the units are burnt, and the claim, once indexed, lowers the beneficiary's market-based Scope 2. A holder that
 * signs itself gets the transaction to send (`awaiting-signature`) and confirms it by asking again with the same claim
 * and the transaction's hash.
 */
export async function claimCertificates(
  deps: MarketDeps,
  orgId: string,
  {
    txHash,
    ...input
  }: {
    certificateId: string;
    mwh: number;
    beneficiaryOrgId?: string;
    consumptionStart: string;
    consumptionEnd: string;
    location: string;
    txHash?: string;
  },
) {
  const beneficiary = await getOrganisation(deps.db, input.beneficiaryOrgId ?? orgId);
  if (!beneficiary) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No beneficiary organisation with that id' });
  const call: ClaimCall = {
    certificateId: BigInt(input.certificateId),
    amount: input.mwh,
    beneficiaryOrgId: beneficiary.chainId,
    consumptionStart: localMidnight(input.consumptionStart, MARKET_TIME_ZONE),
    consumptionEnd: localMidnight(input.consumptionEnd, MARKET_TIME_ZONE),
    location: shortCode(input.location, 'location'),
  };
  if (txHash) {
    const claimant = await getOrganisation(deps.db, orgId);
    if (!claimant) throw new NengtanError('NT_ERR_NOT_FOUND', { message: 'No organisation with that id' });
    const confirmed = await confirmClaim(deps, claimant, call, txHash);
    return { beneficiaryOrgId: beneficiary.id, ...input, ...confirmed };
  }
  const holder = await actorOf(deps, orgId);
  const { certificates } = marketContracts(deps.chain);
  const acted = await holder.send(certificates, 'claim', [
    call.certificateId,
    call.amount,
    call.beneficiaryOrgId,
    call.consumptionStart,
    call.consumptionEnd,
    call.location,
  ]);
  const claimed = acted.status === 'mined' ? eventInReceipt(acted.receipt, certificates, 'CertificateClaimed') : null;
  return {
    claimId: claimed ? claimed.args.claimId.toString() : null,
    beneficiaryOrgId: beneficiary.id,
    ...input,
    ...actedAnswer(acted),
  };
}

/** Revokes (burns) unclaimed certificates held by an organisation, with a reason (the issuer of the device). */
export async function revokeCertificates(
  deps: MarketDeps,
  issuerOrgId: string,
  input: { certificateId: string; holderOrgId: string; mwh: number; reason: string },
) {
  const issuer = await actorOf(deps, issuerOrgId);
  const acted = await issuer.send(marketContracts(deps.chain).certificates, 'revoke', [
    BigInt(input.certificateId),
    await accountOf(deps.db, input.holderOrgId),
    input.mwh,
    input.reason,
  ]);
  return { ...input, ...actedAnswer(acted) };
}

/** Devices registered on chain, as the indexer mirrored them, with their owner organisation when known here. */
export async function listDevices(deps: Pick<MarketDeps, 'db'>) {
  const { rows } = await deps.db.query<{
    device_id: string;
    owner_chain_id: string;
    owner_id: string | null;
    owner_name: string | null;
    technology: string;
    region: string;
    capacity_kw: string;
    block_time: Date;
  }>(
    `select e.args->>'deviceId' as device_id, e.args->>'ownerOrgId' as owner_chain_id, o.id as owner_id,
       o.name as owner_name, e.args->>'technology' as technology, e.args->>'region' as region,
       e.args->>'capacityKw' as capacity_kw, e.block_time
     from chain_events e left join organisations o on '0x' || encode(o.chain_id, 'hex') = e.args->>'ownerOrgId'
     where e.contract = 'GreenCertificate' and e.event = 'DeviceRegistered'
     order by e.block_number, e.log_index`,
  );
  return rows.map((r) => ({
    deviceId: r.device_id,
    owner: { chainId: r.owner_chain_id, id: r.owner_id, name: r.owner_name },
    technology: decodeBytes32String(r.technology),
    region: decodeBytes32String(r.region),
    capacityKw: Number(r.capacity_kw),
    registeredAt: new Date(r.block_time).toISOString(),
  }));
}

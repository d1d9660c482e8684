import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { getMeterByReference, type Meter } from '../registry/meters';

export interface RegisterPairing {
  meterId: string;
  registerMeterId: string | null;
}

async function meterOrRefuse(db: Queryable, orgId: string, ref: string, what: string): Promise<Meter> {
  const meter = await getMeterByReference(db, orgId, ref);
  // Another organisation's meter is not found, like one that does not exist: its existence is not disclosed.
  if (!meter) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `${what} ${ref} not found` });
  return meter;
}

const refuse = (message: string, details: Record<string, unknown>): never => {
  throw new NengtanError('NT_ERR_METER_PAIRING', { message, details });
};

/**
 * Pairs an interval channel with the cumulative register of the same flow, so register_check rules can compare their
 * days. Only interval meters carry a pairing and only cumulative meters are named by one, so no pairing can chain.
 */
export async function pairRegister(
  db: Queryable,
  orgId: string,
  ref: string,
  registerRef: string,
): Promise<RegisterPairing> {
  const meter = await meterOrRefuse(db, orgId, ref, 'Meter');
  const register = await meterOrRefuse(db, orgId, registerRef, 'Register meter');
  if (meter.registerType !== 'interval')
    refuse(`${meter.externalId} is a ${meter.registerType} meter: only an interval channel is paired with a register`, {
      field: 'id',
      registerType: meter.registerType,
    });
  if (register.registerType !== 'cumulative')
    refuse(`${register.externalId} is an ${register.registerType} meter: the paired register must be cumulative`, {
      field: 'registerMeterId',
      registerType: register.registerType,
    });
  if (register.energyKind !== meter.energyKind || register.unit !== meter.unit)
    refuse(
      `${meter.externalId} measures ${meter.energyKind} in ${meter.unit}, ${register.externalId} ${register.energyKind} in ${register.unit}`,
      { field: 'registerMeterId', energyKind: register.energyKind, unit: register.unit },
    );
  await db.query('update meters set paired_register_meter_id = $2::uuid where id = $1::uuid', [meter.id, register.id]);
  return { meterId: meter.id, registerMeterId: register.id };
}

/** Removes a meter's pairing (a no-op when it has none); its register_check rules then skip it. */
export async function unpairRegister(db: Queryable, orgId: string, ref: string): Promise<RegisterPairing> {
  const meter = await meterOrRefuse(db, orgId, ref, 'Meter');
  await db.query('update meters set paired_register_meter_id = null where id = $1::uuid', [meter.id]);
  return { meterId: meter.id, registerMeterId: null };
}

/** A meter's pairing as the API shows it (registerMeterId null when it has none). */
export async function getRegisterPairing(db: Queryable, orgId: string, ref: string): Promise<RegisterPairing> {
  const meter = await meterOrRefuse(db, orgId, ref, 'Meter');
  return { meterId: meter.id, registerMeterId: await pairedRegisterOf(db, orgId, meter.id) };
}

/** The register meter an interval channel is paired with, or null. */
export async function pairedRegisterOf(db: Queryable, orgId: string, meterId: string): Promise<string | null> {
  const { rows } = await db.query<{ paired_register_meter_id: string | null }>(
    'select paired_register_meter_id from meters where org_id = $1::uuid and id = $2::uuid',
    [orgId, meterId],
  );
  return rows[0]?.paired_register_meter_id ?? null;
}

import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { getMeterByReference, type Meter } from '../registry/meters';

export interface MeterPlace {
  meterId: string;
  parentMeterId: string | null;
  endUse: string | null;
}

/** Every meter's place in the organisation's flow, by meter id. */
export async function listMeterPlaces(db: Queryable, orgId: string): Promise<Map<string, MeterPlace>> {
  const { rows } = await db.query<{ id: string; parent_meter_id: string | null; end_use: string | null }>(
    'select id, parent_meter_id, end_use from meters where org_id = $1::uuid',
    [orgId],
  );
  return new Map(rows.map((r) => [r.id, { meterId: r.id, parentMeterId: r.parent_meter_id, endUse: r.end_use }]));
}

async function meterOrRefuse(db: Queryable, orgId: string, ref: string, what: string): Promise<Meter> {
  const meter = await getMeterByReference(db, orgId, ref);
  if (!meter) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `${what} ${ref} not found` });
  return meter;
}

/**
 * Places a meter under a parent meter (or at the top with `parent` null) and names its end use. The parent must be
 * another meter of the same organisation and energy kind, and not below the meter itself (no cycles).
 */
export async function placeMeter(
  db: Queryable,
  orgId: string,
  ref: string,
  input: { parent: string | null; endUse: string | null },
): Promise<MeterPlace> {
  const meter = await meterOrRefuse(db, orgId, ref, 'Meter');
  let parentId: string | null = null;
  if (input.parent !== null) {
    const parent = await meterOrRefuse(db, orgId, input.parent, 'Parent meter');
    if (parent.energyKind !== meter.energyKind)
      throw new NengtanError('NT_ERR_METER_TOPOLOGY', {
        message: `A ${meter.energyKind} meter cannot be a sub-meter of a ${parent.energyKind} meter`,
      });
    const places = await listMeterPlaces(db, orgId);
    for (let at: string | null = parent.id; at !== null; at = places.get(at)?.parentMeterId ?? null) {
      if (at === meter.id)
        throw new NengtanError('NT_ERR_METER_TOPOLOGY', {
          message:
            parent.id === meter.id
              ? 'A meter cannot be its own parent'
              : `${parent.externalId} is below ${meter.externalId}: placing it there would make a cycle`,
        });
    }
    parentId = parent.id;
  }
  await db.query('update meters set parent_meter_id = $2::uuid, end_use = $3 where id = $1::uuid', [
    meter.id,
    parentId,
    input.endUse,
  ]);
  return { meterId: meter.id, parentMeterId: parentId, endUse: input.endUse };
}

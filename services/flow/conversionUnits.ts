import type { Queryable } from '../db/db';
import { compare, parseDecimal } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { getMeter, getMeterByReference, type Meter } from '../registry/meters';

/**
 * A conversion unit (加工转换设备: boiler, generator, heat pump): the meter of what it produces and the meters of what
 * it consumes. Its efficiency over a period is output kgce / input kgce (GB/T 3484 energy balance).
 */
export interface ConversionUnit {
  outputMeterId: string;
  outputMeter: string;
  name: string | null;
  inputs: { meterId: string; meter: string }[];
  /** Per cent, a decimal string; null when the organisation has not entered one. */
  referenceEfficiencyPercent: string | null;
  changedAt: string;
  changedBy: string;
}

export interface ConversionUnitInput {
  /** External ids or UUIDs of the meters of the energy the unit consumes. */
  inputs: string[];
  name?: string | null;
  referenceEfficiencyPercent?: string | null;
}

function invalid(message: string, details: Record<string, unknown>): NengtanError {
  return new NengtanError('NT_ERR_CONVERSION_UNIT', { message, details });
}

async function ownMeter(db: Queryable, orgId: string, ref: string, what: string): Promise<Meter> {
  const meter = await getMeterByReference(db, orgId, ref);
  if (!meter) {
    throw new NengtanError('NT_ERR_CONVERSION_METER_NOT_FOUND', {
      message: `${what} ${ref} not found`,
      details: { ref },
    });
  }
  return meter;
}

function checkedPercent(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  let ok = false;
  try {
    const value = parseDecimal(text);
    ok = compare(value, parseDecimal('0')) > 0 && compare(value, parseDecimal('1000')) <= 0;
  } catch {
    ok = false;
  }
  if (!ok) {
    throw invalid(`referenceEfficiencyPercent must be a decimal above 0 and at most 1000, got "${text}"`, {
      field: 'referenceEfficiencyPercent',
    });
  }
  return text;
}

interface Row {
  output_meter_id: string;
  output_external_id: string;
  name: string | null;
  reference_efficiency_percent: string | null;
  changed_at: Date;
  changed_by: string;
  inputs: { meterId: string; meter: string }[] | string;
}

const SELECT = `select u.output_meter_id, m.external_id as output_external_id, u.name,
    u.reference_efficiency_percent::text as reference_efficiency_percent, u.changed_at, u.changed_by,
    coalesce((select json_agg(json_build_object('meterId', i.input_meter_id, 'meter', im.external_id)
                order by im.external_id)
              from conversion_unit_inputs i join meters im on im.id = i.input_meter_id
              where i.output_meter_id = u.output_meter_id), '[]'::json) as inputs
  from conversion_units u join meters m on m.id = u.output_meter_id`;

const toUnit = (r: Row): ConversionUnit => ({
  outputMeterId: r.output_meter_id,
  outputMeter: r.output_external_id,
  name: r.name,
  inputs: typeof r.inputs === 'string' ? JSON.parse(r.inputs) : r.inputs,
  referenceEfficiencyPercent: r.reference_efficiency_percent,
  changedAt: new Date(r.changed_at).toISOString(),
  changedBy: r.changed_by,
});

/** The organisation's conversion units, by output meter. */
export async function listConversionUnits(db: Queryable, orgId: string): Promise<ConversionUnit[]> {
  const { rows } = await db.query<Row>(`${SELECT} where u.org_id = $1::uuid order by m.external_id`, [orgId]);
  return rows.map(toUnit);
}

/**
 * Marks a meter as the output of a conversion unit with the meters it consumes, replacing any earlier marking. Inputs
 * are meters of the same organisation (others are not found, never revealed), of another energy kind than the output
 * (same-kind transfer is distribution: PUT /v1/meters/{id}/place), and not downstream of the output through other
 * units: a unit whose steam feeds a unit whose output feeds it back would count the same energy twice.
 */
export async function setConversionUnit(
  db: Queryable,
  orgId: string,
  keyId: string,
  ref: string,
  input: ConversionUnitInput,
): Promise<ConversionUnit> {
  const output = await ownMeter(db, orgId, ref, 'Output meter');
  const reference = checkedPercent(input.referenceEfficiencyPercent);
  const inputs: Meter[] = [];
  for (const inputRef of input.inputs) {
    const meter = await ownMeter(db, orgId, inputRef, 'Input meter');
    if (meter.id === output.id) {
      throw invalid(`${output.externalId} cannot be an input of its own conversion unit`, { input: inputRef });
    }
    if (meter.energyKind === output.energyKind) {
      throw invalid(
        `Input ${meter.externalId} and output ${output.externalId} both measure ${meter.energyKind}: that is distribution, not conversion`,
        { input: inputRef },
      );
    }
    if (meter.flow === 'export' || output.flow === 'export') {
      throw invalid(`Export meters measure energy leaving the organisation, not a conversion unit's input or output`, {
        input: inputRef,
      });
    }
    if (!inputs.some((m) => m.id === meter.id)) inputs.push(meter);
  }
  // One meter feeds one unit: shared, its energy would count in two units' input (combined heat and power, one fuel
  // meter for two outputs, is not modelled: mark the main output).
  const { rows: taken } = await db.query<{ input_meter_id: string; output_external_id: string }>(
    `select i.input_meter_id, m.external_id as output_external_id from conversion_unit_inputs i
       join meters m on m.id = i.output_meter_id
     where i.input_meter_id = any($1::uuid[]) and i.output_meter_id <> $2::uuid`,
    [inputs.map((m) => m.id), output.id],
  );
  if (taken.length > 0) {
    const shared = inputs.find((m) => m.id === taken[0].input_meter_id) as Meter;
    throw invalid(`${shared.externalId} is already an input of the conversion unit of ${taken[0].output_external_id}`, {
      input: shared.externalId,
    });
  }
  // Edges input → output of every other unit; adding ours must not let the output reach one of its own inputs.
  const { rows: edges } = await db.query<{ input_meter_id: string; output_meter_id: string }>(
    `select i.input_meter_id, i.output_meter_id from conversion_unit_inputs i
       join conversion_units u on u.output_meter_id = i.output_meter_id
     where u.org_id = $1::uuid and i.output_meter_id <> $2::uuid`,
    [orgId, output.id],
  );
  const downstream = new Map<string, string[]>();
  for (const e of edges)
    downstream.set(e.input_meter_id, [...(downstream.get(e.input_meter_id) ?? []), e.output_meter_id]);
  const reached = new Set<string>();
  const queue = [output.id];
  while (queue.length > 0) {
    const at = queue.pop() as string;
    for (const next of downstream.get(at) ?? []) {
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  const looping = inputs.find((m) => reached.has(m.id));
  if (looping) {
    throw invalid(
      `${looping.externalId} is produced from ${output.externalId} through other conversion units: making it an input would make a cycle`,
      { input: looping.externalId },
    );
  }
  await db.query(
    `insert into conversion_units (output_meter_id, org_id, name, reference_efficiency_percent, changed_by)
     values ($1::uuid, $2::uuid, $3, $4::numeric, $5::uuid)
     on conflict (output_meter_id) do update set name = excluded.name,
       reference_efficiency_percent = excluded.reference_efficiency_percent, changed_at = now(),
       changed_by = excluded.changed_by`,
    [output.id, orgId, input.name?.trim() || null, reference, keyId],
  );
  await db.query('delete from conversion_unit_inputs where output_meter_id = $1::uuid', [output.id]);
  await db.query(
    `insert into conversion_unit_inputs (output_meter_id, input_meter_id)
     select $1::uuid, unnest($2::uuid[])`,
    [output.id, inputs.map((m) => m.id)],
  );
  const { rows } = await db.query<Row>(`${SELECT} where u.org_id = $1::uuid and u.output_meter_id = $2::uuid`, [
    orgId,
    output.id,
  ]);
  return toUnit(rows[0]);
}

/** Removes the marking; false when the meter is not the output of a unit (or not the organisation's). */
export async function removeConversionUnit(db: Queryable, orgId: string, ref: string): Promise<boolean> {
  const meter = (await getMeter(db, orgId, ref)) ?? (await getMeterByReference(db, orgId, ref));
  if (!meter) return false;
  const { rowCount } = await db.query(
    'delete from conversion_units where org_id = $1::uuid and output_meter_id = $2::uuid',
    [orgId, meter.id],
  );
  return rowCount > 0;
}

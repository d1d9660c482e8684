import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { checkMeasure } from './checkMeasure';
import { STATUS_MOVES, type Measure, type MeasureInput, type MeasureStatus } from './measureTypes';

interface Row {
  id: string;
  title: string;
  kind: Measure['kind'];
  site_id: string | null;
  meter_ids: string[];
  owner: string | null;
  expected_energy: string | null;
  expected_kgce: string | null;
  cost_cny: string | null;
  planned_start: string | null;
  planned_end: string | null;
  ipmvp_option: Measure['ipmvpOption'];
  baseline_id: string | null;
  status: MeasureStatus;
  implemented_on: string | null;
  status_changed_at: Date;
  created_at: Date;
}

const COLUMNS = `id, title, kind, site_id, meter_ids, owner, expected_energy::text, expected_kgce::text, cost_cny::text,
  to_char(planned_start, 'YYYY-MM-DD') as planned_start, to_char(planned_end, 'YYYY-MM-DD') as planned_end,
  ipmvp_option, baseline_id, status, to_char(implemented_on, 'YYYY-MM-DD') as implemented_on, status_changed_at,
  created_at`;

const toMeasure = (r: Row): Measure => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  siteId: r.site_id,
  meterIds: r.meter_ids,
  owner: r.owner,
  expectedEnergy: r.expected_energy,
  expectedKgce: r.expected_kgce,
  costCny: r.cost_cny,
  plannedStart: r.planned_start,
  plannedEnd: r.planned_end,
  ipmvpOption: r.ipmvp_option,
  baselineId: r.baseline_id,
  status: r.status,
  implementedOn: r.implemented_on,
  statusChangedAt: new Date(r.status_changed_at).toISOString(),
  createdAt: new Date(r.created_at).toISOString(),
});

const notFound = () =>
  new NengtanError('NT_ERR_NOT_FOUND', {
    message: 'No such measure',
    hint: 'List your measures with GET /v1/measures.',
  });

const values = (input: MeasureInput) => [
  input.title,
  input.kind,
  input.siteId ?? null,
  input.meterIds ?? [],
  input.owner ?? null,
  input.expectedEnergy ?? null,
  input.expectedKgce ?? null,
  input.costCny ?? null,
  input.plannedStart ?? null,
  input.plannedEnd ?? null,
  input.ipmvpOption,
  input.baselineId ?? null,
];

export async function createMeasure(db: Queryable, orgId: string, input: MeasureInput): Promise<Measure> {
  await checkMeasure(db, orgId, input);
  const { rows } = await db.query<Row>(
    `insert into measures (id, org_id, title, kind, site_id, meter_ids, owner, expected_energy, expected_kgce, cost_cny,
       planned_start, planned_end, ipmvp_option, baseline_id)
     values ($1::uuid, $2::uuid, $3, $4, $5::uuid, $6::uuid[], $7, $8::numeric, $9::numeric, $10::numeric, $11::date,
       $12::date, $13, $14::uuid)
     returning ${COLUMNS}`,
    [randomUUID(), orgId, ...values(input)],
  );
  return toMeasure(rows[0]);
}

export async function listMeasures(db: Queryable, orgId: string): Promise<Measure[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from measures where org_id = $1::uuid order by created_at, id`,
    [orgId],
  );
  return rows.map(toMeasure);
}

export async function getMeasure(db: Queryable, orgId: string, id: string): Promise<Measure> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from measures where org_id = $1::uuid and id = $2::uuid`, [
    orgId,
    id,
  ]);
  if (!rows[0]) throw notFound();
  return toMeasure(rows[0]);
}

/** Changes the fields sent (status aside, which moves through `moveMeasure`); the result is checked as a whole. */
export async function updateMeasure(
  db: Queryable,
  orgId: string,
  id: string,
  patch: Partial<MeasureInput>,
): Promise<Measure> {
  const current = await getMeasure(db, orgId, id);
  const merged: MeasureInput = { ...current, ...patch };
  await checkMeasure(db, orgId, merged);
  const { rows } = await db.query<Row>(
    `update measures set title = $3, kind = $4, site_id = $5::uuid, meter_ids = $6::uuid[], owner = $7,
       expected_energy = $8::numeric, expected_kgce = $9::numeric, cost_cny = $10::numeric, planned_start = $11::date,
       planned_end = $12::date, ipmvp_option = $13, baseline_id = $14::uuid
     where org_id = $1::uuid and id = $2::uuid returning ${COLUMNS}`,
    [orgId, id, ...values(merged)],
  );
  return toMeasure(rows[0]);
}

/**
 * Moves a measure along planned → in_progress → implemented, or to cancelled before that. Implementation needs its
 * date: the reporting period starts that day. The move is conditional on the status read, so two racing moves
 * cannot both pass.
 */
export async function moveMeasure(
  db: Queryable,
  orgId: string,
  id: string,
  to: MeasureStatus,
  on?: string,
): Promise<Measure> {
  const current = await getMeasure(db, orgId, id);
  if (!STATUS_MOVES[current.status].includes(to)) {
    throw new NengtanError('NT_ERR_MEASURE_STATE', {
      message: `A measure cannot move from ${current.status} to ${to}`,
    });
  }
  if (to === 'implemented' && !on) {
    throw new NengtanError('NT_ERR_MEASURE_STATE', { message: 'An implemented measure needs its date: send "on"' });
  }
  const { rows } = await db.query<Row>(
    `update measures set status = $3, implemented_on = $4::date, status_changed_at = now()
     where org_id = $1::uuid and id = $2::uuid and status = $5 returning ${COLUMNS}`,
    [orgId, id, to, to === 'implemented' ? on : null, current.status],
  );
  if (!rows[0])
    throw new NengtanError('NT_ERR_MEASURE_STATE', { message: 'The measure changed meanwhile; read it again' });
  return toMeasure(rows[0]);
}

/** Removes a planned or cancelled measure with its tasks; an implemented one stays (its results are evidence). */
export async function deleteMeasure(db: Queryable, orgId: string, id: string): Promise<void> {
  const current = await getMeasure(db, orgId, id);
  if (current.status === 'implemented' || current.status === 'in_progress') {
    throw new NengtanError('NT_ERR_MEASURE_STATE', {
      message: `A measure ${current.status} cannot be deleted`,
      hint: 'Cancel it first with POST /v1/measures/{id}/status {"status": "cancelled"} (implemented measures stay).',
    });
  }
  await db.query('delete from measures where org_id = $1::uuid and id = $2::uuid', [orgId, id]);
}

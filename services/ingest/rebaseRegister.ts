import type { Queryable } from '../db/db';
import { formatUnits, parseDecimal } from '../lib/decimal';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import type { Meter } from '../registry/meters';
import { normaliseValue } from './normalise';

/**
 * A cumulative register's last value is kept normalised (meter_state) as the base of the next delta. After a ratio or
 * unit change that base is re-derived from its raw value with the new values, so the next delta is one register
 * difference times one multiplier, not a difference of two differently scaled numbers. Raw readings are not touched.
 */
export async function rebaseRegister(tx: Queryable, meter: Meter): Promise<void> {
  if (meter.registerType !== 'cumulative') return;
  const { rows } = await tx.query<{ value: string; unit: string }>(
    `select r.value::text as value, r.unit from meter_state s
       join raw_readings r on r.meter_id = s.meter_id and r.id = s.last_register_raw_id and r.reading_time = s.last_register_at
     where s.meter_id = $1::uuid`,
    [meter.id],
  );
  if (rows.length === 0) return;
  const normal = normaliseValue({ ...meter }, parseDecimal(rows[0].value), rows[0].unit);
  if (!normal) return;
  await tx.query(
    'update meter_state set last_register_value = $2::numeric, updated_at = now() where meter_id = $1::uuid',
    [meter.id, formatUnits(normal.quantity, QUANTITY_SCALE)],
  );
}

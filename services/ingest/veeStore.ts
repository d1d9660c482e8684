import type { Queryable } from '../db/db';
import { divideHalfEven, parseDecimal, rescale } from '../lib/decimal';
import { toHex } from '../lib/hex';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { QualityFlag } from '../lib/qualityFlags';
import { alignToInterval, normaliseValue } from './normalise';
import { rawItemHash } from './rawHash';
import { loadRawReadings, RAW_COLUMNS, storedRawOf, type RawRow } from './storedRaw';
import type { CurrentReading, RegisterRead, VeeStore } from './vee/types';
import type { VeeConfig } from '../runtime/config';

export function scaledQuantity(text: string): bigint {
  return rescale(parseDecimal(text), QUANTITY_SCALE).units;
}

/** VEE's view of the stored series, read inside the ingest transaction (which holds the meters' state locks). */
export function veeStore(tx: Queryable, vee: VeeConfig): VeeStore {
  return {
    async currentReadings(meter, fromS, toS) {
      const { rows } = await tx.query<{
        start: number;
        revision: number;
        quantity: string;
        flags: number;
        raw_ids: number[];
      }>(
        `select distinct on (interval_start) extract(epoch from interval_start)::bigint as start, revision,
           quantity::text as quantity, flags, raw_ids
         from readings
         where meter_id = $1::uuid and interval_start between to_timestamp($2::bigint) and to_timestamp($3::bigint)
         order by interval_start, revision desc`,
        [meter.id, fromS, toS],
      );
      const map = new Map<number, CurrentReading>();
      for (const r of rows) {
        map.set(Number(r.start), {
          start: Number(r.start),
          revision: r.revision,
          quantity: scaledQuantity(r.quantity),
          flags: r.flags,
          rawIds: r.raw_ids.map(Number),
        });
      }
      return map;
    },

    async rawLineage(meter, rawIds) {
      const raw = await loadRawReadings(tx, rawIds, meter.id);
      return new Map(
        [...raw].map(([id, r]) => [
          id,
          { hash: rawItemHash(r), quantity: normaliseValue(meter, parseDecimal(r.value), r.unit)?.quantity ?? 0n },
        ]),
      );
    },

    async rawQuantitiesAt(meter, t) {
      // A raw time may sit off the grid by the alignment tolerance, and an interval may be named by its end.
      const { rows } = await tx.query<RawRow>(
        `select ${RAW_COLUMNS} from raw_readings
         where meter_id = $1::uuid and reading_time between to_timestamp($2::bigint) and to_timestamp($3::bigint)`,
        [meter.id, t - meter.intervalSeconds, t + 2 * meter.intervalSeconds],
      );
      const quantities: bigint[] = [];
      for (const r of rows.map(storedRawOf)) {
        const aligned = alignToInterval(r.timeMs, meter, vee.alignToleranceSeconds);
        const normal = normaliseValue(meter, parseDecimal(r.value), r.unit);
        if (!aligned || !normal) continue;
        const at = r.timeField === 'end' ? aligned.t - meter.intervalSeconds : aligned.t;
        if (at === t) quantities.push(normal.quantity);
      }
      return quantities;
    },

    async registerReads(meter, fromS, toS) {
      // Raw times may sit off the grid by the alignment tolerance, so look a whole interval either side.
      const pad = meter.intervalSeconds;
      const { rows } = await tx.query<RawRow>(
        `(select ${RAW_COLUMNS} from raw_readings
           where meter_id = $1::uuid and status = 'accepted' and reading_time < to_timestamp($2::bigint)
           order by reading_time desc limit 1)
         union all
         (select ${RAW_COLUMNS} from raw_readings
           where meter_id = $1::uuid and status = 'accepted'
             and reading_time between to_timestamp($2::bigint) and to_timestamp($3::bigint))`,
        [meter.id, fromS - pad, toS + pad],
      );
      const reads: RegisterRead[] = [];
      for (const r of rows.map(storedRawOf)) {
        const aligned = alignToInterval(r.timeMs, meter, vee.alignToleranceSeconds);
        const normal = normaliseValue(meter, parseDecimal(r.value), r.unit);
        if (!aligned || !normal) continue; // accepted reads always passed both; defensive against edits
        reads.push({
          t: aligned.t,
          quantity: normal.quantity,
          flags:
            normal.flags |
            (aligned.aligned ? QualityFlag.TIME_ALIGNED : 0) |
            (r.signatureHash ? QualityFlag.SIGNED : 0),
          rawId: r.id,
          rawItemHash: rawItemHash(r),
          signatureHash: r.signatureHash ? toHex(r.signatureHash) : null,
        });
      }
      reads.sort((a, b) => a.t - b.t);
      // Keep the nearest read before fromS and every read in [fromS, toS].
      const before = reads.filter((x) => x.t < fromS);
      const within = reads.filter((x) => x.t >= fromS && x.t <= toS);
      return [...before.slice(-1), ...within];
    },

    async profileMeans(meter, slots, days) {
      const wanted = slots.flatMap((s) =>
        Array.from({ length: days }, (_, k) => new Date((s - (k + 1) * 86400) * 1000).toISOString()),
      );
      const { rows } = await tx.query<{ start: number; quantity: string }>(
        `select start, quantity from (
           select distinct on (interval_start) extract(epoch from interval_start)::bigint as start,
             quantity::text as quantity, flags
           from readings where meter_id = $1::uuid and interval_start = any($2::timestamptz[])
           order by interval_start, revision desc
         ) current where flags & $3::integer = 0`,
        [meter.id, wanted, QualityFlag.ESTIMATED],
      );
      const byStart = new Map(rows.map((r) => [Number(r.start), scaledQuantity(r.quantity)]));
      const means = new Map<number, bigint>();
      for (const slot of slots) {
        const values = Array.from({ length: days }, (_, k) => byStart.get(slot - (k + 1) * 86400)).filter(
          (v): v is bigint => v !== undefined,
        );
        if (values.length > 0)
          means.set(
            slot,
            divideHalfEven(
              values.reduce((a, b) => a + b, 0n),
              BigInt(values.length),
            ),
          );
      }
      return means;
    },
  };
}

/**
 * bench:console's data: one organisation with `meters` electricity meters and `days` of 15-minute readings each,
 * ending at the last whole quarter hour, written by the database itself (INSERT … SELECT over generate_series: no
 * rows cross the wire, faster than COPY), then the daily rollups the ingest path keeps, summed from those readings.
 *
 * The readings are cleaned rows of revision 0 outside any batch (batch_seq 0, empty leaf): the console's pages read
 * readings and rollups, not anchors, and sealing 3.5 M leaves is bench:ingest's subject, not this one's.
 */
import type { Db } from '../../../services/db/db';
import { ensureMonthPartitions } from '../../../services/db/partitions';
import { issueApiKey } from '../../../services/registry/apiKeys';
import { createMeter } from '../../../services/registry/meters';
import { createOrganisation } from '../../../services/registry/organisations';
import { createSite } from '../../../services/registry/sites';

const QUARTER_MS = 900_000;
const DAY_MS = 86_400_000;

export interface LoadedYear {
  key: string;
  readings: number;
  from: Date;
  to: Date;
  seconds: number;
}

export async function loadYear(db: Db, meters: number, days: number): Promise<LoadedYear> {
  const started = performance.now();
  const org = await createOrganisation(db, { name: 'Console Bench Steel' });
  const site = await createSite(db, org.id, { name: 'Plant', gridRegion: 'East', timeZone: 'Asia/Shanghai' });
  for (let m = 0; m < meters; m++)
    await createMeter(db, org.id, {
      siteId: site.id,
      externalId: `M${String(m).padStart(3, '0')}`,
      energyKind: 'electricity',
    });
  const to = new Date(Math.floor(Date.now() / QUARTER_MS) * QUARTER_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  const months: number[] = [];
  for (let t = from.getTime(); t < to.getTime() + 31 * DAY_MS; t += 28 * DAY_MS) months.push(t);
  await ensureMonthPartitions(db, 'readings', months);
  // Meter by meter (one statement each keeps every transaction short): a day shape (working hours higher) plus a
  // deterministic wobble per meter and interval, in kWh with three decimals; every 500th interval estimated.
  const { rows: list } = await db.query<{ id: string }>(
    'select id from meters where org_id = $1::uuid order by external_id',
    [org.id],
  );
  let readings = 0;
  const insertMeter = async (n: number) => {
    const result = await db.query(
      `insert into readings (org_id, meter_id, interval_start, interval_end, revision, energy_kind, flow, quantity,
         unit, flags, raw_ids, batch_seq, leaf)
       select m.org_id, m.id, t, t + interval '15 minutes', 0, m.energy_kind, m.flow,
         (20 + 15 * (extract(hour from t at time zone m.time_zone) between 8 and 18)::integer
            + ((($4::integer * 7 + (extract(epoch from t)::bigint / 900) * 13) % 97) / 10.0))::numeric(38, 3),
         'kWh', case when (extract(epoch from t)::bigint / 900) % 500 = $4::integer then 1 else 0 end,
         '{}'::bigint[], 0, '\\x'::bytea
       from meters m, generate_series($2::timestamptz, $3::timestamptz - interval '15 minutes', interval '15 minutes') t
       where m.id = $1::uuid`,
      [list[n].id, from.toISOString(), to.toISOString(), n],
    );
    readings += result.rowCount ?? 0;
  };
  // Two writers at once: the machines have two cores.
  let next = 0;
  const writer = async () => {
    while (next < list.length) await insertMeter(next++);
  };
  await Promise.all([writer(), writer()]);
  await db.query(
    `insert into reading_rollups_daily (meter_id, day, quantity, estimated, intervals, batches)
     select r.meter_id, (r.interval_start at time zone m.time_zone)::date, sum(r.quantity),
       coalesce(sum(r.quantity) filter (where r.flags & 1 <> 0), 0), count(*)::integer, '{}'::bigint[]
     from readings r join meters m on m.id = r.meter_id
     where m.org_id = $1::uuid
     group by 1, 2`,
    [org.id],
  );
  await db.query('analyze');
  const key = (await issueApiKey(db, { orgId: org.id, name: 'bench', scopes: ['read', 'admin'] })).key;
  return { key, readings, from, to, seconds: (performance.now() - started) / 1000 };
}

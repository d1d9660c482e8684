import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { PG_ERROR } from '../db/db';
import { NengtanError } from '../lib/errors';
import { ENERGY_KINDS, isEnergyKind, type EnergyKind } from '../lib/energyKinds';
import { getSite } from '../registry/sites';
import { formatClock, daySegmentsByMonth, rangesFromInput } from './timeRanges';
import { TOU_PERIODS, type Tariff, type TariffInput, type TouPeriod } from './tariffTypes';

interface TariffRow {
  id: string;
  site_id: string | null;
  energy_kind: EnergyKind;
  valid_from: string;
  price: string | null;
  price_sharp: string | null;
  price_peak: string | null;
  price_flat: string | null;
  price_valley: string | null;
  note: string | null;
  created_at: Date;
}
interface PeriodRow {
  tariff_id: string;
  period: TouPeriod;
  start_minute: number;
  end_minute: number;
  months: number[] | null;
}

const COLUMNS = `id, site_id, energy_kind, to_char(valid_from, 'YYYY-MM-DD') as valid_from, price::text,
  price_sharp::text, price_peak::text, price_flat::text, price_valley::text, note, created_at`;

function toTariff(r: TariffRow, periods: PeriodRow[]): Tariff {
  const prices: Tariff['prices'] = {};
  for (const p of TOU_PERIODS) {
    const value = r[`price_${p}`];
    if (value !== null) prices[p] = value;
  }
  return {
    id: r.id,
    siteId: r.site_id,
    energyKind: r.energy_kind,
    unit: ENERGY_KINDS[r.energy_kind].unit,
    currency: 'CNY',
    validFrom: r.valid_from,
    price: r.price,
    periods: periods.map((p) => ({
      period: p.period,
      from: formatClock(p.start_minute),
      to: formatClock(p.end_minute),
      months: p.months,
    })),
    prices,
    note: r.note,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Checks a tariff's shape: one price, or (electricity) periods that cover every day once with a price for each. */
function checkInput(input: TariffInput) {
  const invalid = (message: string) => new NengtanError('NT_ERR_TARIFF_INVALID', { message });
  if (!isEnergyKind(input.energyKind)) throw invalid(`Unknown energy kind "${input.energyKind}"`);
  const periods = input.periods ?? [];
  const prices = input.prices ?? {};
  if (periods.length === 0) {
    if (input.price == null) throw invalid('Send price, or (electricity) periods with prices');
    if (Object.keys(prices).length > 0) throw invalid('prices go with periods; a tariff without periods has one price');
    return [];
  }
  if (input.energyKind !== 'electricity') throw invalid('Only electricity has time-of-use periods; send one price');
  if (input.price != null) throw invalid('Send either price or periods with prices, not both');
  const ranges = rangesFromInput(periods);
  daySegmentsByMonth(ranges);
  const used = new Set(ranges.map((r) => r.period));
  const missing = TOU_PERIODS.filter((p) => used.has(p) && prices[p] == null);
  if (missing.length > 0) throw invalid(`No price for the period(s) ${missing.join(', ')}`);
  const unused = TOU_PERIODS.filter((p) => !used.has(p) && prices[p] != null);
  if (unused.length > 0) throw invalid(`A price for period(s) no range uses: ${unused.join(', ')}`);
  return ranges;
}

export async function createTariff(db: Queryable, orgId: string, input: TariffInput): Promise<Tariff> {
  const ranges = checkInput(input);
  const siteId = input.siteId ?? null;
  if (siteId !== null && !(await getSite(db, orgId, siteId))) {
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Site ${siteId} not found` });
  }
  const id = randomUUID();
  const prices = input.prices ?? {};
  try {
    await db.query(
      `insert into tariffs (id, org_id, site_id, energy_kind, valid_from, price, price_sharp, price_peak, price_flat,
         price_valley, note)
       values ($1::uuid, $2::uuid, $3::uuid, $4, $5::date, $6::numeric, $7::numeric, $8::numeric, $9::numeric,
         $10::numeric, $11)`,
      [
        id,
        orgId,
        siteId,
        input.energyKind,
        input.validFrom,
        input.price ?? null,
        prices.sharp ?? null,
        prices.peak ?? null,
        prices.flat ?? null,
        prices.valley ?? null,
        input.note ?? null,
      ],
    );
  } catch (error) {
    if ((error as { code?: string }).code === PG_ERROR.UNIQUE_VIOLATION) {
      throw new NengtanError('NT_ERR_TARIFF_VERSION_EXISTS', {
        message: `A ${input.energyKind} tariff for ${siteId ? `site ${siteId}` : 'the organisation'} already starts on ${input.validFrom}`,
      });
    }
    throw error;
  }
  for (const [position, r] of ranges.entries()) {
    await db.query(
      `insert into tariff_periods (tariff_id, position, period, start_minute, end_minute, months)
       values ($1::uuid, $2::integer, $3, $4::integer, $5::integer, $6::integer[])`,
      [id, position, r.period, r.start, r.end, r.months],
    );
  }
  return (await getTariff(db, orgId, id)) as Tariff;
}

export async function listTariffs(
  db: Queryable,
  orgId: string,
  filter: { siteId?: string; energyKind?: string } = {},
): Promise<Tariff[]> {
  const { rows } = await db.query<TariffRow>(
    `select ${COLUMNS} from tariffs where org_id = $1::uuid
       and ($2::uuid is null or site_id = $2::uuid) and ($3::text is null or energy_kind = $3)
     order by energy_kind, site_id nulls first, valid_from`,
    [orgId, filter.siteId ?? null, filter.energyKind ?? null],
  );
  if (rows.length === 0) return [];
  const periods = await db.query<PeriodRow>(
    `select tariff_id, period, start_minute, end_minute, months from tariff_periods
     where tariff_id = any($1::uuid[]) order by tariff_id, position`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) =>
    toTariff(
      r,
      periods.rows.filter((p) => p.tariff_id === r.id),
    ),
  );
}

export async function getTariff(db: Queryable, orgId: string, id: string): Promise<Tariff | undefined> {
  const { rows } = await db.query<TariffRow>(
    `select ${COLUMNS} from tariffs where org_id = $1::uuid and id = $2::uuid`,
    [orgId, id],
  );
  if (!rows[0]) return undefined;
  const periods = await db.query<PeriodRow>(
    `select tariff_id, period, start_minute, end_minute, months from tariff_periods where tariff_id = $1::uuid
     order by position`,
    [id],
  );
  return toTariff(rows[0], periods.rows);
}

/** Removes a version that has not yet come into effect (`today` is the caller's local date); past days keep theirs. */
export async function deleteTariff(db: Queryable, orgId: string, id: string, today: string): Promise<void> {
  const tariff = await getTariff(db, orgId, id);
  if (!tariff) throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Tariff ${id} not found` });
  if (tariff.validFrom <= today) {
    throw new NengtanError('NT_ERR_TARIFF_IN_EFFECT', {
      message: `Tariff ${id} has applied since ${tariff.validFrom}; it prices past days`,
    });
  }
  await db.query('delete from tariffs where org_id = $1::uuid and id = $2::uuid', [orgId, id]);
}

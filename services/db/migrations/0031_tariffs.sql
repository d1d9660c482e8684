-- Energy tariffs (电价/能源单价) per site or, with no site, the organisation's default, versioned by the local date
-- they apply from: a new version prices the days from its valid_from on and leaves earlier days to the versions
-- before it. Electricity may be time-of-use (尖峰/峰/平/谷): tariff_periods cut each local day into periods, optionally
-- per month range; other kinds have one price per normalised unit (m3, GJ, t). Prices are exact CNY decimals.
create table tariffs (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  site_id uuid references sites (id),
  energy_kind text not null,
  valid_from date not null,
  -- A single price per unit (any kind), or null when the tariff is time-of-use.
  price numeric check (price >= 0),
  price_sharp numeric check (price_sharp >= 0),
  price_peak numeric check (price_peak >= 0),
  price_flat numeric check (price_flat >= 0),
  price_valley numeric check (price_valley >= 0),
  note text check (length(note) <= 500),
  created_at timestamptz not null default now()
);
-- One version per site (or organisation default), kind and start date.
create unique index tariffs_version on tariffs
  (org_id, coalesce(site_id, '00000000-0000-0000-0000-000000000000'::uuid), energy_kind, valid_from);

create table tariff_periods (
  tariff_id uuid not null references tariffs (id) on delete cascade,
  position integer not null,
  period text not null check (period in ('sharp', 'peak', 'flat', 'valley')),
  -- Local minutes of the day; an end before the start wraps past midnight (23:00–07:00).
  start_minute integer not null check (start_minute between 0 and 1439),
  end_minute integer not null check (end_minute between 1 and 1440),
  -- Months (1–12) the range applies in; null for every month.
  months integer[],
  primary key (tariff_id, position)
);

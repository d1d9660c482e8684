-- Carbon accounting inputs: which meters define the boundary, daily rollups maintained as readings arrive,
-- production volumes for intensity, and contractual instruments (green certificates) for market-based Scope 2.

-- Only boundary (fiscal) meters count in an inventory. Sub-meters measure part of what a boundary meter already
-- measures (counting both would count twice); excluded meters are outside the reporting boundary.
alter table meters add column accounting_role text not null default 'boundary'
  check (accounting_role in ('boundary', 'submeter', 'excluded'));

-- Per meter and local day (in the meter's time zone), the sum of the current revision of every interval. Ingest keeps
-- it exact in the same transaction as the readings (a revision adds the difference to the value it replaces), so an
-- annual inventory reads 365 rows per meter instead of 35,040 readings. `batches` lists the batches holding the day's
-- readings: the evidence an inventory commits to.
create table reading_rollups_daily (
  meter_id uuid not null references meters (id),
  day date not null,
  quantity numeric(38, 6) not null,
  estimated numeric(38, 6) not null,
  intervals integer not null,
  batches bigint[] not null,
  primary key (meter_id, day)
);

-- What a site (or the whole organisation, site_id null) produced over a period, for intensity and product footprints.
create table production_volumes (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  site_id uuid references sites (id),
  product text not null,
  period_start date not null,
  period_end date not null,
  quantity numeric not null check (quantity > 0),
  unit text not null,
  created_at timestamptz not null default now(),
  check (period_end > period_start)
);
create unique index production_volumes_unique
  on production_volumes (org_id, coalesce(site_id, '00000000-0000-0000-0000-000000000000'::uuid), product, period_start, period_end);

-- Green electricity certificates (1 certificate = 1 MWh) claimed for an organisation and a consumption period.
-- Recorded through the API now; the chain indexer records claims made on chain (source 'chain'). A certificate is
-- claimed once: (source, certificate_ref) is unique.
create table certificate_claims (
  id uuid primary key,
  org_id uuid not null references organisations (id),
  source text not null check (source in ('api', 'chain')),
  certificate_ref text not null,
  mwh numeric not null check (mwh > 0),
  consumption_start date not null,
  consumption_end date not null,
  region text,
  generator text,
  technology text,
  created_at timestamptz not null default now(),
  unique (source, certificate_ref),
  check (consumption_end > consumption_start)
);
create index certificate_claims_org on certificate_claims (org_id, consumption_start);

-- Driver series for baseline models (issue 11 §3): per organisation, named daily values such as the mean outdoor
-- temperature or the production of a day. An upload replaces the values of the days it names.
create table driver_series (
  org_id uuid not null references organisations (id),
  name text not null check (name ~ '^[a-z][a-z0-9_]{0,63}$'),
  unit text not null,
  created_at timestamptz not null default now(),
  primary key (org_id, name)
);

create table driver_values (
  org_id uuid not null,
  name text not null,
  day date not null,
  value numeric not null,
  primary key (org_id, name, day),
  foreign key (org_id, name) references driver_series (org_id, name)
);

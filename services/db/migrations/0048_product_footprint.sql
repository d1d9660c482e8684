-- Footprint shares carry the version of the figure they state. Version 1 (every share made before this migration) is
-- the gate-to-gate site footprint allocated by production volume; version 2 is the cradle-to-gate product footprint
-- (GB/T 24067 / ISO 14067: purchased goods, upstream fuel and energy, inbound transport and production) allocated
-- between co-products by mass or economic value, with the allocation keys the supplier signed. A version-1 share is
-- verified as version 1 for ever: its statement and figure do not change meaning.
alter table footprint_shares add column footprint_version smallint not null default 1
  check (footprint_version in (1, 2));
alter table footprint_shares add column allocation jsonb;
alter table footprint_shares add constraint footprint_shares_allocation_version
  check ((footprint_version = 1) = (allocation is null));

-- Scope 3 category 1 from the organisation's own factor sets (average-data or spend-based), for purchased goods that
-- have no supplier footprint share; goods with a share stay counted from it.
alter table scope3_factors drop constraint scope3_factors_category_check;
alter table scope3_factors add constraint scope3_factors_category_check check (category in (1, 3, 4, 6, 7));
alter table scope3_activities drop constraint scope3_activities_category_check;
alter table scope3_activities add constraint scope3_activities_category_check check (category in (1, 3, 4, 6, 7));

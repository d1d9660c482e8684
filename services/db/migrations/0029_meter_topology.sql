-- Where each meter sits in the energy flow (能流): the meter it is a sub-meter of (same organisation and energy kind;
-- the API refuses cycles), and the end use it measures (production line, HVAC, compressed air, lighting…). Parent
-- minus the sum of its children is the losses and unmetered use of that branch.
alter table meters add column parent_meter_id uuid references meters (id);
alter table meters add column end_use text check (length(end_use) between 1 and 100);
create index meters_parent on meters (parent_meter_id) where parent_meter_id is not null;

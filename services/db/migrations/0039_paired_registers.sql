-- Paired channels (issue 11 §1, DOMAIN §7): an interval channel names the cumulative register of the same energy flow
-- (same organisation, energy kind and unit; the API checks the register types, so there are no chains). Rules of kind
-- register_check compare the register's day (its derived intervals) with the interval channel's day.
alter table meters add column paired_register_meter_id uuid references meters (id)
  check (paired_register_meter_id <> id);
create index meters_paired_register on meters (paired_register_meter_id) where paired_register_meter_id is not null;

alter table alert_rules drop constraint alert_rules_kind_check;
alter table alert_rules add constraint alert_rules_kind_check
  check (kind in ('threshold', 'completeness', 'zero_run', 'flat_line', 'schedule', 'anomaly', 'loss', 'budget',
                  'compliance', 'total', 'intensity', 'register_check'));

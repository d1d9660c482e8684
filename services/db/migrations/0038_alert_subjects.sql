-- Alerts about more than a meter (issue 11 §1–§2): a budget whose forecast crosses it, the year's compliance
-- shortfall forecast, the total of a group of meters or of the whole organisation, an intensity per unit of a driver.
-- An alert names its subject (kind, id, and the words the console shows); meter_id stays for meter subjects only.
alter table alerts add column subject_kind text not null default 'meter'
  check (subject_kind in ('meter', 'budget', 'compliance', 'group', 'organisation'));
alter table alerts add column subject_id text;
alter table alerts add column subject_label text;
update alerts set subject_id = meter_id::text,
  subject_label = (select coalesce(m.name, m.external_id) from meters m where m.id = alerts.meter_id);
alter table alerts alter column subject_id set not null;
alter table alerts alter column subject_label set not null;
alter table alerts alter column subject_kind drop default;
alter table alerts alter column meter_id drop not null;
alter table alerts add constraint alerts_meter_subject check ((subject_kind = 'meter') = (meter_id is not null));

-- Deduplication per subject: at most one unresolved alert per rule, subject and kind.
drop index alerts_one_active;
create unique index alerts_one_active on alerts (rule_id, subject_kind, subject_id, kind) where state <> 'resolved';
create index alerts_subject on alerts (org_id, subject_kind, subject_id);

alter table alert_rules drop constraint alert_rules_kind_check;
alter table alert_rules add constraint alert_rules_kind_check
  check (kind in ('threshold', 'completeness', 'zero_run', 'flat_line', 'schedule', 'anomaly', 'loss', 'budget',
                  'compliance', 'total', 'intensity'));

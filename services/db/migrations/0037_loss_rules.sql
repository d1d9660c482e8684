-- Loss rules (issue 11 §1): a parent meter's day minus the sum of its sub-meters' days beyond a tolerance.
alter table alert_rules drop constraint alert_rules_kind_check;
alter table alert_rules add constraint alert_rules_kind_check
  check (kind in ('threshold', 'completeness', 'zero_run', 'flat_line', 'schedule', 'anomaly', 'loss'));

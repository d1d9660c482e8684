-- Park alert rules (issue 12 §1): a park organisation's rules on its consenting members' aggregates, stored as the
-- park's rules and raising the park's alerts (its webhooks, its MQTT topic). Scope 'park' covers every member that
-- consents at evaluation time; scope 'member' names one member (member_org_id) and, only with that member's meters
-- grant, some of its meters (meter_ids). Kinds stay total, budget and intensity (the park's own meanings, see
-- services/parks/parkAlertRules.ts).
alter table alert_rules add column member_org_id uuid references organisations (id);

alter table alert_rules drop constraint alert_rules_scope_check;
alter table alert_rules add constraint alert_rules_scope_check
  check (scope in ('meter', 'group', 'organisation', 'park', 'member'));
-- Was: organisation rules and only they have no meters. A park rule has none either; a member rule may have some.
alter table alert_rules drop constraint alert_rules_check;
alter table alert_rules add constraint alert_rules_meters_check
  check (case scope when 'organisation' then cardinality(meter_ids) = 0 when 'park' then cardinality(meter_ids) = 0
                    when 'member' then true else cardinality(meter_ids) > 0 end);
alter table alert_rules add constraint alert_rules_member_check check ((scope = 'member') = (member_org_id is not null));
create index alert_rules_member on alert_rules (member_org_id) where member_org_id is not null;

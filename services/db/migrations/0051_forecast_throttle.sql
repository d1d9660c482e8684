-- The alert worker's forecast throttle (services/alerts/forecastThrottle.ts): per organisation, the span of local
-- days touched since its budget and compliance forecasts were last judged, and when that was. Kept here rather than in
-- a worker's memory, so that a restarted or second worker neither judges (and notifies) again within the interval nor
-- forgets the days still waiting.
create table forecast_evaluations (
  org_id uuid primary key references organisations (id) on delete cascade,
  due_from date,
  due_to date,
  judged_at timestamptz,
  check ((due_from is null) = (due_to is null) and (due_from is null or due_from <= due_to))
);
create index forecast_evaluations_due on forecast_evaluations (judged_at) where due_from is not null;

-- How a budget's forecast extends the days so far to the end of its period: by calendar days (one daily mean), or by
-- day type (working and non-working days by the organisation's working-day calendar, each with its own mean).
alter table budgets add column forecast_by text not null default 'calendar_days'
  check (forecast_by in ('calendar_days', 'day_type'));

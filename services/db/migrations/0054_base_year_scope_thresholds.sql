-- Base-year significance thresholds per scope (issue 12 §2): optional, e.g. {"scope1": "2.5", "scope2Market": "10"};
-- a scope without its own threshold falls back to threshold_pct. Null (every base year set before) checks the total
-- alone, as before. Values are exact percent texts, checked in (0, 100] by the service like threshold_pct.
alter table base_years add column scope_threshold_pct jsonb
  check (scope_threshold_pct is null or jsonb_typeof(scope_threshold_pct) = 'object');

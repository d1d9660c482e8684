-- Trading desks: organisations that hold and trade allowances, offsets and certificates without a role of their own on
-- chain. They are registered participants (transfers and trades admit only participants) and nothing more.
alter table organisations drop constraint organisations_kinds_check;
alter table organisations add constraint organisations_kinds_check
  check (kinds <@ array['enterprise', 'verifier', 'exchange', 'certificate_issuer', 'authority', 'trader']::text[]
         and cardinality(kinds) > 0);

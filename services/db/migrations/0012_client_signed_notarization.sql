-- Notarization and verifier assignment signed by the organisation itself, with an external chain account. Nengtan
-- stores the evidence first and hands the organisation the transaction to sign; the record is made once the
-- organisation's transaction is confirmed. Asking again before that must give the same transaction, so what was stored
-- is kept: a draft's manifest_cid (0007) is set as soon as its evidence package is stored, and the inventory is
-- notarized only once chain_inventory_id and notarized_tx are set with status 'notarized'.

-- A verifier's encrypted copy exists before the enterprise has signed the assignment: assigned_tx stays null until
-- the assignment is confirmed on chain, and only an assignment with assigned_tx counts (listed, attested, overseen).
alter table inventory_verifiers alter column assigned_tx drop not null;

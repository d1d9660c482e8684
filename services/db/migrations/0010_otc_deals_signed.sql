-- A deal signed by both parties where neither holds a custodial account waits as 'signed' until one of them records
-- it on chain with its own key; the indexed TradeRecorded event (its ref is the deal id) then marks it 'recorded'.
alter table otc_deals drop constraint otc_deals_status_check;
alter table otc_deals add constraint otc_deals_status_check
  check (status in ('proposed', 'signed', 'recorded'));
-- Finds the record of a signed deal among the indexed trades by its reference.
create index chain_events_trade_ref on chain_events ((args->>'ref'))
  where contract = 'TradeLedger' and event = 'TradeRecorded';

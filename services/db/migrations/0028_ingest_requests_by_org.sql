-- The console's live stream asks, every few seconds per open page, for an organisation's latest ingest request: an
-- index on (org_id, seq) answers it from the index's right edge instead of scanning the organisation's requests.
create index ingest_requests_org_seq on ingest_requests (org_id, seq);

/** What the Trust page reads from the API (GET /v1/batches, /v1/batches/:id/readings, /v1/chain, POST /v1/verify). */
export interface Batch {
  id: string;
  seq: number;
  status: 'open' | 'sealing' | 'sealed' | 'anchored' | 'anchor_lost';
  leafCount: number | null;
  root: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  anchorLostReason: string | null;
  lostAnchors: number;
  anchor: { chainId: number; contract: string; txHash: string; blockNumber: number; timestamp: string } | null;
}

export interface BatchReading {
  id: number;
  meter: { id: string; externalId: string };
  intervalStart: string;
  quantity: string;
  unit: string;
  revision: number;
}

export interface BatchReadingPage {
  batch: string;
  readings: BatchReading[];
  next: number | null;
}

export interface Chain {
  chainId: number;
  rpcUrl: string;
  contracts: { anchorRegistry: string };
}

export interface Finding {
  kind: string;
  detail: string;
  readingId?: number;
  meterId?: string;
  intervalStart?: string;
  revision?: number;
  leafIndex?: number;
}

export interface BatchVerification {
  seq: number;
  batchId: string;
  ok: boolean;
  findings: Finding[];
}

export interface OrganisationVerification {
  batches: number;
  readingsChecked: number;
  ok: boolean;
  openBatches: number;
  failed: BatchVerification[];
}

export interface MeterRef {
  id: string;
  externalId: string;
  name: string | null;
}

/** A hash shortened for a table cell; the full value stays in the title. */
export const shortHash = (hash: string | null | undefined) => (hash ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : '—');

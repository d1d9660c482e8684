/** The parts of a nengtan-inventory/v1 document (POST /v1/inventories/preview) the Carbon page shows. */
export interface Factor {
  name: string;
  value: string;
  unit: string;
  factorId?: string;
  series?: string;
  source?: string;
  year?: number;
  region?: string;
}

export interface SourceLine {
  kind: string;
  scope: 1 | 2 | 'deducted';
  meter: { id: string; externalId: string; site: string | null };
  energyKind: string;
  year: number;
  activity: { quantity: string; unit: string; intervals: number; estimatedShare: string };
  factors: Factor[];
  formula: string;
  emissions: { co2: string; ch4: string; n2o: string; co2e: string };
}

export interface NonMeteredLine {
  kind: string;
  record: string;
  subject: string;
  scope: 1 | 'memo';
  activity: { quantity: string; unit: string; evidence: string };
  emissions: { co2e: string; biomassCO2?: string };
}

export interface MarketYear {
  year: number;
  purchasedMWh: string;
  certificatesMWh: string;
  coveredMWh: string;
  residualMWh: string;
  residualFactor: Factor;
  co2e: string;
}

export interface InventoryDocument {
  period: { start: string; end: string; timeZone: string };
  factorSet: { id: string; name: string; version: number; contentHash: string };
  results: {
    scope1: string;
    scope2LocationBased: string;
    scope2MarketBased: string;
    exported: string;
    totalLocationBased: string;
    totalMarketBased: string;
    energyKgce: string;
  };
  sources: SourceLine[];
  /** Present with non-metered activity data (or extendedResults). */
  nonMeteredSources?: NonMeteredLine[];
  byGas?: { gases: { gas: string; massKg: string; gwp: string; co2eKg: string }[] };
  grossNet?: { grossLocationBased: string; exports: string; netLocationBased: string };
  biomass?: { co2Kg: string };
  uncertainty?: { sources: { source: string; combinedPct: string }[]; totalPct: string };
  marketBased: {
    formula: string;
    byYear: MarketYear[];
    certificatesMWh: string;
    claims: { ref: string; mwh: string; appliedMWh: string }[];
  };
}

export interface Preview {
  hash: string;
  document: InventoryDocument;
}

export interface InventoryRecord {
  id: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  status: string;
  inventoryHash: string;
  totals: Record<string, string>;
  createdAt: string;
}

/** What a clicked figure is made of: the source lines behind it and, for market-based figures, the market part. */
export interface Trace {
  label: string;
  method: 'location' | 'market';
  value: string;
  lines: SourceLine[];
  market?: InventoryDocument['marketBased'];
}

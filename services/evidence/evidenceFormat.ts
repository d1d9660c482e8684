import type { InventoryDocument } from '../accounting/computeInventory';
import type { InventoryOptions } from '../accounting/inventoryTypes';
import type { Factor, FactorSet } from '../factors/types';
import type { Acceptance } from '../analysis/acceptance';
import type { BaselineModel } from '../analysis/baselineTypes';

// The evidence package's format, the one module both sides read: the enterprise's side (notarization) writes it, the
// verifier's side (verification) reads it, and neither imports the other's types.

/**
 * The evidence package of a notarized inventory, as its manifest (the document whose CID goes on chain): the inventory
 * document and its hash, the pinned factor set in full (its content hash is checkable), and the anchored batches the
 * inventory rests on, each exported separately (BatchExport) so a verifier can stream them. Version 2 adds the results
 * of the organisation's implemented measures over the inventory period; a package without measures stays version 1,
 * byte for byte.
 */
export interface EvidenceManifest {
  format: 'nengtan-evidence/v1' | 'nengtan-evidence/v2';
  inventoryHash: string;
  inventory: InventoryDocument;
  factorSet: { set: FactorSet; chain: string[]; factors: Factor[]; contentHash: string };
  batches: { id: string; root: string; leafCount: number; cid: string }[];
  /** Version 2 only, never empty. */
  measures?: EvidenceMeasure[];
}

/**
 * An implemented energy-saving measure's results over the part of its reporting period inside the inventory period,
 * with everything a verifier needs to recompute them: the baseline model as fitted (coefficients, statistics and
 * acceptance), the driver values used (decimal strings, as stored) and the daily actuals of the baseline's meters,
 * whose readings are in the package's batches. The reported figures are those the enterprise states.
 */
export interface EvidenceMeasure {
  measure: {
    id: string;
    title: string;
    kind: string;
    ipmvpOption: 'B' | 'C';
    siteId: string | null;
    meterIds: string[];
    implementedOn: string;
  };
  baseline: {
    id: string;
    meterIds: string[];
    unit: string;
    periodStart: string;
    periodEnd: string;
    temperatureDriver: string | null;
    drivers: string[];
    model: BaselineModel;
    acceptance: Acceptance;
  };
  /** First day and the day after the last. */
  reportingPeriod: { start: string; end: string };
  confidence: number;
  drivers: { name: string; values: { day: string; value: string }[] }[];
  /** The baseline meters' complete days summed, from the daily rollups: where the actual comes from. */
  actuals: { day: string; quantity: string }[];
  reported:
    | {
        days: number;
        adjustedBaseline: string;
        actual: string;
        avoided: string;
        uncertainty: string;
        energyKgce: string | null;
        co2eLocationKg: string | null;
        co2eMarketKg: string | null;
        factorSetContentHash: string | null;
      }
    | { refused: { code: string; message: string } };
  /** What the reported avoided kgce and CO2e rest on besides the readings; absent when none were reported. */
  avoidedBasis?: EvidenceAvoidedBasis;
}

type BasisMeter = {
  id: string;
  externalId: string;
  name: string | null;
  energyKind: string;
  flow: string;
  siteId: string;
};

/**
 * The inventory the avoided kgce and CO2e are computed from (services/measures/avoidedEmissions.ts): that of the
 * sites of the baseline's meters over the reporting period, as measured and with the avoided energy added back on
 * the baseline's meters. The readings of the sites' boundary meters are in the package's batches; the rest is stated
 * here, each part checkable against the inventory the package holds (its sites, meters, claims and contracts). Exact
 * quantities as decimals or fractions ("n/d").
 */
export interface EvidenceAvoidedBasis {
  period: { start: string; end: string; timeZone: string };
  sites: { id: string; name: string; gridRegion: string | null; province: string | null }[];
  /** The sites' boundary meters: their activity comes from the package's readings. */
  boundaryMeters: BasisMeter[];
  /** The baseline's meters, on which the avoided energy is added back in proportion to their use per year. */
  measureMeters: BasisMeter[];
  options: InventoryOptions;
  claims: {
    ref: string;
    source: 'api' | 'chain';
    mwh: string;
    start: string;
    end: string;
    generator: string | null;
    consumption?: { wholeKWh: string; inPeriodKWhByYear: Record<string, string> };
  }[];
  contracts: {
    ref: string;
    instrument: 'ppa' | 'direct_line' | 'green_tariff';
    counterparty: string;
    mwh: string;
    factor: string;
    start: string;
    end: string;
    evidence: string;
    consumption?: { wholeKWh: string; inPeriodKWhByYear: Record<string, string> };
  }[];
  /** The factor set, in full, only when it is not the package's own (the public default set is used). */
  factorSet?: { set: FactorSet; chain: string[]; factors: Factor[]; contentHash: string };
}

/**
 * A sealed batch exported for an independent verifier: every reading in tree order with exactly the values its leaf
 * commits to, compactly (one row per reading, meters by index). With it a verifier rebuilds the batch root, compares
 * it with the chain, and recomputes an inventory from the anchored readings, without access to the database.
 */
export interface BatchExport {
  format: 'nengtan-batch-export/v1';
  batch: { id: string; root: string; leafCount: number };
  organisation: string;
  meters: { id: string; energyKind: string; flow: string; unit: string; timeZone: string }[];
  /** [meter index, interval start (s), interval end (s), quantity (×10^6, decimal string), flags, revision, rawHash, signatureHash] */
  rows: [number, number, number, string, number, number, string, string][];
}

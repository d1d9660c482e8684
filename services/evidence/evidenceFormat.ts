import type { InventoryDocument } from '../accounting/computeInventory';
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

import { computeInventory, type ExactTotals, type InventoryDocument } from '../accounting/computeInventory';
import { factorSourceFromResolved } from '../accounting/factorSourceFromSet';
import type { InventoryInput } from '../accounting/inventoryTypes';
import { parseRational } from '../accounting/rational';
import { ENERGY_KINDS, type EnergyKind } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';
import { factorSetContentHash } from '../factors/factorSetContentHash';
import type { BatchExport, EvidenceManifest } from '../evidence/evidenceFormat';
import { activityFromExports } from './activityFromExports';

/**
 * The inventory recomputed by a verifier from an evidence package alone: activity from the anchored readings of the
 * batch exports, factors from the package's factor set (whose content hash must be the one the inventory pins), and
 * the boundary, options, certificate claims, supplier contracts, production records and non-metered activity data the inventory states.
 */
export function recomputeInventory(
  manifest: EvidenceManifest,
  exports: readonly BatchExport[],
): { document: InventoryDocument; totals: ExactTotals } {
  const claimed = manifest.inventory;
  const hash = factorSetContentHash(manifest.factorSet.factors);
  if (hash !== claimed.factorSet.contentHash || hash !== manifest.factorSet.contentHash) {
    throw new NengtanError('NT_ERR_FACTOR_SET_INTEGRITY', {
      message: `The package's factor set hashes to ${hash}, but the inventory pins ${claimed.factorSet.contentHash}`,
    });
  }
  const factors = factorSourceFromResolved({ ...manifest.factorSet, set: manifest.factorSet.set, frozen: true });
  const meters = claimed.boundary.meters.map((m) => ({
    id: m.id,
    externalId: m.externalId,
    name: null,
    energyKind: m.energyKind,
    flow: m.flow as 'import' | 'export',
    unit: ENERGY_KINDS[m.energyKind as EnergyKind]?.unit ?? '',
    siteId: m.siteId,
  }));
  const input: InventoryInput = {
    organisation: claimed.organisation,
    period: claimed.period,
    sites: claimed.boundary.sites,
    activity: activityFromExports(exports, meters, claimed.period),
    factors,
    options: claimed.options,
    claims: claimed.marketBased.claims.map((c) => ({
      ref: c.ref,
      source: c.source as 'api' | 'chain',
      mwh: parseRational(c.mwh),
      start: c.start,
      end: c.end,
      generator: c.generator,
      ...(c.consumption ? { consumption: c.consumption } : {}),
    })),
    // Supplier contracts as the inventory states them (with the consumption that matched them).
    ...(claimed.marketBased.contracts
      ? {
          contracts: claimed.marketBased.contracts.map((c) => ({
            ref: c.ref,
            instrument: c.instrument,
            counterparty: c.counterparty,
            mwh: parseRational(c.contractedMWh),
            factor: c.factor,
            start: c.start,
            end: c.end,
            evidence: c.evidence,
            ...(c.consumption ? { consumption: c.consumption } : {}),
            // A contract bound to meters, with the consumption of its meters that matched it.
            ...(c.meterIds && c.meterConsumption
              ? {
                  meters: {
                    ids: c.meterIds,
                    externalIds: c.meters ?? [],
                    wholeKWh: c.meterConsumption.wholeKWh,
                    kWhByMeterMonth: c.meterConsumption.kWhByMeterMonth,
                  },
                }
              : {}),
          })),
        }
      : {}),
    // Purchased electricity per meter and month, stated when a contract is bound to meters.
    ...(claimed.marketBased.meterConsumptionKWh
      ? { electricityByMeterMonth: claimed.marketBased.meterConsumptionKWh }
      : {}),
    production: claimed.production.map((p) => ({ ...p, quantity: parseRational(p.quantity) })),
    evidence: claimed.evidence.batches,
    ...(claimed.activityData
      ? {
          activityData: claimed.activityData.map((r) => ({
            ...r,
            quantity: parseRational(r.quantity),
            calcinationFraction: r.calcinationFraction === null ? null : parseRational(r.calcinationFraction),
          })),
        }
      : {}),
  };
  return computeInventory(input);
}

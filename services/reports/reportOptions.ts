import type { BaseYearComparison } from '../accounting/baseYearComparison';
import type { ReportLanguage } from './reportLabels';

/** An on-chain record of the inventory itself, e.g. its InventoryRegistry submission or the verifier's attestation. */
export interface ReportAnchor {
  /** What the record is, as it should be printed ("InventoryRegistry.submit, version 1"). */
  record: string;
  chainId: number;
  contract: string;
  txHash: string;
  blockNumber: number;
}

export interface ReportOptions {
  lang: ReportLanguage;
  /** keccak256 of the canonical document (services/accounting/inventories canonicalInventory), printed as given. */
  inventoryHash?: string;
  anchors?: readonly ReportAnchor[];
  /** Replaces the default title of the report kind. */
  title?: string;
  /** Printed as given (e.g. "2025-03-31"); reports carry no clock of their own, so that they render reproducibly. */
  date?: string;
  /** The period against the organisation's base year (inventory report); absent, the report has no such section. */
  baseYear?: BaseYearComparison;
}

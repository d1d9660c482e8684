import type { Rational } from './rational';
import type { FactorSource, GwpSet } from './factorSource';
import type { ProcessMeasured } from './processMeasurements';

/** A boundary meter's activity over the inventory period, per calendar year (local), in its normalised unit. */
export interface MeterActivity {
  meter: {
    id: string;
    externalId: string;
    name: string | null;
    energyKind: string;
    flow: 'import' | 'export';
    unit: string;
    siteId: string;
  };
  years: Map<number, { quantity: Rational; estimated: Rational; intervals: number }>;
}

export interface InventorySite {
  id: string;
  name: string;
  gridRegion: string | null;
  province: string | null;
}

/** A green-certificate claim for the organisation (1 certificate = 1 MWh). */
export interface ClaimInput {
  ref: string;
  source: 'api' | 'chain';
  mwh: Rational;
  /** Consumption period, local dates, end exclusive. */
  start: string;
  end: string;
  generator: string | null;
  /**
   * The boundary's purchased electricity in the claim's consumption period (kWh, exact decimals from the daily
   * rollups): over the whole claim period, and per calendar year of the part inside the inventory period. With it the
   * claim is matched to the consumption it covers (its MWh × consumption inside ÷ consumption over its period); without
   * it (no consumption recorded in the claim period) the claim is spread by calendar days.
   */
  consumption?: { wholeKWh: string; inPeriodKWhByYear: Record<string, string> };
}

/**
 * A supplier contract for one period (market-based Scope 2): a PPA, a direct line or a supplier-specific green tariff
 * with the factor it states. `consumption` matches it to the consumption it covers, like a certificate claim.
 */
export interface ContractInput {
  ref: string;
  instrument: 'ppa' | 'direct_line' | 'green_tariff';
  counterparty: string;
  /** Contracted MWh of the period (the kWh stored, ÷ 1000). */
  mwh: Rational;
  /** tCO2/MWh as the contract states it. */
  factor: string;
  start: string;
  end: string;
  evidence: string;
  consumption?: ClaimInput['consumption'];
  /**
   * The delivery points of a contract bound to meters (absent: it covers all purchased electricity). `wholeKWh` is
   * their consumption over the contract's whole period, `kWhByMeterMonth` per meter id and month (YYYY-MM) the part
   * inside both the contract and the inventory period, for every meter of the contract (also those outside the
   * inventory's boundary). The contract's MWh are matched to this consumption; see computeInventory's marketBased.
   */
  meters?: {
    ids: string[];
    externalIds: string[];
    wholeKWh: string;
    kWhByMeterMonth: Record<string, Record<string, string>>;
  };
}

export interface ProductionInput {
  product: string;
  siteId: string | null;
  quantity: Rational;
  unit: string;
  start: string;
  end: string;
}

export interface EvidenceBatch {
  id: string;
  root: string;
  status: string;
  anchor: { chainId: number; contract: string; txHash: string; blockNumber: number } | null;
}

export interface InventoryOptions {
  gwp: GwpSet;
  /** Location-based grid factor: the site's regional grid, its province, or the national average. */
  electricityRegion: 'grid_region' | 'province' | 'national';
  /**
   * A site whose region (or province) has no grid factor, is not a region the factor set knows, or is not set: 'warn'
   * uses the national factor and says so in the inventory's warnings; 'refuse' stops with NT_ERR_FACTOR_REGION_MISSING.
   * Absent means 'warn' (documents computed before the option existed keep their hash).
   */
  regionalFactorMissing?: 'warn' | 'refuse';
  /**
   * Fuel combustion CO2: the Chinese guideline (GB/T 32151 annex defaults, or measured values in an own set:
   * FC × NCV × CC × OF × 44/12), or IPCC 2006 Tier 1 (FC × NCV × EF(CO2) per TJ, oxidation 1). Absent means 'gbt32151'.
   */
  fuelMethod?: 'gbt32151' | 'ipcc2006';
  /**
   * Location-based electricity series: the MEE/NBS statistical average (regional, provincial or national as
   * `electricityRegion` says), the national ETS compliance series, or the national fossil-only series. Absent means
   * 'statistical'.
   */
  electricitySeries?: 'statistical' | 'compliance' | 'fossil';
  /**
   * State the per-gas results, gross and net totals and the uncertainty even without non-metered activity data
   * (which always brings them). Absent keeps the document, and its hash, as before.
   */
  extendedResults?: true;
}

/** The options of an inventory request as the document states them: defaults filled, the later ones only when set. */
export function inventoryOptions(request: {
  gwp?: GwpSet;
  electricityRegion?: InventoryOptions['electricityRegion'];
  regionalFactorMissing?: InventoryOptions['regionalFactorMissing'];
  fuelMethod?: InventoryOptions['fuelMethod'];
  extendedResults?: boolean;
  electricitySeries?: InventoryOptions['electricitySeries'];
}): InventoryOptions {
  return {
    gwp: request.gwp ?? 'AR5',
    electricityRegion: request.electricityRegion ?? 'grid_region',
    ...(request.regionalFactorMissing === 'refuse' ? { regionalFactorMissing: 'refuse' as const } : {}),
    ...(request.fuelMethod === 'ipcc2006' ? { fuelMethod: 'ipcc2006' as const } : {}),
    ...(request.extendedResults === true ? { extendedResults: true as const } : {}),
    ...(request.electricitySeries === 'compliance' || request.electricitySeries === 'fossil'
      ? { electricitySeries: request.electricitySeries }
      : {}),
  };
}

export interface InventoryInput {
  organisation: { id: string; name: string };
  /** Local dates (YYYY-MM-DD), end exclusive, in `timeZone`. */
  period: { start: string; end: string; timeZone: string };
  sites: InventorySite[];
  activity: MeterActivity[];
  factors: FactorSource;
  options: InventoryOptions;
  claims: ClaimInput[];
  production: ProductionInput[];
  evidence: EvidenceBatch[];
  /** Supplier contracts whose period overlaps the inventory period; absent when there are none. */
  contracts?: ContractInput[];
  /**
   * Purchased electricity per boundary import meter id and month (YYYY-MM, kWh) inside the period: only when a contract
   * is bound to meters (market-based Scope 2 is then matched per meter and month).
   */
  electricityByMeterMonth?: Record<string, Record<string, string>>;
  /** Non-metered activity data inside the period and boundary (refrigerants, vehicle fuel, process, biomass). */
  activityData?: ActivityDataInput[];
}

/** A non-metered activity record as the engine takes it (services/accounting/activityData.ts records them). */
export interface ActivityDataInput {
  id: string;
  siteId: string | null;
  start: string;
  end: string;
  sourceKind: 'fugitive' | 'mobile_combustion' | 'process' | 'biomass_combustion';
  subject: string;
  quantity: Rational;
  unit: 'kg' | 't';
  calcinationFraction: Rational | null;
  /** Measured process inputs (clinker composition, steel carbon balance); absent or null: the default-factor path. */
  measured?: ProcessMeasured | null;
  /** Percent at 95 % confidence as given; null takes the default of the kind. */
  activityUncertaintyPct: string | null;
  factorUncertaintyPct: string | null;
  evidence: string;
}

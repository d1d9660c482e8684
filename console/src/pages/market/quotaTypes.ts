/** What the quota-rule and quota-estimate routes answer (decimal figures as strings, exact). */
export interface QuotaCorrection {
  name: string;
  factor: string;
}

export interface QuotaRule {
  id: string;
  product: string;
  unit: string;
  version: number;
  benchmark: string;
  corrections: QuotaCorrection[];
  productionProduct: string;
  source: string;
  createdAt: string;
  retiredAt: string | null;
  retiredReason: string | null;
}

export interface QuotaLine {
  product: string;
  unit: string;
  rule: { id: string; version: number; source: string };
  output: {
    value: string;
    source: 'entered' | 'last_year' | 'last_year_annualised' | 'trend';
    explanation: string;
    interval: { confidence: number; lower: string; upper: string } | null;
  };
  benchmarkTPerUnit: string;
  corrections: QuotaCorrection[];
  correctionProduct: string;
  allocationT: string;
  formula: string;
  interval: { lowerT: string; upperT: string } | null;
}

export interface QuotaEstimate {
  year: number;
  asOf: string;
  formula: string;
  lines: QuotaLine[];
  allocationT: string;
  emissions: {
    year: number;
    note: string;
    obligationT: { forecast: string | null; upper: string | null } | null;
    unavailable: { code: string; message: string; hint: string } | null;
  };
  balanceT: { forecast: string | null; upper: string | null };
  position: 'surplus' | 'shortfall' | 'balanced' | null;
  lastPrice: { day: string; currency: string; minorUnitsPerT: string } | null;
  balanceValueMinorUnits: { forecast: string | null; upper: string | null };
}

/** The product lines a rule may cover and their units, as the API lists them (services/market/quotaProductLines). */
export const PRODUCT_LINES: { product: string; unit: string }[] = [
  { product: 'power_supply', unit: 'MWh' },
  { product: 'heat_supply', unit: 'GJ' },
  { product: 'clinker', unit: 't' },
  { product: 'crude_steel', unit: 't' },
  { product: 'aluminium', unit: 't' },
];

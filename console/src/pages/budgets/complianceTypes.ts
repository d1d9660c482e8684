/** What GET /v1/market/years/{year}/compliance-forecast answers (decimal and integer figures as strings). */
export type ComplianceWarning = 'actual_over_cover' | 'forecast_over_cover' | 'upper_bound_over_cover' | null;

export interface ComplianceForecast {
  year: number;
  asOf: string;
  confidence: number;
  elapsedDays: number;
  remainingDays: number;
  historyDays: number;
  daysWithoutData: string[];
  emissionsKg: { actual: string; forecast: string; lower: string | null; upper: string | null };
  obligationT: { actual: string; forecast: string; upper: string | null };
  coverT: { held: string; surrendered: string; chain: boolean };
  shortfallT: { forecast: string | null; upper: string | null };
  lastPrice: { day: string; currency: string; minorUnitsPerT: string } | null;
  shortfallCostMinorUnits: { forecast: string | null; upper: string | null };
  warning: ComplianceWarning;
  rule: string;
}

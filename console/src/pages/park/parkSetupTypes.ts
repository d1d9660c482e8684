/** What the park's budget and utility routes answer (services/api/routes/parkAnalysisSchemas.ts). */
export interface Member {
  id: string;
  name: string;
}

export interface ParkBudget {
  id: string;
  name: string | null;
  member: Member | null;
  periodStart: string;
  periodEnd: string;
  energyKgce: string | null;
  co2eKg: string | null;
}

export interface ParkUtility {
  id: string;
  name: string;
  energyKind: string;
  unit: string;
  allocation: 'metered' | 'fixed';
  key: { memberId: string; name: string; weight: string }[];
  outputs: { periodStart: string; periodEnd: string; quantity: string }[];
}

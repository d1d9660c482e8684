/** What GET /v1/park/alert-rules and GET /v1/benchmarks answer (services/api/routes/parkAlertSchemas.ts). */
export interface ParkRule {
  id: string;
  name: string;
  kind: 'total' | 'budget' | 'intensity';
  scope: 'park' | 'member';
  member: { id: string; name: string } | null;
  meterIds: string[];
  params: Record<string, string>;
}

export interface BenchmarkRow {
  product: string;
  unit: string;
  indicator: 'kgce_per_unit' | 'kgco2e_per_unit';
  advanced: string | null;
  baseline: string | null;
}

/** A consenting member with what it granted: meters may be named only under a meters grant. */
export interface RuleMember {
  id: string;
  name: string;
  grantLevel: 'aggregate' | 'meters' | null;
}

/** One of a member's meters, as GET /v1/park/members/{orgId}/meters lists them under a meters grant. */
export interface MemberMeter {
  id: string;
  externalId: string;
  name: string | null;
  energyKind: string;
  unit: string;
}

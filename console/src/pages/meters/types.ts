/** What the meters page reads from the API. */
export interface Site {
  id: string;
  name: string;
  gridRegion: string | null;
}

export interface Meter {
  id: string;
  siteId: string;
  externalId: string;
  name: string | null;
  energyKind: string;
  unit: string;
  readingUnit: string;
  ctRatio: string;
  ptRatio: string;
  retiredAt: string | null;
}

export interface EnergyKind {
  kind: string;
  label: string;
  unit: string;
  units: Record<string, string>;
  transformerMultipliers: boolean;
}

export interface MeterChange {
  id: number;
  action: 'correct' | 'retire';
  changedAt: string;
  changedBy: { keyName: string; keyPrefix: string };
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

/** A form's fields by name, as text. */
export function formFields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') out[key] = value.trim();
  });
  return out;
}

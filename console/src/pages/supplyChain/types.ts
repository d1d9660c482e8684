export interface Party {
  id: string;
  name: string;
}

export interface Share {
  shareId: string;
  supplier: Party;
  customer: Party;
  product: string;
  unit: string;
  basis: 'location' | 'market';
  kgCO2ePerUnit: string;
  inventoryId: string;
  inventoryHash: string;
  notarizedTx: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ShareCheck {
  name: string;
  pass: boolean;
  detail: string;
}

export interface Verification {
  shareId: string;
  verified: boolean;
  checks: ShareCheck[];
}

export interface Purchase {
  id: string;
  shareId: string;
  supplier: Party;
  product: string;
  unit: string;
  period: { start: string; end: string };
  quantity: string;
}

export interface InventoryRecord {
  id: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  status: string;
}

export interface ProductionVolume {
  product: string;
  unit: string;
}

/** What the park routes answer (services/api/routes/parkSchemas.ts). */
export interface Membership {
  id: string;
  park: { id: string; name: string };
  member: { id: string; name: string };
  status: 'invited' | 'declined' | 'withdrawn' | 'active' | 'left' | 'removed';
  grantLevel: 'aggregate' | 'meters' | null;
  invitedAt: string;
  respondedAt: string | null;
  endedAt: string | null;
}

export interface EnergyCarbon {
  energyKgce: string;
  co2eKg: string;
}

export interface Figures extends EnergyCarbon {
  byEnergyKind: ({ energyKind: string } & EnergyCarbon)[];
  byMonth: ({ month: string } & EnergyCarbon)[];
}

export interface MemberOverview {
  member: { id: string; name: string; grantLevel: string };
  hasData: boolean;
  figures: Figures;
  latestInventory: { periodStart: string; periodEnd: string; status: string; verification: string | null } | null;
}

export interface Overview {
  park: Figures;
  members: MemberOverview[];
  ranking: {
    product: string;
    unit: string;
    members: { memberId: string; name: string; rank: number; kgCO2ePerUnit: string }[];
  }[];
}

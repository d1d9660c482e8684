/** The park analysis answers as the API gives them (decimal strings stay strings). */
export type Level = 'advanced' | 'average' | 'lagging' | null;

export interface Benchmarking {
  products: {
    product: string;
    unit: string;
    benchmarks: {
      kgcePerUnit: { advanced: string | null; baseline: string | null } | null;
      kgCO2ePerUnit: { advanced: string | null; baseline: string | null } | null;
    };
    parkAverage: { quantity: string; kgcePerUnit: string; kgCO2ePerUnit: string };
    members: {
      memberId: string;
      name: string;
      rank: number;
      quantity: string;
      kgcePerUnit: string;
      kgCO2ePerUnit: string;
      kgceLevel: Level;
      co2eLevel: Level;
    }[];
  }[];
}

export interface ParkFlow {
  nodes: { id: string; kind: 'purchased' | 'utility' | 'member' | 'export'; name: string }[];
  links: { source: string; target: string; kgce: string }[];
  utilities: {
    utility: { id: string; name: string; energyKind: string; unit: string; allocation: 'metered' | 'fixed' };
    output: string;
    outputKgce: string;
    members: { memberId: string; name: string; weight: string; quantity: string; kgce: string }[];
  }[];
}

export interface Forecast {
  actual: string;
  forecast: string;
  upper: string | null;
  budget: string | null;
  warning: string | null;
}

export interface Warnings {
  budgets: {
    budget: { id: string; name: string | null; member: { id: string; name: string } | null };
    energyKgce: Forecast | null;
    co2eKg: Forecast | null;
  }[];
  warnings: {
    budgetId: string;
    budgetName: string | null;
    member: { id: string; name: string } | null;
    quantity: 'energyKgce' | 'co2eKg';
    warning: string;
    budget: string;
    forecast: string;
  }[];
}

export interface Compliance {
  members: {
    member: { id: string; name: string };
    latestInventory: {
      periodStart: string;
      periodEnd: string;
      status: string;
      verification: string | null;
    } | null;
    compliance: {
      verifiedKgCO2e: string | null;
      obligationT: string;
      allowancesSurrenderedT: string;
      offsetsSurrenderedT: string;
      shortfallT: string;
      status: 'pending' | 'compliant' | 'non_compliant';
    } | null;
  }[];
}

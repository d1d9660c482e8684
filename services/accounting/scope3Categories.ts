import { restateDerivedQuantities } from './category3FromInventory';
import type { InventoryDocument } from './computeInventory';
import { add, format, mul, parseRational, ZERO } from './rational';
import type { QuantityTerm, Scope3Activity, Scope3FactorStated } from './scope3Activities';
import type { Scope3FactorCategory } from './scope3FactorSets';

/** One line of a Scope 3 category: a quantity × a factor of a named set version, exact. */
export interface Scope3Line {
  /** Where the quantity comes from: a recorded Scope 3 activity, or the inventory's own source line or activity record. */
  from: 'scope3-activity' | 'inventory-source' | 'inventory-activity-data';
  /** The activity id, "meter <externalId> <year>", or the activity record id. */
  ref: string;
  description: string;
  period: { start: string; end: string };
  method: 'activity' | 'spend';
  quantity: string;
  unit: string;
  terms?: QuantityTerm[];
  factor: Scope3FactorStated;
  evidence: string;
  kgCO2e: string;
}

export interface Scope3CategorySection {
  category: Scope3FactorCategory;
  method: string;
  factorSets: { id: string; name: string; version: number }[];
  lines: Scope3Line[];
  kgCO2e: string;
  /** Category 3 from the inventory's activity: fuels and electricity the set has no factor for, named, not skipped quietly. */
  notCovered?: string[];
}

/** The document keys of the categories, in the order the inventory and its report state them. */
export const CATEGORY_KEYS = {
  3: 'category3FuelAndEnergy',
  4: 'category4UpstreamTransport',
  6: 'category6BusinessTravel',
  7: 'category7EmployeeCommuting',
  1: 'category1PurchasedGoodsFactors',
} as const satisfies Record<Scope3FactorCategory, string>;
export type Scope3CategoryKey = (typeof CATEGORY_KEYS)[Scope3FactorCategory];
export type Scope3Categories = Partial<Record<Scope3CategoryKey, Scope3CategorySection>>;

const NAMES: Record<Scope3FactorCategory, string> = {
  3: 'category 3, fuel- and energy-related activities not in Scope 1 or 2',
  4: 'category 4, upstream transportation and distribution',
  6: 'category 6, business travel',
  7: 'category 7, employee commuting',
  1: 'category 1, purchased goods and services without a supplier footprint',
};

const ACTIVITY_METHODS: Record<Scope3FactorCategory, string> = {
  3: 'average-data method (quantity of fuel or energy × upstream emission factor)',
  4: 'distance-based method (mass × distance in t·km by transport mode × kgCO2e per t·km)',
  6: 'distance-based method (passenger·km by mode, or nights, × kgCO2e per unit)',
  7: 'distance-based method (staff × working days × trips × km by mode = passenger·km × kgCO2e per passenger·km)',
  1: 'average-data method (quantity purchased × cradle-to-gate emission factor per unit)',
};

const FROM_INVENTORY =
  "; from the inventory's own activity: well-to-tank (extraction, refining, transport) of each fuel burnt in Scope 1, stationary and mobile, as the fuel quantity × the set's well_to_tank:<fuel> factor, and transmission and distribution losses of purchased electricity as the kWh purchased × the set's td_losses factor";

const decimals = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** The method text of a category: the GHG Protocol method of each kind of line it has, and where factors come from. */
function methodText(category: Scope3FactorCategory, lines: readonly Omit<Scope3Line, 'kgCO2e'>[]): string {
  const methods: string[] = [];
  if (lines.some((l) => l.method === 'activity')) methods.push(ACTIVITY_METHODS[category]);
  if (lines.some((l) => l.method === 'spend')) methods.push('spend-based method (CNY spent × kgCO2e per CNY)');
  const derived = lines.some((l) => l.from !== 'scope3-activity') ? FROM_INVENTORY : '';
  return `GHG Protocol Corporate Value Chain (Scope 3) Standard, ${NAMES[category]}: ${methods.join(' and ') || 'no activity'}${derived}; factors from the organisation's own Scope 3 factor set, its name, version and source stated on each line; activities whose period lies inside the inventory period; reported apart from Scope 1 and 2 and the chain totals`;
}

/** A category's section from its lines: each quantity × kgCO2e per unit and the total, exact decimals. */
export function categorySection(
  category: Scope3FactorCategory,
  lines: Omit<Scope3Line, 'kgCO2e'>[],
  notCovered?: string[],
): Scope3CategorySection {
  let total = ZERO;
  let totalScale = 0;
  const stated = lines.map((line): Scope3Line => {
    const scale = decimals(line.quantity) + decimals(line.factor.kgCO2ePerUnit);
    const kg = mul(parseRational(line.quantity), parseRational(line.factor.kgCO2ePerUnit));
    total = add(total, kg);
    totalScale = Math.max(totalScale, scale);
    return { ...line, kgCO2e: format(kg, scale) };
  });
  const sets = new Map(
    lines.map((l) => [l.factor.setId, { id: l.factor.setId, name: l.factor.setName, version: l.factor.setVersion }]),
  );
  return {
    category,
    method: methodText(category, lines),
    factorSets: [...sets.values()],
    lines: stated,
    kgCO2e: format(total, totalScale),
    ...(notCovered && notCovered.length > 0 ? { notCovered } : {}),
  };
}

/** A recorded activity as a line of its category. */
export function activityLine(a: Scope3Activity): Omit<Scope3Line, 'kgCO2e'> {
  return {
    from: 'scope3-activity',
    ref: a.id,
    description: a.description,
    period: { start: a.periodStart, end: a.periodEnd },
    method: a.method,
    quantity: a.quantity,
    unit: a.factor.unit,
    ...(a.terms ? { terms: a.terms } : {}),
    factor: a.factor,
    evidence: a.evidence,
  };
}

/**
 * The category sections of the activities and the lines derived from the inventory (category 3): only categories
 * that have lines, or, for category 3, activity the set could not cover.
 */
export function scope3Categories(
  activities: readonly Scope3Activity[],
  derivedCategory3?: { lines: Omit<Scope3Line, 'kgCO2e'>[]; notCovered: string[] },
): Scope3Categories {
  const sections: Scope3Categories = {};
  for (const category of [3, 4, 6, 7, 1] as const) {
    const lines = activities.filter((a) => a.category === category).map(activityLine);
    const notCovered = category === 3 ? (derivedCategory3?.notCovered ?? []) : [];
    if (category === 3 && derivedCategory3) lines.push(...derivedCategory3.lines);
    if (lines.length > 0 || notCovered.length > 0) {
      sections[CATEGORY_KEYS[category]] = categorySection(category, lines, notCovered);
    }
  }
  return sections;
}

/**
 * The categories of a stated section recomputed from their own lines (what a verifier does); category 3 lines derived
 * from the inventory take their quantities from the `recomputed` inventory instead of the claimed one.
 */
export function recomputeCategories(stated: Scope3Categories, recomputed: InventoryDocument): Scope3Categories {
  const sections: Scope3Categories = {};
  for (const category of [3, 4, 6, 7, 1] as const) {
    const section = stated[CATEGORY_KEYS[category]];
    if (!section) continue;
    const lines = restateDerivedQuantities(
      section.lines.map(({ kgCO2e: _kg, ...line }) => line),
      recomputed,
    );
    sections[CATEGORY_KEYS[category]] = categorySection(category, lines, section.notCovered);
  }
  return sections;
}

/** The Scope 3 total: the sum of the category totals, with as many decimals as the most precise of them. */
export function scope3Total(totals: readonly string[]): string {
  let total = ZERO;
  let scale = 0;
  for (const t of totals) {
    total = add(total, parseRational(t));
    scale = Math.max(scale, decimals(t));
  }
  return format(total, scale);
}

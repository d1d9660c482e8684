import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { InventoryDocument } from '../accounting/computeInventory';
import { previewInventory } from '../accounting/inventories';
import { checkPeriod } from '../accounting/loadInventoryInput';
import { add, compare, format, parseRational, sub, ZERO, type Rational } from '../accounting/rational';
import { memberInventoryStatus, type MemberInventoryStatus } from './memberInventoryStatus';
import { activeMembers, type GrantLevel } from './parkMemberships';

/** Most calendar months one overview spans (each month of each member is one inventory preview). */
export const MAX_OVERVIEW_MONTHS = 24;
const SCALE = 3;

/** Energy in kgce and location-based CO2e in kg, as 3-decimal strings (the inventory's presentation scale). */
export interface EnergyCarbon {
  energyKgce: string;
  co2eKg: string;
}

export interface Figures extends EnergyCarbon {
  scope1Kg: string;
  scope2LocationKg: string;
  exportedKg: string;
  byEnergyKind: ({ energyKind: string } & EnergyCarbon)[];
  byMonth: ({ month: string } & EnergyCarbon)[];
}

export interface MemberOverview {
  member: { id: string; name: string; grantLevel: GrantLevel };
  /** False when the member has no readings of boundary meters in the period (its figures are zero). */
  hasData: boolean;
  figures: Figures;
  /** Per product, from the member's production volumes: the inventory's own intensity lines. */
  intensity: InventoryDocument['intensity'];
  latestInventory: MemberInventoryStatus | null;
}

export interface RankingEntry {
  memberId: string;
  name: string;
  rank: number;
  quantity: string;
  kgCO2ePerUnit: string;
  kgcePerUnit: string;
}

export interface ParkOverview {
  period: { from: string; to: string };
  park: Figures;
  members: MemberOverview[];
  /** Members ranked per product by location-based CO2e per unit, lowest (best) first. */
  ranking: { product: string; unit: string; members: RankingEntry[] }[];
}

/** Calendar months of [from, to) as sub-periods, the first and last cut at the period's ends. */
export function monthsOf(from: string, to: string): { month: string; start: string; end: string }[] {
  const months: { month: string; start: string; end: string }[] = [];
  let start = from;
  while (start < to) {
    const [y, m] = start.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const end = next < to ? next : to;
    months.push({ month: start.slice(0, 7), start, end });
    start = end;
  }
  return months;
}

/** The member's inventory preview for a period, or undefined when it has no data there. */
async function preview(db: Queryable, orgId: string, start: string, end: string) {
  try {
    return (await previewInventory(db, orgId, { start, end })).document;
  } catch (e) {
    if (e instanceof NengtanError && e.code === 'NT_ERR_ACCOUNTING_NO_DATA') return undefined;
    throw e;
  }
}

const r = (text: string | undefined) => parseRational(text ?? '0');
const f = (x: Rational) => format(x, SCALE);

/** Energy and CO2e per energy kind from the source lines; exported lines count negative, as in the total. */
function byEnergyKind(document: InventoryDocument | undefined): Map<string, { energy: Rational; co2e: Rational }> {
  const kinds = new Map<string, { energy: Rational; co2e: Rational }>();
  for (const line of document?.sources ?? []) {
    const sign = (x: Rational) => (line.scope === 'deducted' ? sub(ZERO, x) : x);
    const entry = kinds.get(line.energyKind) ?? { energy: ZERO, co2e: ZERO };
    entry.energy = add(entry.energy, sign(r(line.energyKgce)));
    entry.co2e = add(entry.co2e, sign(r(line.emissions.co2e)));
    kinds.set(line.energyKind, entry);
  }
  return kinds;
}

interface ExactFigures {
  energy: Rational;
  co2e: Rational;
  scope1: Rational;
  scope2: Rational;
  exported: Rational;
  kinds: Map<string, { energy: Rational; co2e: Rational }>;
  months: Map<string, { energy: Rational; co2e: Rational }>;
}

function exactFigures(whole: InventoryDocument | undefined, months: [string, InventoryDocument | undefined][]) {
  const figures: ExactFigures = {
    energy: r(whole?.results.energyKgce),
    co2e: r(whole?.results.totalLocationBased),
    scope1: r(whole?.results.scope1),
    scope2: r(whole?.results.scope2LocationBased),
    exported: r(whole?.results.exported),
    kinds: byEnergyKind(whole),
    months: new Map(
      months.map(([month, d]) => [month, { energy: r(d?.results.energyKgce), co2e: r(d?.results.totalLocationBased) }]),
    ),
  };
  return figures;
}

function addInto(target: Map<string, { energy: Rational; co2e: Rational }>, from: ExactFigures['kinds']) {
  for (const [key, v] of from) {
    const entry = target.get(key) ?? { energy: ZERO, co2e: ZERO };
    target.set(key, { energy: add(entry.energy, v.energy), co2e: add(entry.co2e, v.co2e) });
  }
}

function present(x: ExactFigures): Figures {
  const list = (m: ExactFigures['kinds']) =>
    [...m.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => ({ k, energyKgce: f(v.energy), co2eKg: f(v.co2e) }));
  return {
    energyKgce: f(x.energy),
    co2eKg: f(x.co2e),
    scope1Kg: f(x.scope1),
    scope2LocationKg: f(x.scope2),
    exportedKg: f(x.exported),
    byEnergyKind: list(x.kinds).map(({ k, ...v }) => ({ energyKind: k, ...v })),
    byMonth: list(x.months).map(({ k, ...v }) => ({ month: k, ...v })),
  };
}

function rank(members: MemberOverview[]): ParkOverview['ranking'] {
  const products = new Map<string, { product: string; unit: string; members: Omit<RankingEntry, 'rank'>[] }>();
  for (const m of members) {
    for (const line of m.intensity) {
      const key = `${line.product}\u0000${line.unit}`;
      const entry = products.get(key) ?? { product: String(line.product), unit: String(line.unit), members: [] };
      entry.members.push({
        memberId: m.member.id,
        name: m.member.name,
        quantity: String(line.quantity),
        kgCO2ePerUnit: String(line.kgCO2ePerUnitLocation),
        kgcePerUnit: String(line.kgcePerUnit),
      });
      products.set(key, entry);
    }
  }
  return [...products.values()]
    .sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : a.unit < b.unit ? -1 : 1))
    .map((p) => ({
      product: p.product,
      unit: p.unit,
      members: p.members
        .sort((a, b) => compare(r(a.kgCO2ePerUnit), r(b.kgCO2ePerUnit)) || (a.name < b.name ? -1 : 1))
        .map((e, i) => ({ ...e, rank: i + 1 })),
    }));
}

/**
 * What a park sees for a period: each consenting member's energy and location-based CO2e from its own inventory
 * preview (the same engine, factor set and rounding as the member's own), by energy kind and by month, and the park
 * as the exact sum of its members. Members that left or were removed are not members any more and are not read.
 */
export async function parkOverview(db: Queryable, parkId: string, period: { from: string; to: string }) {
  checkPeriod(period.from, period.to);
  const months = monthsOf(period.from, period.to);
  if (months.length > MAX_OVERVIEW_MONTHS)
    throw new NengtanError('NT_ERR_PARK_PERIOD', { details: { limit: MAX_OVERVIEW_MONTHS } });
  const members = await activeMembers(db, parkId);
  const statuses = await memberInventoryStatus(
    db,
    members.map((m) => m.id),
  );
  const park: ExactFigures = {
    energy: ZERO,
    co2e: ZERO,
    scope1: ZERO,
    scope2: ZERO,
    exported: ZERO,
    kinds: new Map(),
    months: new Map(),
  };
  const overviews: MemberOverview[] = [];
  for (const member of members) {
    const whole = await preview(db, member.id, period.from, period.to);
    const monthly: [string, InventoryDocument | undefined][] = [];
    for (const m of months) monthly.push([m.month, whole && (await preview(db, member.id, m.start, m.end))]);
    const exact = exactFigures(whole, monthly);
    park.energy = add(park.energy, exact.energy);
    park.co2e = add(park.co2e, exact.co2e);
    park.scope1 = add(park.scope1, exact.scope1);
    park.scope2 = add(park.scope2, exact.scope2);
    park.exported = add(park.exported, exact.exported);
    addInto(park.kinds, exact.kinds);
    addInto(park.months, exact.months);
    overviews.push({
      member,
      hasData: whole !== undefined,
      figures: present(exact),
      intensity: whole?.intensity ?? [],
      latestInventory: statuses.get(member.id) ?? null,
    });
  }
  const overview: ParkOverview = { period, park: present(park), members: overviews, ranking: rank(overviews) };
  return overview;
}

import type { InventoryDocument } from './computeInventory';
import { format, mul, parseRational, rational } from './rational';
import type { Scope3FactorStated } from './scope3Activities';
import type { Scope3Line } from './scope3Categories';
import { TD_LOSSES, WELL_TO_TANK, type Scope3Factor, type Scope3FactorSet } from './scope3FactorSets';

const decimals = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);

/** A quantity in kg or t restated exactly in the factor's unit (kg or t); undefined for other pairs. */
function inUnit(quantity: string, from: string, to: string): string | undefined {
  if (from === to) return quantity;
  if (from === 'kg' && to === 't')
    return format(mul(parseRational(quantity), rational(1n, 1000n)), decimals(quantity) + 3);
  if (from === 't' && to === 'kg') return format(mul(parseRational(quantity), rational(1000n)), decimals(quantity));
  return undefined;
}

/** The part of a calendar year inside the inventory period. */
function yearInPeriod(year: number, period: { start: string; end: string }) {
  const start = `${year}-01-01`;
  const end = `${year + 1}-01-01`;
  return { start: start > period.start ? start : period.start, end: end < period.end ? end : period.end };
}

/**
 * Category 3 lines derived from the inventory's own activity with the organisation's factor set: well-to-tank of each
 * fuel burnt (stationary combustion source lines, and vehicle fuel records) and T&D losses of each purchased
 * electricity line. Fuel and electricity the set has no factor for (or a factor in another unit) is named in
 * `notCovered`, never skipped quietly.
 */
export function category3FromInventory(
  document: InventoryDocument,
  set: Scope3FactorSet,
): { lines: Omit<Scope3Line, 'kgCO2e'>[]; notCovered: string[] } {
  const factors = new Map(set.factors.filter((f) => f.category === 3).map((f) => [f.subject, f]));
  const stated = (f: Scope3Factor): Scope3FactorStated => ({
    setId: set.id,
    setName: set.name,
    setVersion: set.version,
    factorId: f.id,
    subject: f.subject,
    unit: f.unit,
    kgCO2ePerUnit: f.kgCO2ePerUnit,
    source: f.source,
  });
  const lines: Omit<Scope3Line, 'kgCO2e'>[] = [];
  const notCovered: string[] = [];
  const cover = (
    subject: string,
    quantity: string,
    unit: string,
    line: Pick<Scope3Line, 'from' | 'ref' | 'description' | 'period' | 'evidence'>,
  ) => {
    const factor = factors.get(subject);
    const converted = factor && inUnit(quantity, unit, factor.unit);
    if (!factor || converted === undefined) {
      notCovered.push(`${line.description}: ${quantity} ${unit} (no ${subject} factor per ${unit} in the set)`);
      return;
    }
    lines.push({ ...line, method: 'activity', quantity: converted, unit: factor.unit, factor: stated(factor) });
  };
  for (const s of document.sources) {
    const ref = `meter ${s.meter.externalId} ${s.year}`;
    const common = { ref, period: yearInPeriod(s.year, document.period), evidence: `inventory source line, ${ref}` };
    if (s.kind === 'stationary_combustion') {
      cover(`${WELL_TO_TANK}${s.energyKind}`, s.activity.quantity, s.activity.unit, {
        ...common,
        from: 'inventory-source',
        description: `Well-to-tank of ${s.energyKind} burnt, meter ${s.meter.externalId}, ${s.year}`,
      });
    } else if (s.kind === 'purchased_electricity') {
      cover(TD_LOSSES, s.activity.quantity, s.activity.unit, {
        ...common,
        from: 'inventory-source',
        description: `T&D losses of purchased electricity, meter ${s.meter.externalId}, ${s.year}`,
      });
    }
  }
  for (const a of document.activityData ?? []) {
    if (a.sourceKind !== 'mobile_combustion') continue;
    cover(`${WELL_TO_TANK}${a.subject}`, a.quantity, a.unit, {
      from: 'inventory-activity-data',
      ref: a.id,
      description: `Well-to-tank of ${a.subject} burnt in vehicles`,
      period: { start: a.start, end: a.end },
      evidence: a.evidence,
    });
  }
  return { lines, notCovered };
}

/**
 * Derived category 3 lines with their quantities taken again from `document` (a verifier's recomputed inventory): the
 * source line of the same meter and year, or the activity record of the same id, in the line's unit. A quantity the
 * document no longer has becomes "0", so a changed or invented quantity shows as a difference.
 */
export function restateDerivedQuantities<L extends Pick<Scope3Line, 'from' | 'ref' | 'quantity' | 'unit' | 'factor'>>(
  lines: L[],
  document: InventoryDocument,
): L[] {
  return lines.map((line) => {
    if (line.from === 'scope3-activity') return line;
    const kind = line.factor.subject === TD_LOSSES ? 'purchased_electricity' : 'stationary_combustion';
    const found =
      line.from === 'inventory-source'
        ? document.sources
            .filter((s) => s.kind === kind && `meter ${s.meter.externalId} ${s.year}` === line.ref)
            .map((s) => ({ quantity: s.activity.quantity, unit: s.activity.unit }))[0]
        : (document.activityData ?? []).filter((a) => a.id === line.ref)[0];
    return { ...line, quantity: (found && inUnit(found.quantity, found.unit, line.unit)) ?? '0' };
  });
}

import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { standardCoalKg } from '../accounting/formulas';
import { rational, roundToUnits } from '../accounting/rational';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { divideHalfEven, formatUnits } from '../lib/decimal';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { listMeters, type Meter } from '../registry/meters';
import { listSites } from '../registry/sites';
import { listConversionUnits } from './conversionUnits';
import { listMeterPlaces } from './meterTopology';

const HEAT_KINDS = new Set(['heat', 'steam']);
const SCALE = 10n ** BigInt(QUANTITY_SCALE);

export type FlowNodeKind = 'source' | 'site' | 'meter' | 'end_use' | 'losses' | 'export' | 'conversion';
export interface FlowNode {
  id: string;
  kind: FlowNodeKind;
  /** A meter's external id, a site's name, an energy kind or an end use. */
  name: string;
}
export interface FlowLink {
  source: string;
  target: string;
  /** kgce, a decimal string. */
  kgce: string;
}
/** A meter with sub-meters: what it measured, what they measured, and the difference (losses and unmetered use). */
export interface BranchBalance {
  meter: string;
  unit: string;
  quantity: string;
  childrenQuantity: string;
  difference: string;
  /** Difference as per cent of the meter's quantity, one decimal; null when the meter measured nothing. */
  differencePercent: string | null;
}
export interface EnergyFlow {
  from: string;
  to: string;
  unit: 'kgce';
  nodes: FlowNode[];
  links: FlowLink[];
  balances: BranchBalance[];
  /** Sub-meters with no parent: they measure part of a boundary meter but say not which, so they stay out. */
  unplaced: string[];
}

/** Each meter's quantity over local days [from, to) from the daily rollups, in units of 10^-6 of its normalised unit. */
async function periodQuantities(
  db: Queryable,
  meters: Meter[],
  from: string,
  to: string,
): Promise<Map<string, bigint>> {
  const { rows } = await db.query<{ meter_id: string; quantity: string }>(
    `select meter_id, sum(quantity)::text as quantity from reading_rollups_daily
      where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date group by meter_id`,
    [meters.map((m) => m.id), from, to],
  );
  return new Map(rows.map((r) => [r.meter_id, toUnits(r.quantity)]));
}

function toUnits(decimal: string): bigint {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  const units = BigInt(whole) * SCALE + BigInt(fraction.padEnd(QUANTITY_SCALE, '0').slice(0, QUANTITY_SCALE));
  return negative ? -units : units;
}

function percentOf(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  const tenths = divideHalfEven(part * 1000n, whole);
  const sign = tenths < 0n ? '-' : '';
  const absolute = tenths < 0n ? -tenths : tenths;
  return `${sign}${absolute / 10n}.${absolute % 10n}`;
}

/**
 * The organisation's energy flow over local days [from, to) in kgce: purchased energy by kind → sites → boundary
 * meters → sub-meters → end uses, the losses and unmetered use of every branch (parent minus children), and exports.
 * Conversion units (PUT /v1/meters/{id}/conversion) sit between: their input meters flow into the unit's node and
 * their output meter flows out of it, so a boiler shows coal → boiler → steam → end uses.
 * Quantities come from the daily rollups (the same numbers inventories use); kgce from the default factor set's
 * standard coal coefficients, exact to 10^-6.
 */
export async function energyFlow(db: Queryable, orgId: string, from: string, to: string): Promise<EnergyFlow> {
  const meters = (await listMeters(db, orgId)).filter((m) => m.accountingRole !== 'excluded');
  const [places, sites, quantities, factors, units] = await Promise.all([
    listMeterPlaces(db, orgId),
    listSites(db, orgId),
    periodQuantities(db, meters, from, to),
    factorSourceFromSet(db, orgId, DEFAULT_FACTOR_SET_ID),
    listConversionUnits(db, orgId),
  ]);
  const byId = new Map(meters.map((m) => [m.id, m]));
  // Conversion units (PUT /v1/meters/{id}/conversion): inputs end in the unit's node, outputs start from it.
  const ownUnits = units.filter((u) => byId.has(u.outputMeterId));
  const unitOfInput = new Map(ownUnits.flatMap((u) => u.inputs.map((i) => [i.meterId, u] as const)));
  const outputs = new Set(ownUnits.map((u) => u.outputMeterId));
  const isChild = (meter: Meter) => {
    const parent = places.get(meter.id)?.parentMeterId;
    return Boolean(parent && byId.has(parent) && !outputs.has(meter.id));
  };
  const children = new Map<string, Meter[]>();
  for (const meter of meters) {
    const parent = places.get(meter.id)?.parentMeterId;
    if (parent && isChild(meter)) children.set(parent, [...(children.get(parent) ?? []), meter]);
  }
  const quantity = (m: Meter) => quantities.get(m.id) ?? 0n;
  const kgce = (m: Meter, units: bigint) =>
    roundToUnits(
      standardCoalKg(
        rational(units, SCALE),
        m.unit,
        factors.standardCoal(HEAT_KINDS.has(m.energyKind) ? 'heat' : m.energyKind),
      ),
      QUANTITY_SCALE,
    );

  const nodes = new Map<string, FlowNode>();
  const links: FlowLink[] = [];
  const balances: BranchBalance[] = [];
  const node = (id: string, kind: FlowNodeKind, name: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, kind, name });
    return id;
  };
  const link = (source: string, target: string, value: bigint) => {
    if (value > 0n) links.push({ source, target, kgce: formatUnits(value, QUANTITY_SCALE) });
  };
  const siteName = new Map(sites.map((s) => [s.id, s.name]));

  /** A meter's node, its sub-meters below it, its end use, and the unmetered rest of its branch. */
  const branch = (meter: Meter) => {
    const id = node(`meter:${meter.id}`, 'meter', meter.name ?? meter.externalId);
    const unit = unitOfInput.get(meter.id);
    if (unit) {
      const unitNode = node(`conversion:${unit.outputMeterId}`, 'conversion', unit.name ?? unit.outputMeter);
      link(id, unitNode, kgce(meter, quantity(meter)));
      return;
    }
    const below = children.get(meter.id) ?? [];
    for (const child of below) {
      link(id, `meter:${child.id}`, kgce(child, quantity(child)));
      branch(child);
    }
    const endUse = places.get(meter.id)?.endUse;
    if (below.length === 0) {
      if (endUse) link(id, node(`end_use:${endUse}`, 'end_use', endUse), kgce(meter, quantity(meter)));
      return;
    }
    const childrenUnits = below.reduce((sum, c) => sum + quantity(c), 0n);
    const difference = quantity(meter) - childrenUnits;
    balances.push({
      meter: meter.externalId,
      unit: meter.unit,
      quantity: formatUnits(quantity(meter), QUANTITY_SCALE),
      childrenQuantity: formatUnits(childrenUnits, QUANTITY_SCALE),
      difference: formatUnits(difference, QUANTITY_SCALE),
      differencePercent: percentOf(difference, quantity(meter)),
    });
    link(id, node(`losses:${meter.siteId}`, 'losses', `${siteName.get(meter.siteId) ?? ''}`), kgce(meter, difference));
  };

  const unplaced: string[] = [];
  for (const meter of meters) {
    if (isChild(meter)) continue;
    const unit = ownUnits.find((u) => u.outputMeterId === meter.id);
    if (unit && meter.flow !== 'export') {
      const unitNode = node(`conversion:${unit.outputMeterId}`, 'conversion', unit.name ?? unit.outputMeter);
      link(unitNode, `meter:${meter.id}`, kgce(meter, quantity(meter)));
      branch(meter);
      continue;
    }
    if (meter.accountingRole === 'submeter') {
      unplaced.push(meter.externalId);
      continue;
    }
    const site = node(`site:${meter.siteId}`, 'site', siteName.get(meter.siteId) ?? meter.siteId);
    const value = kgce(meter, quantity(meter));
    if (meter.flow === 'export') {
      link(site, node(`export:${meter.energyKind}`, 'export', meter.energyKind), value);
      continue;
    }
    link(node(`source:${meter.energyKind}`, 'source', meter.energyKind), site, value);
    link(site, `meter:${meter.id}`, value);
    branch(meter);
  }
  const linked = new Set(links.flatMap((l) => [l.source, l.target]));
  return {
    from,
    to,
    unit: 'kgce',
    nodes: [...nodes.values()].filter((n) => linked.has(n.id)),
    links,
    balances,
    unplaced: unplaced.sort(),
  };
}

import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { standardCoalKg } from '../accounting/formulas';
import { add, div, format, mul, parseRational, rational, sub, sum, ZERO, type Rational } from '../accounting/rational';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { NengtanError } from '../lib/errors';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { listMeters, type Meter } from '../registry/meters';
import { getSite } from '../registry/sites';
import { listConversionUnits, type ConversionUnit } from './conversionUnits';
import { listMeterPlaces } from './meterTopology';

const HEAT_KINDS = new Set(['heat', 'steam']);
const HUNDRED = rational(100n);
/** A balance is a yearly document (GB/T 28751 tests a representative period); a year and a leap day at most. */
export const MAX_BALANCE_DAYS = 366;

/** The columns of one row of the balance, in one unit (the kind's physical unit, or kgce). */
export interface BalanceColumns<T> {
  purchased: T;
  /** Stock change (库存增减): Nengtan records no stock levels, so always null, and not in the sums. */
  stockChange: null;
  /** Produced by conversion units (boiler steam, generated electricity). */
  conversionOutput: T;
  /** Consumed by conversion units (coal into a boiler). */
  conversionInput: T;
  /** Distribution and transmission losses: parent meters minus their sub-meters. */
  losses: T;
  endUse: { use: string | null; quantity: T }[];
  endUseTotal: T;
  exported: T;
  /** purchased + conversion output. */
  supply: T;
  /** conversion input + losses + end use + exported. */
  disposition: T;
  /** supply − disposition: what the meters do not explain (unmetered generation, missing meters, metering error). */
  unexplained: T;
}

export interface BranchLoss {
  meter: Meter;
  quantity: Rational;
  childrenQuantity: Rational;
  loss: Rational;
  lossKgce: Rational | null;
}

export interface UnitBalance {
  unit: ConversionUnit;
  output: { meter: Meter; quantity: Rational; kgce: Rational | null };
  inputs: { meter: Meter; quantity: Rational; kgce: Rational | null }[];
  inputKgce: Rational | null;
  /** output kgce / input kgce, exact; null when an input measured nothing or a kind has no standard coal factor. */
  efficiency: Rational | null;
  reference: Rational | null;
}

/** The balance with exact numbers, for the table and for the optimisation that ranks its loss points. */
export interface BalanceModel {
  from: string;
  to: string;
  days: number;
  siteId: string | null;
  kinds: {
    energyKind: string;
    unit: string;
    physical: BalanceColumns<Rational>;
    kgce: BalanceColumns<Rational> | null;
  }[];
  totalKgce: BalanceColumns<Rational>;
  branches: BranchLoss[];
  units: UnitBalance[];
  unplaced: string[];
  kgceOf: (meter: Meter, quantity: Rational) => Rational | null;
  meters: Meter[];
}

function emptyColumns(): BalanceColumns<Rational> {
  return {
    purchased: ZERO,
    stockChange: null,
    conversionOutput: ZERO,
    conversionInput: ZERO,
    losses: ZERO,
    endUse: [],
    endUseTotal: ZERO,
    exported: ZERO,
    supply: ZERO,
    disposition: ZERO,
    unexplained: ZERO,
  };
}

function addEndUse(columns: BalanceColumns<Rational>, use: string | null, quantity: Rational) {
  const line = columns.endUse.find((e) => e.use === use);
  if (line) line.quantity = add(line.quantity, quantity);
  else columns.endUse.push({ use, quantity });
}

function closeColumns(c: BalanceColumns<Rational>): BalanceColumns<Rational> {
  const endUseTotal = sum(c.endUse.map((e) => e.quantity));
  const supply = add(c.purchased, c.conversionOutput);
  const disposition = sum([c.conversionInput, c.losses, endUseTotal, c.exported]);
  const endUse = [...c.endUse].sort((a, b) => (a.use ?? '\uffff').localeCompare(b.use ?? '\uffff'));
  return { ...c, endUse, endUseTotal, supply, disposition, unexplained: sub(supply, disposition) };
}

/** Each meter's quantity over local days [from, to) from the daily rollups, exact, in its normalised unit. */
async function periodQuantities(db: Queryable, meters: Meter[], from: string, to: string) {
  const { rows } = await db.query<{ meter_id: string; quantity: string }>(
    `select meter_id, sum(quantity)::text as quantity from reading_rollups_daily
      where meter_id = any($1::uuid[]) and day >= $2::date and day < $3::date group by meter_id`,
    [meters.map((m) => m.id), from, to],
  );
  return new Map(rows.map((r) => [r.meter_id, parseRational(r.quantity)]));
}

/** The period's length in days, refused outside 1 to MAX_BALANCE_DAYS. */
export function balanceDays(from: string, to: string): number {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(days >= 1) || days > MAX_BALANCE_DAYS || !Number.isInteger(days)) {
    throw new NengtanError('NT_ERR_ENERGY_BALANCE_PARAMS', {
      message: `Not a period of 1 to ${MAX_BALANCE_DAYS} local days: ${from} to ${to}`,
      details: { from, to },
    });
  }
  return days;
}

/**
 * The enterprise energy balance (企业能量平衡, in the spirit of GB/T 3484 and GB/T 28751) over local days [from, to),
 * per energy kind: what came in (purchased at the boundary meters, produced by conversion units) and where it went
 * (conversion units' input, distribution losses = parent meters minus their sub-meters, end uses by the use each meter
 * is placed at, exports), each in the kind's unit and in kgce (default factor set, GB/T 2589 coefficients, the same
 * as GET /v1/energy-flow). What the meters do not explain is the row's unexplained remainder, never spread over the
 * other columns. Quantities are the daily rollups inventories use; arithmetic is exact until formatting.
 */
export async function energyBalanceModel(
  db: Queryable,
  orgId: string,
  params: { from: string; to: string; siteId?: string | null },
): Promise<BalanceModel> {
  const days = balanceDays(params.from, params.to);
  if (params.siteId && !(await getSite(db, orgId, params.siteId))) {
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Site ${params.siteId} not found` });
  }
  const meters = (await listMeters(db, orgId, { siteId: params.siteId ?? undefined })).filter(
    (m) => m.accountingRole !== 'excluded',
  );
  const [places, quantities, factors, units] = await Promise.all([
    listMeterPlaces(db, orgId),
    periodQuantities(db, meters, params.from, params.to),
    factorSourceFromSet(db, orgId, DEFAULT_FACTOR_SET_ID),
    listConversionUnits(db, orgId),
  ]);
  const byId = new Map(meters.map((m) => [m.id, m]));
  const quantity = (m: Meter) => quantities.get(m.id) ?? ZERO;
  const coefficients = new Map<string, ReturnType<typeof factors.standardCoal> | null>();
  const kgceOf = (m: Meter, q: Rational): Rational | null => {
    const carrier = HEAT_KINDS.has(m.energyKind) ? 'heat' : m.energyKind;
    if (!coefficients.has(carrier)) {
      try {
        coefficients.set(carrier, factors.standardCoal(carrier));
      } catch {
        coefficients.set(carrier, null); // water and other carriers GB/T 2589 gives no coefficient for
      }
    }
    const coefficient = coefficients.get(carrier);
    return coefficient ? standardCoalKg(q, m.unit, coefficient) : null;
  };

  const ownUnits = units.filter((u) => byId.has(u.outputMeterId));
  const outputs = new Set(ownUnits.map((u) => u.outputMeterId));
  const inputs = new Set(ownUnits.flatMap((u) => u.inputs.map((i) => i.meterId)).filter((id) => byId.has(id)));
  const children = new Map<string, Meter[]>();
  for (const meter of meters) {
    const parent = places.get(meter.id)?.parentMeterId;
    // A unit's output is where its energy enters the balance, so it heads its own tree whatever its place.
    if (parent && byId.has(parent) && !outputs.has(meter.id)) {
      children.set(parent, [...(children.get(parent) ?? []), meter]);
    }
  }

  const columns = new Map<string, BalanceColumns<Rational>>();
  const columnsOf = (m: Meter) => {
    let c = columns.get(m.energyKind);
    if (!c) columns.set(m.energyKind, (c = emptyColumns()));
    return c;
  };
  const branches: BranchLoss[] = [];
  const allocate = (meter: Meter) => {
    const c = columnsOf(meter);
    if (inputs.has(meter.id)) {
      c.conversionInput = add(c.conversionInput, quantity(meter));
      return;
    }
    const below = children.get(meter.id) ?? [];
    if (below.length === 0) {
      addEndUse(c, places.get(meter.id)?.endUse ?? null, quantity(meter));
      return;
    }
    const childrenQuantity = sum(below.map(quantity));
    const loss = sub(quantity(meter), childrenQuantity);
    c.losses = add(c.losses, loss);
    branches.push({ meter, quantity: quantity(meter), childrenQuantity, loss, lossKgce: kgceOf(meter, loss) });
    below.forEach(allocate);
  };

  const unplaced: string[] = [];
  for (const meter of meters) {
    const parent = places.get(meter.id)?.parentMeterId;
    if (parent && byId.has(parent) && !outputs.has(meter.id)) continue;
    const c = columnsOf(meter);
    if (meter.flow === 'export') {
      c.exported = add(c.exported, quantity(meter));
    } else if (outputs.has(meter.id)) {
      c.conversionOutput = add(c.conversionOutput, quantity(meter));
      allocate(meter);
    } else if (meter.accountingRole === 'submeter') {
      unplaced.push(meter.externalId);
    } else {
      c.purchased = add(c.purchased, quantity(meter));
      allocate(meter);
    }
  }

  const kinds = [...columns.keys()].sort().map((energyKind) => {
    const physical = closeColumns(columns.get(energyKind) as BalanceColumns<Rational>);
    const sample = meters.find((m) => m.energyKind === energyKind) as Meter;
    const toKgce = (q: Rational) => kgceOf(sample, q) as Rational;
    const kgce =
      kgceOf(sample, rational(1n)) === null
        ? null
        : closeColumns({
            ...physical,
            purchased: toKgce(physical.purchased),
            conversionOutput: toKgce(physical.conversionOutput),
            conversionInput: toKgce(physical.conversionInput),
            losses: toKgce(physical.losses),
            endUse: physical.endUse.map((e) => ({ use: e.use, quantity: toKgce(e.quantity) })),
            exported: toKgce(physical.exported),
          });
    return { energyKind, unit: sample.unit, physical, kgce };
  });
  const total = emptyColumns();
  for (const k of kinds) {
    if (!k.kgce) continue;
    total.purchased = add(total.purchased, k.kgce.purchased);
    total.conversionOutput = add(total.conversionOutput, k.kgce.conversionOutput);
    total.conversionInput = add(total.conversionInput, k.kgce.conversionInput);
    total.losses = add(total.losses, k.kgce.losses);
    total.exported = add(total.exported, k.kgce.exported);
    for (const e of k.kgce.endUse) addEndUse(total, e.use, e.quantity);
  }

  const unitBalances: UnitBalance[] = ownUnits.map((unit) => {
    const outputMeter = byId.get(unit.outputMeterId) as Meter;
    const output = {
      meter: outputMeter,
      quantity: quantity(outputMeter),
      kgce: kgceOf(outputMeter, quantity(outputMeter)),
    };
    const unitInputs = unit.inputs
      .map((i) => byId.get(i.meterId))
      .filter((m): m is Meter => m !== undefined)
      .map((meter) => ({ meter, quantity: quantity(meter), kgce: kgceOf(meter, quantity(meter)) }));
    const inputKgce = unitInputs.some((i) => i.kgce === null) ? null : sum(unitInputs.map((i) => i.kgce as Rational));
    const efficiency =
      inputKgce === null || output.kgce === null || inputKgce.n <= 0n ? null : div(output.kgce, inputKgce);
    const reference = unit.referenceEfficiencyPercent
      ? div(parseRational(unit.referenceEfficiencyPercent), HUNDRED)
      : null;
    return { unit, output, inputs: unitInputs, inputKgce, efficiency, reference };
  });

  return {
    from: params.from,
    to: params.to,
    days,
    siteId: params.siteId ?? null,
    kinds,
    totalKgce: closeColumns(total),
    branches,
    units: unitBalances,
    unplaced: unplaced.sort(),
    kgceOf,
    meters,
  };
}

const text = (q: Rational) => format(q, QUANTITY_SCALE);
const percentText = (ratio: Rational) => format(mul(ratio, HUNDRED), 2);

function columnsText(c: BalanceColumns<Rational>): BalanceColumns<string> {
  return {
    purchased: text(c.purchased),
    stockChange: null,
    conversionOutput: text(c.conversionOutput),
    conversionInput: text(c.conversionInput),
    losses: text(c.losses),
    endUse: c.endUse.map((e) => ({ use: e.use, quantity: text(e.quantity) })),
    endUseTotal: text(c.endUse.length === 0 ? ZERO : c.endUseTotal),
    exported: text(c.exported),
    supply: text(c.supply),
    disposition: text(c.disposition),
    unexplained: text(c.unexplained),
  };
}

export interface EnergyBalance {
  from: string;
  to: string;
  siteId: string | null;
  factorSet: 'default';
  rows: { energyKind: string; unit: string; quantity: BalanceColumns<string>; kgce: BalanceColumns<string> | null }[];
  totalKgce: BalanceColumns<string> & { conversionLoss: string };
  conversionUnits: {
    outputMeter: string;
    name: string | null;
    output: { meter: string; energyKind: string; unit: string; quantity: string; kgce: string | null };
    inputs: { meter: string; energyKind: string; unit: string; quantity: string; kgce: string | null }[];
    inputKgce: string | null;
    /** output kgce / input kgce in per cent, two decimals. */
    efficiencyPercent: string | null;
    referenceEfficiencyPercent: string | null;
  }[];
  branches: {
    meter: string;
    energyKind: string;
    unit: string;
    quantity: string;
    childrenQuantity: string;
    loss: string;
    lossPercent: string | null;
    lossKgce: string | null;
  }[];
  unplaced: string[];
  stockChangeNote: string;
}

/** The balance as the API states it: decimals at 10^-6 (kgce and physical units), percentages at two places. */
export function formatEnergyBalance(model: BalanceModel): EnergyBalance {
  const part = (meter: Meter, quantity: Rational, kgce: Rational | null) => ({
    meter: meter.externalId,
    energyKind: meter.energyKind,
    unit: meter.unit,
    quantity: text(quantity),
    kgce: kgce && text(kgce),
  });
  return {
    from: model.from,
    to: model.to,
    siteId: model.siteId,
    factorSet: 'default',
    rows: model.kinds.map((k) => ({
      energyKind: k.energyKind,
      unit: k.unit,
      quantity: columnsText(k.physical),
      kgce: k.kgce && columnsText(k.kgce),
    })),
    totalKgce: {
      ...columnsText(model.totalKgce),
      conversionLoss: text(sub(model.totalKgce.conversionInput, model.totalKgce.conversionOutput)),
    },
    conversionUnits: model.units.map((u) => ({
      outputMeter: u.output.meter.externalId,
      name: u.unit.name,
      output: part(u.output.meter, u.output.quantity, u.output.kgce),
      inputs: u.inputs.map((i) => part(i.meter, i.quantity, i.kgce)),
      inputKgce: u.inputKgce && text(u.inputKgce),
      efficiencyPercent: u.efficiency && percentText(u.efficiency),
      referenceEfficiencyPercent: u.unit.referenceEfficiencyPercent,
    })),
    branches: model.branches.map((b) => ({
      meter: b.meter.externalId,
      energyKind: b.meter.energyKind,
      unit: b.meter.unit,
      quantity: text(b.quantity),
      childrenQuantity: text(b.childrenQuantity),
      loss: text(b.loss),
      lossPercent: b.quantity.n === 0n ? null : percentText(div(b.loss, b.quantity)),
      lossKgce: b.lossKgce && text(b.lossKgce),
    })),
    unplaced: model.unplaced,
    stockChangeNote: 'Nengtan records no stock levels (库存): stock change is not known and not in the sums',
  };
}

import type { Queryable } from '../db/db';
import { factorSourceFromSet } from '../accounting/factorSourceFromSet';
import { standardCoalKg } from '../accounting/formulas';
import { add, mul, sum, ZERO, type Rational } from '../accounting/rational';
import { calendarOverrides } from '../calendar/calendarDays';
import { isWorkingDay, MONDAY_TO_FRIDAY } from '../calendar/workingDay';
import { DEFAULT_FACTOR_SET_ID } from '../factors/factorSets';
import { NengtanError } from '../lib/errors';
import { getSite } from '../registry/sites';
import { listMeters, resolveMeters, type Meter } from '../registry/meters';
import type { EnergyAnalysis, EnergyAnalysisParams, KindCost, KindEnergy, PeriodCost } from './energyAnalysisTypes';
import { cnyText, percentText, quantityText } from './figures';
import { meterBuckets, priceOf, type MeterBucket } from './meterPieces';
import { recommendations, type FlexibleLoads } from './recommendations';
import { listFlexibleMeters } from './flexibleMeters';
import { tariffSchedule } from './tariffSchedule';
import { listTariffs } from './tariffs';
import { TOU_PERIODS } from './tariffTypes';

const HEAT_KINDS = new Set(['heat', 'steam']);
const MAX_DAYS = 366;

function invalid(message: string) {
  return new NengtanError('NT_ERR_ENERGY_ANALYSIS_INPUT', { message });
}

/**
 * The meters whose load can move, and why those: the meters asked for, else the meters flagged as flexible loads in
 * scope (each with its own largest share), else every boundary electricity meter in scope (as the analysis has
 * always assumed when nothing says otherwise).
 */
async function flexibleMetersOf(
  db: Queryable,
  orgId: string,
  params: EnergyAnalysisParams,
  scope: Meter[],
): Promise<FlexibleLoads> {
  if (params.flexibleMeters && params.flexibleMeters.length > 0) {
    const found = await resolveMeters(db, orgId, params.flexibleMeters);
    const meters = params.flexibleMeters.map((ref) => {
      const meter = found.get(ref);
      if (!meter) throw invalid(`No meter "${ref}" in your organisation`);
      if (meter.energyKind !== 'electricity') throw invalid(`Meter "${ref}" does not measure electricity`);
      if (params.siteId && meter.siteId !== params.siteId)
        throw invalid(`Meter "${ref}" is not at site ${params.siteId}`);
      return meter;
    });
    return { basis: 'requested', meters, maxShiftPercent: new Map() };
  }
  const flagged = (await listFlexibleMeters(db, orgId)).filter((f) => !params.siteId || f.siteId === params.siteId);
  if (flagged.length > 0) {
    const found = await resolveMeters(
      db,
      orgId,
      flagged.map((f) => f.meterId),
    );
    return {
      basis: 'flagged',
      meters: flagged.map((f) => found.get(f.meterId) as Meter),
      maxShiftPercent: new Map(flagged.flatMap((f) => (f.maxShiftPercent ? [[f.meterId, f.maxShiftPercent]] : []))),
    };
  }
  return {
    basis: 'all_electricity',
    meters: scope.filter((m) => m.energyKind === 'electricity'),
    maxShiftPercent: new Map(),
  };
}

/**
 * Energy consumption analysis (能源消费分析) over local days [from, to) of the organisation or one site: the energy
 * structure (boundary import meters, per kind in its unit and in kgce from the default factor set), the cost
 * structure (per kind, electricity per time-of-use period) priced by the tariff version in force on each local day,
 * and the recommendations that follow from them (用能策略). Figures are exact until presentation.
 */
export async function energyAnalysis(
  db: Queryable,
  orgId: string,
  params: EnergyAnalysisParams,
): Promise<EnergyAnalysis> {
  const { from, to } = params;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(days > 0) || days > MAX_DAYS) throw invalid(`Not a period of 1 to ${MAX_DAYS} local days: ${from} to ${to}`);
  if (params.siteId && !(await getSite(db, orgId, params.siteId))) {
    throw new NengtanError('NT_ERR_NOT_FOUND', { message: `Site ${params.siteId} not found` });
  }
  const scope = (await listMeters(db, orgId, { siteId: params.siteId })).filter(
    (m) => m.accountingRole === 'boundary' && m.flow === 'import',
  );
  const loads = await flexibleMetersOf(db, orgId, params, scope);
  const flexible = loads.meters;
  const [tariffs, factors, calendar] = await Promise.all([
    listTariffs(db, orgId),
    factorSourceFromSet(db, orgId, DEFAULT_FACTOR_SET_ID),
    calendarOverrides(db, orgId, from, to),
  ]);
  const schedule = tariffSchedule(tariffs);
  const workingDay = (day: string) => isWorkingDay(day, MONDAY_TO_FRIDAY, calendar);
  const buckets = new Map<string, MeterBucket[]>();
  for (const meter of new Map([...scope, ...flexible].map((m) => [m.id, m])).values()) {
    const tariffOn = (day: string) => schedule(meter.siteId, meter.energyKind, day);
    buckets.set(meter.id, await meterBuckets(db, meter, from, to, tariffOn, workingDay));
  }
  const quantityOf = (m: Meter) => sum((buckets.get(m.id) ?? []).map((b) => b.quantity));

  const kinds = [...new Set(scope.map((m) => m.energyKind))].sort();
  const kgceOf = (kind: string, unit: string, quantity: Rational): Rational | null => {
    try {
      return standardCoalKg(quantity, unit, factors.standardCoal(HEAT_KINDS.has(kind) ? 'heat' : kind));
    } catch {
      return null;
    }
  };
  const energyRows = kinds.map((kind) => {
    const meters = scope.filter((m) => m.energyKind === kind);
    const quantity = sum(meters.map(quantityOf));
    return { kind, unit: meters[0].unit, meters, quantity, kgce: kgceOf(kind, meters[0].unit, quantity) };
  });
  const totalKgce = sum(energyRows.map((r) => r.kgce ?? ZERO));
  const energyKinds: KindEnergy[] = energyRows.map((r) => ({
    energyKind: r.kind,
    unit: r.unit,
    quantity: quantityText(r.quantity),
    kgce: r.kgce && quantityText(r.kgce),
    sharePercent: r.kgce && percentText(r.kgce, totalKgce),
    meters: r.meters.map((m) => m.externalId),
  }));

  const costRows = energyRows.map((r) => {
    let cny = ZERO;
    let unpriced = ZERO;
    const tariffIds = new Set<string>();
    for (const bucket of r.meters.flatMap((m) => buckets.get(m.id) ?? [])) {
      const price = priceOf(bucket);
      if (price === undefined) unpriced = add(unpriced, bucket.quantity);
      else {
        cny = add(cny, mul(bucket.quantity, price));
        tariffIds.add(bucket.tariff?.tariff.id as string);
      }
    }
    return { ...r, cny, unpriced, tariffIds: [...tariffIds].sort() };
  });
  const totalCny = sum(costRows.map((r) => r.cny));
  const costKinds: KindCost[] = costRows.map((r) => ({
    energyKind: r.kind,
    unit: r.unit,
    quantity: quantityText(r.quantity),
    cny: cnyText(r.cny),
    sharePercent: percentText(r.cny, totalCny),
    unpricedQuantity: quantityText(r.unpriced),
    tariffIds: r.tariffIds,
  }));

  const electricity = scope.filter((m) => m.energyKind === 'electricity');
  const touBuckets = electricity.flatMap((m) => buckets.get(m.id) ?? []).filter((b) => b.period !== null);
  const periodTotals = TOU_PERIODS.map((period) => {
    const inPeriod = touBuckets.filter((b) => b.period === period);
    return {
      period,
      kwh: sum(inPeriod.map((b) => b.quantity)),
      cny: sum(inPeriod.map((b) => mul(b.quantity, priceOf(b) ?? ZERO))),
      used: inPeriod.length > 0,
    };
  }).filter((p) => p.used);
  const touKwh = sum(periodTotals.map((p) => p.kwh));
  const touCny = sum(periodTotals.map((p) => p.cny));
  const electricityPeriods: PeriodCost[] = periodTotals.map((p) => ({
    period: p.period,
    kwh: quantityText(p.kwh),
    cny: cnyText(p.cny),
    kwhSharePercent: percentText(p.kwh, touKwh),
    cnySharePercent: percentText(p.cny, touCny),
  }));

  const flexibleIds = new Set(flexible.map((m) => m.id));
  const scopeIds = new Set(scope.map((m) => m.id));
  const usedTariffIds = new Set([...buckets.values()].flat().map((b) => b.tariff?.tariff.id));
  return {
    from,
    to,
    siteId: params.siteId ?? null,
    currency: 'CNY',
    factorSet: { id: factors.setId, name: factors.setName, version: factors.setVersion },
    energy: { totalKgce: quantityText(totalKgce), kinds: energyKinds },
    cost: { totalCny: cnyText(totalCny), kinds: costKinds, electricityPeriods },
    recommendations: recommendations(params, { electricity, loads, buckets, calendar }),
    meters: [...scope, ...flexible.filter((m) => !scopeIds.has(m.id))].map((m) => ({
      externalId: m.externalId,
      siteId: m.siteId,
      energyKind: m.energyKind,
      unit: m.unit,
      quantity: quantityText(quantityOf(m)),
      flexible: flexibleIds.has(m.id),
      inScope: scopeIds.has(m.id),
    })),
    tariffs: tariffs.filter((t) => usedTariffIds.has(t.id)),
  };
}

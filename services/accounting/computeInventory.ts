import { NengtanError } from '../lib/errors';
import { keccak256 } from '../lib/keccak';
import { fromHex, toHex } from '../lib/hex';
import type { FactorValue } from './factorSource';
import { factorJson } from './factorJson';
import { GasTally } from './gasTally';
import { nonMeteredSources, type NonMeteredLine } from './nonMeteredSources';
import { combineUncertainty, DEFAULT_UNCERTAINTY_PCT, type UncertaintyItem } from './uncertainty';
import {
  COMBUSTION_FORMULA,
  GASEOUS_FUELS,
  IPCC_COMBUSTION_FORMULA,
  ELECTRICITY_FORMULA,
  HEAT_FORMULA,
  NON_CO2_FORMULA,
  combustionCo2Kg,
  electricityCo2Kg,
  fuelEnergyGj,
  heatCo2Kg,
  ipccCombustionCo2Kg,
  nonCo2Kg,
  standardCoalKg,
} from './formulas';
import {
  inventoryOptions,
  type ActivityDataInput,
  type ClaimInput,
  type ContractInput,
  type InventoryInput,
  type MeterActivity,
} from './inventoryTypes';
import {
  add,
  compare,
  div,
  format,
  fromDecimal,
  min,
  mul,
  ONE,
  parseRational,
  rational,
  sub,
  sum,
  ZERO,
  type Rational,
} from './rational';

/** Results are exact until here: kg and kgce at 3 decimals, half to even. Chain values: whole kg, half to even. */
export const RESULT_SCALE = 3;
export const ROUNDING_RULE =
  'Computed exactly (rational arithmetic); each reported figure is rounded half to even to 3 decimals of its unit at ' +
  'presentation, so lines may differ from totals in the last decimal; values on chain are whole kg, rounded the same way.';

/** Carriers burnt on site: their imports are Scope 1 stationary combustion. */
export const COMBUSTION_KINDS: ReadonlySet<string> = new Set([
  'natural_gas',
  'coke_oven_gas',
  'raw_coal',
  'anthracite',
  'bituminous_coal',
  'coke',
  'crude_oil',
  'fuel_oil',
  'gasoline',
  'diesel',
  'lpg',
]);
const HEAT_KINDS = new Set(['heat', 'steam']);
/** Energy content of 1 kgce (GB/T 2589-2020): 29.3076 MJ. */
const MJ_PER_KGCE = rational(293_076n, 10_000n);

type SourceKind =
  'stationary_combustion' | 'purchased_electricity' | 'purchased_heat' | 'exported_electricity' | 'exported_heat';

export interface ExactTotals {
  scope1: Rational;
  scope2Location: Rational;
  scope2Market: Rational;
  exported: Rational;
  totalLocation: Rational;
  totalMarket: Rational;
  energyKgce: Rational;
}

const kg = (x: Rational) => format(x, RESULT_SCALE);
const num = (x: Rational, scale = 6) => format(x, scale);

function sourceKind(a: MeterActivity): SourceKind | undefined {
  const { energyKind, flow } = a.meter;
  if (energyKind === 'electricity') return flow === 'import' ? 'purchased_electricity' : 'exported_electricity';
  if (HEAT_KINDS.has(energyKind)) return flow === 'import' ? 'purchased_heat' : 'exported_heat';
  if (COMBUSTION_KINDS.has(energyKind) && flow === 'import') return 'stationary_combustion';
  return undefined; // water and other resources: reported as activity, no emissions
}

/** Days in [start, end) (local dates). */
function days(start: string, end: string): bigint {
  return BigInt(Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000));
}

function overlapDays(aStart: string, aEnd: string, bStart: string, bEnd: string): bigint {
  const start = aStart > bStart ? aStart : bStart;
  const end = aEnd < bEnd ? aEnd : bEnd;
  return end > start ? days(start, end) : 0n;
}

/**
 * The MWh of `claim` that covers consumption in [start, end) (a calendar year of the inventory period, or the whole
 * period): in proportion to the consumption it covers when that is known (GHG Protocol Scope 2 Guidance: instruments
 * match the consumption they are applied to), else to the calendar days of its consumption period.
 */
function claimedWithin(
  claim: Pick<ClaimInput, 'mwh' | 'start' | 'end' | 'consumption'>,
  start: string,
  end: string,
): Rational {
  const whole = claim.consumption && parseRational(claim.consumption.wholeKWh);
  if (claim.consumption && whole && whole.n > 0n) {
    const inside = Object.entries(claim.consumption.inPeriodKWhByYear)
      .filter(([year]) => `${year}-01-01` < end && `${Number(year) + 1}-01-01` > start)
      .map(([, kwh]) => parseRational(kwh));
    return div(mul(claim.mwh, sum(inside)), whole);
  }
  return div(
    mul(claim.mwh, rational(overlapDays(claim.start, claim.end, start, end))),
    rational(days(claim.start, claim.end)),
  );
}

/**
 * The greenhouse-gas inventory of an organisation for a period: a pure function of the activity (from daily rollups,
 * or recomputed from anchored readings by a verifier: both give the same document), the pinned factor set and the
 * options. Scope 1 from fuel combustion (GB/T 32150: CO2 from NCV, carbon content and oxidation; CH4 and N2O with the
 * chosen GWP set); Scope 2 from purchased electricity (location-based: grid average of the year; market-based:
 * certificates claimed for the period, then supplier contracts, then the set's supplier-specific rate, else the
 * residual-mix-like factor for the rest) and heat; exported electricity and heat deducted (GB/T 32150 total); energy
 * in kg of standard coal (GB/T 2589). Every line names its meter, activity, factors (with ids and sources) and formula.
 * The document is deterministic, so its RFC 8785 hash can go on chain.
 */
export function computeInventory(input: InventoryInput): { document: InventoryDocument; totals: ExactTotals } {
  const { factors, options } = input;
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const sources: SourceLine[] = [];
  const purchasedByYear = new Map<number, Rational>();
  const purchaseProvinces = new Set<string>();
  let scope1 = ZERO;
  let scope2Location = ZERO;
  let exported = ZERO;
  let energy = ZERO;
  let heatScope2 = ZERO;
  const resources: { meter: string; energyKind: string; quantity: string; unit: string }[] = [];
  const lineShares: { co2e: Rational; share: Rational }[] = [];
  const warnings = new Map<string, InventoryWarning>();
  const gases = new GasTally();
  const uncertaintyItems: UncertaintyItem[] = [];

  const sorted = [...input.activity].sort((a, b) =>
    a.meter.externalId < b.meter.externalId ? -1 : a.meter.externalId > b.meter.externalId ? 1 : 0,
  );
  for (const activity of sorted) {
    const kind = sourceKind(activity);
    const site = sites.get(activity.meter.siteId);
    const years = [...activity.years.entries()].sort(([a], [b]) => a - b);
    if (!kind) {
      resources.push({
        meter: activity.meter.externalId,
        energyKind: activity.meter.energyKind,
        quantity: num(sum(years.map(([, y]) => y.quantity))),
        unit: activity.meter.unit,
      });
      continue;
    }
    for (const [year, a] of years) {
      if (a.quantity.n === 0n) continue;
      const line: SourceLine = {
        kind,
        scope: kind === 'stationary_combustion' ? 1 : kind.startsWith('purchased') ? 2 : 'deducted',
        iso14064Category: kind === 'stationary_combustion' ? 1 : 2,
        meter: { id: activity.meter.id, externalId: activity.meter.externalId, site: site?.name ?? null },
        energyKind: activity.meter.energyKind,
        year,
        activity: {
          quantity: num(a.quantity),
          unit: activity.meter.unit,
          intervals: a.intervals,
          estimatedShare: a.quantity.n === 0n ? '0' : num(div(a.estimated, a.quantity), 4),
        },
        factors: [],
        formula: '',
        emissions: { co2: '0', ch4: '0', n2o: '0', co2e: '0' },
        energyKgce: '0',
      };
      let co2e = ZERO;
      if (kind === 'stationary_combustion') {
        const fuel = activity.meter.energyKind;
        const combustion = combustionCo2(fuel, a.quantity);
        const { co2, gj } = combustion;
        const cls = factors.fuelClassOf(fuel);
        const ch4Factor = factors.fuelCh4(cls);
        const n2oFactor = factors.fuelN2o(cls);
        const gwpCh4 = factors.gwp(options.gwp, 'CH4');
        const gwpN2o = factors.gwp(options.gwp, 'N2O');
        const ch4 = nonCo2Kg(gj, ch4Factor);
        const n2o = nonCo2Kg(gj, n2oFactor);
        co2e = add(co2, add(mul(ch4, fromDecimal(gwpCh4.value)), mul(n2o, fromDecimal(gwpN2o.value))));
        gases.add('CO2', co2);
        gases.add('CH4', ch4, { value: fromDecimal(gwpCh4.value), text: factorJson('', gwpCh4).value });
        gases.add('N2O', n2o, { value: fromDecimal(gwpN2o.value), text: factorJson('', gwpN2o).value });
        line.factors = [
          ...combustion.factors,
          factorJson('CH4', ch4Factor),
          factorJson('N2O', n2oFactor),
          factorJson(`GWP CH4 (${options.gwp})`, gwpCh4),
          factorJson(`GWP N2O (${options.gwp})`, gwpN2o),
        ];
        line.formula = `${combustion.formula}; ${NON_CO2_FORMULA}; CO2e = CO2 + CH4 × GWP + N2O × GWP`;
        line.emissions = { co2: kg(co2), ch4: kg(ch4), n2o: kg(n2o), co2e: kg(co2e) };
        scope1 = add(scope1, co2e);
        const kgce = standardCoalOf(fuel, a.quantity, activity.meter.unit, gj);
        line.energyKgce = kg(kgce.value);
        if (kgce.factor) line.factors.push(factorJson('standard coal', kgce.factor));
        energy = add(energy, kgce.value);
      } else if (kind === 'purchased_electricity' || kind === 'exported_electricity') {
        const factor = gridFactor(year, site);
        co2e = electricityCo2Kg(a.quantity, factor);
        line.factors = [factorJson('grid emission factor (location-based)', factor)];
        line.formula = ELECTRICITY_FORMULA;
        line.emissions = { co2: kg(co2e), ch4: '0', n2o: '0', co2e: kg(co2e) };
        const kgce = standardCoalOf('electricity', a.quantity, activity.meter.unit, undefined);
        line.energyKgce = kg(kgce.value);
        if (kgce.factor) line.factors.push(factorJson('standard coal (equivalent value)', kgce.factor));
        gases.add('CO2', kind === 'purchased_electricity' ? co2e : sub(ZERO, co2e));
        if (kind === 'purchased_electricity') {
          scope2Location = add(scope2Location, co2e);
          purchasedByYear.set(year, add(purchasedByYear.get(year) ?? ZERO, a.quantity));
          purchaseProvinces.add(site?.province ?? '');
          energy = add(energy, kgce.value);
        } else {
          exported = add(exported, co2e);
          energy = sub(energy, kgce.value);
        }
      } else {
        const factor = factors.purchasedHeat();
        co2e = heatCo2Kg(a.quantity, factor);
        line.factors = [factorJson('purchased heat emission factor', factor)];
        line.formula = HEAT_FORMULA;
        line.emissions = { co2: kg(co2e), ch4: '0', n2o: '0', co2e: kg(co2e) };
        const kgce = standardCoalOf('heat', a.quantity, activity.meter.unit, undefined);
        line.energyKgce = kg(kgce.value);
        if (kgce.factor) line.factors.push(factorJson('standard coal', kgce.factor));
        gases.add('CO2', kind === 'purchased_heat' ? co2e : sub(ZERO, co2e));
        if (kind === 'purchased_heat') {
          scope2Location = add(scope2Location, co2e);
          heatScope2 = add(heatScope2, co2e);
          energy = add(energy, kgce.value);
        } else {
          exported = add(exported, co2e);
          energy = sub(energy, kgce.value);
        }
      }
      sources.push(line);
      lineShares.push({ co2e, share: a.quantity.n === 0n ? ZERO : div(a.estimated, a.quantity) });
      uncertaintyItems.push({
        source: `${kind} ${activity.meter.externalId} ${year}`,
        co2e: line.scope === 'deducted' ? sub(ZERO, co2e) : co2e,
        activityPct: DEFAULT_UNCERTAINTY_PCT[kind].activity,
        factorPct: DEFAULT_UNCERTAINTY_PCT[kind].factor,
        basis: 'default',
      });
    }
  }

  // Non-metered sources (refrigerants, vehicle fuel, process, biomass): Scope 1 except biomass CO2, a memo item.
  const records = input.activityData ?? [];
  const nonMetered = nonMeteredSources(records, factors, options, gases);
  scope1 = add(scope1, nonMetered.scope1);
  energy = add(energy, nonMetered.energyKgce);
  const extended = records.length > 0 || options.extendedResults === true;
  const processMethod = processMethodText(records);

  // Market-based Scope 2: certificates first, the residual-mix-like factor for the rest; heat as location-based.
  const market = marketBased(input, purchasedByYear, purchaseProvinces);
  const scope2Market = add(market.emissions, heatScope2);
  const totals: ExactTotals = {
    scope1,
    scope2Location,
    scope2Market,
    exported,
    totalLocation: sub(add(scope1, scope2Location), exported),
    totalMarket: sub(add(scope1, scope2Market), exported),
    energyKgce: energy,
  };

  // One figure per product: its production in the period summed over the records (and sites) that report it.
  const byProduct = new Map<string, { product: string; unit: string; quantity: Rational; records: number }>();
  for (const p of input.production) {
    if (p.start < input.period.start || p.end > input.period.end) continue;
    const key = `${p.product}\u0000${p.unit}`;
    const entry = byProduct.get(key) ?? { product: p.product, unit: p.unit, quantity: ZERO, records: 0 };
    entry.quantity = add(entry.quantity, p.quantity);
    entry.records += 1;
    byProduct.set(key, entry);
  }
  const intensity = [...byProduct.values()]
    .sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : a.unit < b.unit ? -1 : 1))
    .map((p) => ({
      product: p.product,
      quantity: num(p.quantity),
      unit: p.unit,
      records: String(p.records),
      kgCO2ePerUnitLocation: kg(div(totals.totalLocation, p.quantity)),
      kgCO2ePerUnitMarket: kg(div(totals.totalMarket, p.quantity)),
      kgcePerUnit: kg(div(totals.energyKgce, p.quantity)),
    }));

  const intervals = sources.reduce((n, s) => n + s.activity.intervals, 0);
  // The share of the reported emissions (location-based, absolute) that rests on estimated activity: each line's
  // emissions weighted by its estimated share. Quantities of different carriers are never added to each other.
  const estimatedShareOfEmissions = (() => {
    let all = ZERO;
    let estimated = ZERO;
    for (const { co2e, share } of lineShares) {
      const abs = co2e.n < 0n ? rational(-co2e.n, co2e.d) : co2e;
      all = add(all, abs);
      estimated = add(estimated, mul(abs, share));
    }
    return all.n === 0n ? '0' : num(div(estimated, all), 4);
  })();
  const evidence = [...input.evidence].sort((a, b) => (a.id < b.id ? -1 : 1));
  const document: InventoryDocument = {
    format: 'nengtan-inventory/v1',
    organisation: input.organisation,
    period: input.period,
    boundary: {
      sites: [...input.sites].sort((a, b) => (a.id < b.id ? -1 : 1)),
      meters: sorted.map((a) => ({
        id: a.meter.id,
        externalId: a.meter.externalId,
        energyKind: a.meter.energyKind,
        flow: a.meter.flow,
        siteId: a.meter.siteId,
      })),
    },
    method: {
      standards: [
        'GB/T 32150-2015',
        'ISO 14064-1:2018',
        'GHG Protocol Scope 2 Guidance (location- and market-based)',
        'GB/T 2589-2020',
      ],
      gwp: options.gwp,
      electricity: {
        locationBased: options.electricitySeries
          ? `national ${options.electricitySeries === 'compliance' ? 'ETS compliance series (MEE, purchased electricity)' : 'fossil-only series (MEE/NBS statistical)'} factor of the consumption year (the latest earlier year where a year is not published); the site's grid region or province is not used`
          : `${options.electricityRegion === 'national' ? 'national' : options.electricityRegion === 'province' ? 'provincial' : 'regional grid'} average factor of the consumption year (MEE/NBS statistical series; the latest earlier year where a year is not published)`,
        marketBased:
          market.instruments === undefined
            ? 'green electricity certificates claimed for the organisation and period (zero emissions), then the factor excluding market-traded non-fossil electricity for the remainder'
            : 'GHG Protocol Scope 2 quality criteria hierarchy: green electricity certificates claimed (zero emissions), then supplier contracts (PPA, direct line, green tariff) at the factor each states, in reference order, then the supplier-specific factor of the factor set, then the factor excluding market-traded non-fossil electricity for the remainder; certificates and contracts are matched to the consumption they cover and no kWh is covered twice',
      },
      combustion:
        options.fuelMethod === 'ipcc2006'
          ? 'IPCC 2006 Tier 1: fuel energy (IPCC default NCV for fuels metered by mass; the GB/T 32151 NCV per 10^4 Nm3 for gases, for which IPCC states none per volume) × IPCC default CO2 factor per TJ, oxidation 1'
          : "GB/T 32151 sector guideline: FC × NCV × CC × OF × 44/12 with the factor set's values (annex defaults, or measured values in an own set)",
      total:
        'GB/T 32150: combustion + purchased electricity and heat − exported electricity and heat; biomass CO2 excluded',
      rounding: ROUNDING_RULE,
      // Only with measured process inputs, so that documents without them keep their hash.
      ...(processMethod === undefined ? {} : { process: processMethod }),
      ...(market.instruments === undefined ? {} : { marketBasedInstruments: market.instruments }),
    },
    options: inventoryOptions(options),
    factorSet: {
      id: factors.setId,
      name: factors.setName,
      version: factors.setVersion,
      contentHash: factors.contentHash,
    },
    results: {
      unit: 'kgCO2e',
      scope1: kg(totals.scope1),
      scope2LocationBased: kg(totals.scope2Location),
      scope2MarketBased: kg(totals.scope2Market),
      exported: kg(totals.exported),
      totalLocationBased: kg(totals.totalLocation),
      totalMarketBased: kg(totals.totalMarket),
      biomassCO2: kg(nonMetered.biomassCo2),
      energyKgce: kg(totals.energyKgce),
    },
    sources,
    marketBased: market.document,
    resources,
    intensity,
    production: [...input.production]
      .sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : a.start < b.start ? -1 : 1))
      .map((p) => ({
        product: p.product,
        siteId: p.siteId,
        quantity: num(p.quantity),
        unit: p.unit,
        start: p.start,
        end: p.end,
      })),
    dataQuality: {
      intervals,
      estimatedShareOfEmissions: estimatedShareOfEmissions,
      statement:
        'Activity data are the current revisions of cleaned 15-minute (or meter-interval) readings of boundary meters, each anchored on chain in the batches listed under evidence; estimated values (gap estimates, prorated register deltas) are flagged per reading and their share is stated per source.',
    },
    evidence: { batches: evidence, rootsCommitment: rootsCommitment(evidence) },
    // Only with non-metered data or when asked for, so that documents computed before keep their hash.
    ...(extended ? extendedBlocks() : {}),
    // Only when there is something to say, so that documents without warnings keep their hash.
    ...(warnings.size === 0 ? {} : { warnings: [...warnings.values()] }),
  };
  return { document, totals };

  /** Non-metered records and sources, results per gas, gross beside net, and the uncertainty of the net total. */
  function extendedBlocks() {
    return {
      activityData: [...records]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((r) => ({
          id: r.id,
          siteId: r.siteId,
          start: r.start,
          end: r.end,
          sourceKind: r.sourceKind,
          subject: r.subject,
          quantity: num(r.quantity),
          unit: r.unit,
          calcinationFraction: r.calcinationFraction ? num(r.calcinationFraction) : null,
          activityUncertaintyPct: r.activityUncertaintyPct,
          factorUncertaintyPct: r.factorUncertaintyPct,
          evidence: r.evidence,
          ...(r.measured ? { measured: r.measured } : {}),
        })),
      nonMeteredSources: nonMetered.lines,
      byGas: {
        unit: 'kg',
        statement: `Net location-based emissions per gas (exports deducted from CO2), CO2e with ${options.gwp} GWP-100; biomass CO2 excluded`,
        gases: gases.document(RESULT_SCALE),
      },
      grossNet: {
        unit: 'kgCO2e',
        grossLocationBased: kg(add(totals.scope1, totals.scope2Location)),
        grossMarketBased: kg(add(totals.scope1, totals.scope2Market)),
        exports: kg(totals.exported),
        exportsLabel: 'exported electricity and heat (deducted, GB/T 32150)',
        netLocationBased: kg(totals.totalLocation),
        netMarketBased: kg(totals.totalMarket),
      },
      biomass: {
        co2Kg: kg(nonMetered.biomassCo2),
        statement: 'Biomass CO2 is computed and reported separately (memo item), not in scope 1 or the totals',
      },
      uncertainty: combineUncertainty([...uncertaintyItems, ...nonMetered.uncertainty]),
    };
  }

  /** Combustion CO2 of a fuel by the chosen method, with the energy (GJ) the non-CO2 gases are computed from. */
  function combustionCo2(fuel: string, quantity: Rational) {
    if (options.fuelMethod === 'ipcc2006') {
      const ipcc = factors.fuelIpcc(fuel);
      const ncv = GASEOUS_FUELS.has(fuel) ? factors.fuelDefaults(fuel).ncv : ipcc.ncv;
      const gj = fuelEnergyGj(fuel, quantity, ncv);
      return {
        co2: ipccCombustionCo2Kg(gj, ipcc.co2),
        gj,
        factors: [factorJson('NCV', ncv), factorJson('CO2 emission factor (IPCC 2006)', ipcc.co2)],
        formula: IPCC_COMBUSTION_FORMULA,
      };
    }
    const d = factors.fuelDefaults(fuel);
    return {
      co2: combustionCo2Kg(fuel, quantity, d),
      gj: fuelEnergyGj(fuel, quantity, d.ncv),
      factors: [
        factorJson('NCV', d.ncv),
        factorJson('carbon content', d.carbonContent),
        factorJson('oxidation rate', d.oxidation),
      ],
      formula: COMBUSTION_FORMULA,
    };
  }

  /**
   * The location-based grid factor of a site and year. Where the site's region (or province) is not set, is not a
   * region the factor set knows, or has no factor for the year, the national factor stands in and a warning says so;
   * with `regionalFactorMissing: 'refuse'` the inventory stops instead. Never a quiet national value.
   */
  function gridFactor(
    year: number,
    site: { name: string; gridRegion: string | null; province: string | null } | undefined,
  ): FactorValue & { askedRegion: string } {
    if (options.electricitySeries === 'compliance' || options.electricitySeries === 'fossil') {
      // National series only: the site's region plays no part, so there is nothing to stand in for.
      return { ...factors.gridElectricity(options.electricitySeries, 'national', year), askedRegion: 'national' };
    }
    if (options.electricityRegion === 'national') {
      return { ...factors.gridElectricity('average', 'national', year), askedRegion: 'national' };
    }
    const level = options.electricityRegion === 'province' ? 'province' : 'grid region';
    const region = options.electricityRegion === 'province' ? (site?.province ?? null) : (site?.gridRegion ?? null);
    const siteName = site?.name ?? null;
    let problem: { code: InventoryWarning['code']; message: string };
    if (region === null) {
      problem = {
        code: 'NT_WARN_SITE_REGION_UNSET',
        message: `Site ${siteName ?? '(none)'} has no ${level}; the national grid factor of ${year} stands in`,
      };
    } else if (!factors.gridRegions().has(region)) {
      problem = {
        code: 'NT_WARN_REGION_UNKNOWN',
        message: `The ${level} "${region}" of site ${siteName} is not a region of factor set ${factors.setName}; the national grid factor of ${year} stands in`,
      };
    } else {
      try {
        return { ...factors.gridElectricity('average', region, year), askedRegion: region };
      } catch {
        problem = {
          code: 'NT_WARN_REGION_FACTOR_MISSING',
          message: `Factor set ${factors.setName} has no grid factor for ${region} (${year} or earlier); the national grid factor of ${year} stands in`,
        };
      }
    }
    if (options.regionalFactorMissing === 'refuse') {
      throw new NengtanError('NT_ERR_FACTOR_REGION_MISSING', {
        message: problem.message.replace(/; the national .*$/, ''),
        details: { warning: problem.code, site: siteName, region, year },
      });
    }
    const key = `${problem.code}|${siteName}|${region}|${year}`;
    if (!warnings.has(key)) {
      warnings.set(key, { ...problem, site: siteName, region, year, usedRegion: 'national' });
    }
    return { ...factors.gridElectricity('average', 'national', year), askedRegion: region ?? '(unset)' };
  }

  function standardCoalOf(
    carrier: string,
    quantity: Rational,
    unit: string,
    gj: Rational | undefined,
  ): { value: Rational; factor?: FactorValue } {
    const subject = HEAT_KINDS.has(carrier) ? 'heat' : carrier;
    try {
      const factor = factors.standardCoal(subject);
      return { value: standardCoalKg(quantity, unit, factor), factor };
    } catch (error) {
      // No reference coefficient: from the calorific value (1 kgce = 29.3076 MJ).
      if (gj === undefined) throw error;
      return { value: div(mul(gj, rational(1000n)), MJ_PER_KGCE) };
    }
  }
}

const NOT_APPLIED_REASONS = ['consumption_below_contract', 'meter_outside_boundary', 'no_meter_consumption'] as const;
type NotAppliedReason = (typeof NOT_APPLIED_REASONS)[number];
const NOT_APPLIED_STATEMENTS: Record<NotAppliedReason, string> = {
  consumption_below_contract:
    'the contract meters consumed less than the contract allocates to them (after certificates and earlier contracts); the rest is not moved to other meters',
  meter_outside_boundary: 'allocated to a contract meter outside the boundary of this inventory',
  no_meter_consumption: 'no consumption recorded on the contract meters in its period (allocated by calendar days)',
};

/** One meter and month of purchased electricity while market-based Scope 2 is matched per meter (MWh). */
interface MeterMonthCell {
  meterId: string;
  month: string;
  purchased: Rational;
  certificates: Rational;
  remaining: Rational;
  contracts: { contract: ContractInput; mwh: Rational }[];
}

function marketBased(input: InventoryInput, purchasedByYear: Map<number, Rational>, purchaseProvinces: Set<string>) {
  const years = [...purchasedByYear.keys()].sort((a, b) => a - b);
  const contracts = [...(input.contracts ?? [])].sort((a, b) =>
    a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
  // The supplier rate of the province every purchasing site is in, else a national one; a set without one changes
  // nothing (the document stays as before).
  const supplierOf = (year: number) => {
    if (!input.factors.supplierElectricity) return null;
    const province = purchaseProvinces.size === 1 ? [...purchaseProvinces][0] : null;
    return (
      (province === null ? null : input.factors.supplierElectricity(province, year)) ??
      input.factors.supplierElectricity('national', year)
    );
  };
  let emissions = ZERO;
  let coveredTotal = ZERO;
  let claimedTotal = ZERO;
  const appliedByContract = new Map<ContractInput, Rational>();
  const allocatedByContract = new Map<ContractInput, Rational>();
  // Contracts bound to meters (delivery points of a PPA or direct line): matched per meter and month. Without one the
  // document is as before (same hash).
  const meterBound = contracts.some((c) => c.meters);
  const externalIdOf = new Map(input.activity.map((a) => [a.meter.id, a.meter.externalId]));
  const notApplied = new Map<ContractInput, Record<NotAppliedReason, Rational>>();
  const meterMonths: ReturnType<typeof meterMonthRow>[] = [];

  function meterMonthCells(year: number, certificateShare: Rational): MeterMonthCell[] {
    const rows: MeterMonthCell[] = [];
    const byMeter = Object.entries(input.electricityByMeterMonth ?? {}).sort(([a], [b]) => {
      const x = externalIdOf.get(a) ?? a;
      const y = externalIdOf.get(b) ?? b;
      return x < y ? -1 : x > y ? 1 : a < b ? -1 : 1;
    });
    for (const [meterId, months] of byMeter) {
      for (const [month, kwh] of Object.entries(months).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!month.startsWith(`${year}-`)) continue;
        const purchased = div(parseRational(kwh), rational(1000n));
        const certificates = mul(purchased, certificateShare);
        rows.push({ meterId, month, purchased, certificates, remaining: sub(purchased, certificates), contracts: [] });
      }
    }
    return rows;
  }

  /**
   * A meter-bound contract in one year: its MWh allocated to each of its meters and months in proportion to their
   * consumption over its whole period (contract MWh × meter-month kWh ÷ whole kWh), applied on that meter and month
   * up to its consumption on the contract's days not covered by certificates or earlier contracts. The rest is not
   * applied, with the reason; it never moves to other meters.
   */
  function applyToMeters(
    c: ContractInput,
    year: number,
    start: string,
    end: string,
    cellOf: Map<string, MeterMonthCell>,
  ): { within: Rational; applied: Rational } {
    const meters = c.meters as NonNullable<ContractInput['meters']>;
    const reasons = notApplied.get(c) ?? {
      consumption_below_contract: ZERO,
      meter_outside_boundary: ZERO,
      no_meter_consumption: ZERO,
    };
    notApplied.set(c, reasons);
    const whole = parseRational(meters.wholeKWh);
    if (whole.n <= 0n) {
      const within = claimedWithin({ mwh: c.mwh, start: c.start, end: c.end }, start, end);
      reasons.no_meter_consumption = add(reasons.no_meter_consumption, within);
      return { within, applied: ZERO };
    }
    let within = ZERO;
    let applied = ZERO;
    for (const meterId of [...meters.ids].sort()) {
      const months = meters.kWhByMeterMonth[meterId] ?? {};
      for (const [month, kwh] of Object.entries(months).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!month.startsWith(`${year}-`)) continue;
        const allocated = div(mul(c.mwh, parseRational(kwh)), whole);
        within = add(within, allocated);
        const cell = cellOf.get(`${meterId}|${month}`);
        if (!cell) {
          reasons.meter_outside_boundary = add(reasons.meter_outside_boundary, allocated);
          continue;
        }
        // The meter's consumption on the contract's days, less the certificates' share of it, less earlier contracts.
        const share = cell.purchased.n === 0n ? ZERO : div(cell.certificates, cell.purchased);
        const onContractDays = mul(div(parseRational(kwh), rational(1000n)), sub(ONE, share));
        const x = min(allocated, min(onContractDays, cell.remaining));
        cell.remaining = sub(cell.remaining, x);
        if (x.n !== 0n) cell.contracts.push({ contract: c, mwh: x });
        applied = add(applied, x);
        reasons.consumption_below_contract = add(reasons.consumption_below_contract, sub(allocated, x));
      }
    }
    return { within, applied };
  }

  /** An organisation-wide contract beside meter-bound ones: what it covers, spread over what is left per cell. */
  function spread(cells: MeterMonthCell[], c: ContractInput, applied: Rational) {
    const left = sum(cells.map((cell) => cell.remaining));
    if (left.n === 0n || applied.n === 0n) return;
    for (const cell of cells) {
      const x = div(mul(applied, cell.remaining), left);
      if (x.n === 0n) continue;
      cell.remaining = sub(cell.remaining, x);
      cell.contracts.push({ contract: c, mwh: x });
    }
  }

  /** One meter and month as the document states it: the MWh at each level of the hierarchy, and the levels used. */
  function meterMonthRow(cell: MeterMonthCell, supplier: boolean) {
    const levels = [
      ...(cell.certificates.n !== 0n ? ['certificates'] : []),
      ...(cell.contracts.length > 0 ? ['contracts'] : []),
      ...(cell.remaining.n !== 0n ? [supplier ? 'supplier' : 'residual'] : []),
    ];
    return {
      meter: externalIdOf.get(cell.meterId) ?? cell.meterId,
      meterId: cell.meterId,
      month: cell.month,
      purchasedMWh: num(cell.purchased),
      certificatesMWh: num(cell.certificates),
      contracts: cell.contracts.map((x) => ({ ref: x.contract.ref, start: x.contract.start, mwh: num(x.mwh) })),
      supplierMWh: num(supplier ? cell.remaining : ZERO),
      residualMWh: num(supplier ? ZERO : cell.remaining),
      levels,
    };
  }
  const totals = { contracts: ZERO, supplier: ZERO, residual: ZERO };
  const used = { contracts: contracts.length > 0, supplier: false };
  const byYear = years.map((year) => {
    const start = `${year}-01-01` > input.period.start ? `${year}-01-01` : input.period.start;
    const end = `${year + 1}-01-01` < input.period.end ? `${year + 1}-01-01` : input.period.end;
    const purchasedMwh = div(purchasedByYear.get(year) as Rational, rational(1000n));
    const claimed = sum(input.claims.map((c) => claimedWithin(c, start, end)));
    const covered = min(claimed, purchasedMwh);
    let remaining = sub(purchasedMwh, covered);
    // Contracts after certificates, in (reference, period) order, each only on MWh no instrument covered yet.
    let contractsE = ZERO;
    // With a contract bound to meters: the year's purchased electricity per meter and month, certificates spread over
    // it in proportion to consumption (they are not bound to meters), what is left per cell after each level.
    const cells = meterBound ? meterMonthCells(year, purchasedMwh.n === 0n ? ZERO : div(covered, purchasedMwh)) : [];
    const cellOf = new Map(cells.map((cell) => [`${cell.meterId}|${cell.month}`, cell]));
    const contractLines = contracts.map((c) => {
      let within: Rational;
      let applied: Rational;
      if (c.meters) {
        ({ within, applied } = applyToMeters(c, year, start, end, cellOf));
      } else {
        within = claimedWithin(c, start, end);
        applied = min(within, remaining);
        spread(cells, c, applied);
      }
      allocatedByContract.set(c, add(allocatedByContract.get(c) ?? ZERO, within));
      remaining = sub(remaining, applied);
      appliedByContract.set(c, add(appliedByContract.get(c) ?? ZERO, applied));
      const e = mul(applied, parseRational(c.factor), rational(1000n));
      contractsE = add(contractsE, e);
      totals.contracts = add(totals.contracts, applied);
      return {
        ref: c.ref,
        start: c.start,
        contractedMWh: num(within),
        appliedMWh: num(applied),
        factor: c.factor,
        co2e: kg(e),
        ...(c.meters ? { meters: c.meters.externalIds, notAppliedMWh: num(sub(within, applied)) } : {}),
      };
    });
    // Then the supplier-specific rate for all that is left, else the residual-mix-like factor.
    const supplier = supplierOf(year);
    const supplierMwh = supplier ? remaining : ZERO;
    const residualMwh = sub(remaining, supplierMwh);
    const supplierE = supplier ? mul(supplierMwh, fromDecimal(supplier.value), rational(1000n)) : ZERO;
    if (supplier) {
      used.supplier = true;
      totals.supplier = add(totals.supplier, supplierMwh);
    }
    const factor = input.factors.gridElectricity('residual', 'national', year);
    for (const cell of cells) meterMonths.push(meterMonthRow(cell, Boolean(supplier)));
    const residualE = mul(residualMwh, fromDecimal(factor.value), rational(1000n)); // MWh × tCO2/MWh × 1000 kg/t
    totals.residual = add(totals.residual, residualMwh);
    const e = add(add(contractsE, supplierE), residualE);
    emissions = add(emissions, e);
    coveredTotal = add(coveredTotal, covered);
    claimedTotal = add(claimedTotal, claimed);
    return {
      year,
      purchasedMWh: num(purchasedMwh),
      certificatesMWh: num(claimed),
      coveredMWh: num(covered),
      residualMWh: num(residualMwh),
      residualFactor: factorJson('grid factor excluding market-traded non-fossil electricity', factor),
      co2e: kg(e),
      // Only with contracts or a supplier rate, so that documents without them keep their hash.
      ...(used.contracts ? { contracts: contractLines, contractsCo2e: kg(contractsE) } : {}),
      ...(supplier
        ? {
            supplierMWh: num(supplierMwh),
            supplierFactor: factorJson('supplier-specific emission factor', supplier),
            supplierCo2e: kg(supplierE),
          }
        : {}),
      ...(used.contracts || supplier ? { residualCo2e: kg(residualE) } : {}),
    };
  });
  // A meter-bound contract in a year without purchased electricity in the boundary: its MWh there are not applied
  // either (its meters are outside the boundary, or recorded nothing), and say so.
  const lastYear = Number(input.period.end.slice(0, 4)) - (input.period.end.slice(5) === '01-01' ? 1 : 0);
  for (let year = Number(input.period.start.slice(0, 4)); meterBound && year <= lastYear; year++) {
    if (purchasedByYear.has(year)) continue;
    const start = `${year}-01-01` > input.period.start ? `${year}-01-01` : input.period.start;
    const end = `${year + 1}-01-01` < input.period.end ? `${year + 1}-01-01` : input.period.end;
    for (const c of contracts) {
      if (!c.meters) continue;
      const { within } = applyToMeters(c, year, start, end, new Map());
      allocatedByContract.set(c, add(allocatedByContract.get(c) ?? ZERO, within));
    }
  }
  const claims = [...input.claims]
    .sort((a, b) => (a.ref < b.ref ? -1 : 1))
    .map((c) => ({
      ref: c.ref,
      source: c.source,
      mwh: num(c.mwh),
      start: c.start,
      end: c.end,
      generator: c.generator,
      appliedMWh: num(claimedWithin(c, input.period.start, input.period.end)),
      // Stated so that a verifier recomputes the same allocation; absent on claims spread by calendar days.
      ...(c.consumption ? { allocatedBy: 'consumption', consumption: c.consumption } : {}),
    }));
  const extended = used.contracts || used.supplier;
  const contractsAllocated = sum(
    contracts.map((c) =>
      c.meters ? (allocatedByContract.get(c) ?? ZERO) : claimedWithin(c, input.period.start, input.period.end),
    ),
  );
  const meterBoundContract = (c: ContractInput) => {
    const meters = c.meters as NonNullable<ContractInput['meters']>;
    const reasons = notApplied.get(c);
    return {
      allocatedBy: 'meter consumption',
      meters: meters.externalIds,
      meterIds: meters.ids,
      meterConsumption: { wholeKWh: meters.wholeKWh, kWhByMeterMonth: meters.kWhByMeterMonth },
      notAppliedMWh: num(sub(allocatedByContract.get(c) ?? ZERO, appliedByContract.get(c) ?? ZERO)),
      notApplied: NOT_APPLIED_REASONS.filter((r) => reasons && reasons[r].n !== 0n).map((r) => ({
        reason: r,
        mwh: num((reasons as Record<NotAppliedReason, Rational>)[r]),
        statement: NOT_APPLIED_STATEMENTS[r],
      })),
    };
  };
  const kwh = (mwh: Rational) => format(mul(mwh, rational(1000n)), 3);
  return {
    emissions,
    // The method text naming which instrument covered how many kWh (only with contracts or a supplier rate).
    instruments: extended
      ? [
          `GHG Protocol Scope 2 quality criteria hierarchy over the period: energy attribute certificates ${kwh(coveredTotal)} kWh (zero emissions)`,
          ...contracts.map(
            (c) =>
              `contract ${c.ref} (${c.instrument}, ${c.counterparty}, ${c.start} – ${c.end}) ${kwh(appliedByContract.get(c) ?? ZERO)} kWh at ${c.factor} tCO2/MWh` +
              (c.meters
                ? ` on meters ${c.meters.externalIds.join(', ')} only, ${kwh(sub(allocatedByContract.get(c) ?? ZERO, appliedByContract.get(c) ?? ZERO))} kWh not applied`
                : ''),
          ),
          ...(used.supplier ? [`supplier-specific emission factor ${kwh(totals.supplier)} kWh`] : []),
          `residual mix (grid factor excluding market-traded non-fossil electricity) ${kwh(totals.residual)} kWh`,
        ].join('; ')
      : undefined,
    document: {
      formula: meterBound
        ? 'E = Σ contract MWh × EF(contract) + supplier MWh × EF(supplier) + residual MWh × EF(residual); certificates carry zero emissions; per meter and month, each MWh is covered once, in the order certificates (spread over all purchased electricity by consumption) → contracts (a meter-bound contract only on its meters, up to their consumption, by consumption over its period; the rest not applied) → supplier rate → residual mix'
        : extended
          ? 'E = Σ contract MWh × EF(contract) + supplier MWh × EF(supplier) + residual MWh × EF(residual); certificates carry zero emissions; each MWh is covered once, in the order certificates → contracts → supplier rate → residual mix'
          : 'E = (purchased MWh − min(certificates MWh, purchased MWh)) × EF(residual) ; certificates carry zero emissions',
      byYear,
      certificatesMWh: num(claimedTotal),
      coveredMWh: num(coveredTotal),
      unusedCertificatesMWh: num(compare(claimedTotal, coveredTotal) > 0 ? sub(claimedTotal, coveredTotal) : ZERO),
      claims,
      ...(used.contracts
        ? {
            contracts: contracts.map((c) => ({
              ref: c.ref,
              instrument: c.instrument,
              counterparty: c.counterparty,
              start: c.start,
              end: c.end,
              contractedMWh: num(c.mwh),
              factor: c.factor,
              evidence: c.evidence,
              allocatedMWh: num(
                c.meters
                  ? (allocatedByContract.get(c) ?? ZERO)
                  : claimedWithin(c, input.period.start, input.period.end),
              ),
              appliedMWh: num(appliedByContract.get(c) ?? ZERO),
              ...(c.consumption ? { allocatedBy: 'consumption', consumption: c.consumption } : {}),
              ...(c.meters ? meterBoundContract(c) : {}),
            })),
            contractsCoveredMWh: num(totals.contracts),
            unusedContractMWh: num(sub(contractsAllocated, totals.contracts)),
          }
        : {}),
      ...(used.supplier ? { supplierMWh: num(totals.supplier) } : {}),
      ...(extended ? { residualMWh: num(totals.residual) } : {}),
      // The hierarchy level used per meter and month: only with a contract bound to meters (hash otherwise unchanged).
      ...(meterBound ? { meterConsumptionKWh: input.electricityByMeterMonth ?? {}, byMeterMonth: meterMonths } : {}),
    },
  };
}

/**
 * What the document says of its process methods when a record carries measured inputs (undefined otherwise): which
 * terms of GB/T 32151.8 (clinker composition) and GB/T 32151.5 (carbon balance) are used, and that records without
 * measured inputs keep the default factor.
 */
function processMethodText(records: readonly ActivityDataInput[]): string | undefined {
  const measured = records.filter((r) => r.sourceKind === 'process' && r.measured);
  if (measured.length === 0) return undefined;
  const parts: string[] = [];
  const clinker = measured.flatMap((r) => (r.measured?.method === 'clinker_composition' ? [r.measured] : []));
  if (clinker.length > 0) {
    const dust = clinker.some((m) => m.kilnDustT !== undefined || m.bypassDustT !== undefined);
    const organic = clinker.some((m) => m.rawMealT !== undefined);
    parts.push(
      'clinker from its measured composition (GB/T 32151.8, Chinese cement sector guideline): raw material term ' +
        `(clinker${dust ? ' + kiln-head and bypass dust leaving the system' : ''}) × [(CaO − non-carbonate CaO) × 44/56 + ` +
        '(MgO − non-carbonate MgO) × 44/40]' +
        (organic
          ? ' plus the raw-meal non-fuel carbon term (raw meal × non-fuel carbon content × 44/12)'
          : '; no raw-meal non-fuel carbon term (no raw meal stated)') +
        (dust ? '' : '; no kiln dust correction (no dust stated)') +
        (clinker.some((m) => m.kilnDustCalcinationPct !== undefined || m.bypassDustCalcinationPct !== undefined)
          ? '; dust with a measured calcination degree d counts at EF(dust) = x × d / (1 − x × d), ' +
            'x = EF(clinker) / (1 + EF(clinker)) (WBCSD CSI Cement CO2 Protocol), dust without one at the clinker factor'
          : '') +
        '; clinker records without a composition use the default factor of the factor set',
    );
  }
  if (measured.some((r) => r.measured?.method === 'carbon_balance')) {
    parts.push(
      'iron and steel by carbon balance (GB/T 32151.5): (Σ inputs × carbon content − Σ products and by-products × ' +
        'carbon content) × 44/12, with each stream stated; fuels inside the balance are not also counted as stationary combustion',
    );
  }
  return parts.join('; ');
}

/**
 * Commitment to the anchored batches an inventory rests on: keccak256 over (batch id ‖ root) of each batch, in batch id
 * order (32 + 32 bytes each). On chain it ties the inventory to exactly those roots.
 */
export function rootsCommitment(batches: readonly { id: string; root: string }[]): string {
  const sorted = [...batches].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bytes = Buffer.concat(sorted.flatMap((b) => [fromHex(b.id), fromHex(b.root)]));
  return toHex(keccak256(bytes));
}

/** Something the reader of an inventory must know about how a figure was reached (never a quiet substitution). */
export interface InventoryWarning {
  code: 'NT_WARN_SITE_REGION_UNSET' | 'NT_WARN_REGION_UNKNOWN' | 'NT_WARN_REGION_FACTOR_MISSING';
  message: string;
  site: string | null;
  region: string | null;
  year: number;
  usedRegion: 'national';
}

export interface SourceLine {
  kind: SourceKind;
  scope: 1 | 2 | 'deducted';
  iso14064Category: 1 | 2;
  meter: { id: string; externalId: string; site: string | null };
  energyKind: string;
  year: number;
  activity: { quantity: string; unit: string; intervals: number; estimatedShare: string };
  factors: ReturnType<typeof factorJson>[];
  formula: string;
  emissions: { co2: string; ch4: string; n2o: string; co2e: string };
  energyKgce: string;
}

export interface InventoryDocument {
  format: 'nengtan-inventory/v1';
  organisation: { id: string; name: string };
  period: { start: string; end: string; timeZone: string };
  boundary: {
    sites: InventoryInput['sites'];
    meters: { id: string; externalId: string; energyKind: string; flow: string; siteId: string }[];
  };
  method: Record<string, unknown>;
  /** The options it was computed with (a verifier recomputes with the same). */
  options: InventoryInput['options'];
  factorSet: { id: string; name: string; version: number; contentHash: string };
  results: Record<string, string>;
  sources: SourceLine[];
  marketBased: ReturnType<typeof marketBased>['document'];
  resources: { meter: string; energyKind: string; quantity: string; unit: string }[];
  intensity: Record<string, string | null>[];
  /** The production records behind the intensities. */
  production: { product: string; siteId: string | null; quantity: string; unit: string; start: string; end: string }[];
  dataQuality: { intervals: number; estimatedShareOfEmissions: string; statement: string };
  evidence: { batches: InventoryInput['evidence']; rootsCommitment: string };
  warnings?: InventoryWarning[];
  /** With non-metered activity data or `extendedResults` (see extendedBlocks). */
  activityData?: ActivityDataStated[];
  nonMeteredSources?: NonMeteredLine[];
  byGas?: { unit: string; statement: string; gases: { gas: string; massKg: string; gwp: string; co2eKg: string }[] };
  grossNet?: Record<string, string>;
  biomass?: { co2Kg: string; statement: string };
  uncertainty?: ReturnType<typeof combineUncertainty>;
}

export interface ActivityDataStated {
  id: string;
  siteId: string | null;
  start: string;
  end: string;
  sourceKind: ActivityDataInput['sourceKind'];
  subject: string;
  quantity: string;
  unit: 'kg' | 't';
  calcinationFraction: string | null;
  activityUncertaintyPct: string | null;
  factorUncertaintyPct: string | null;
  evidence: string;
  measured?: ActivityDataInput['measured'];
}

import { factorSourceFromResolved } from '../accounting/factorSourceFromSet';
import type { InventoryInput } from '../accounting/inventoryTypes';
import { add, format, parseRational, rational, sub, ZERO, type Rational } from '../accounting/rational';
import { avoidedEnergy, type AvoidedEnergy } from '../analysis/avoidedEnergy';
import { joinPeriodDays } from '../analysis/periodDays';
import type { BatchExport, EvidenceAvoidedBasis, EvidenceManifest, EvidenceMeasure } from '../evidence/evidenceFormat';
import { localDay } from '../ingest/dailyRollups';
import { formatUnits } from '../lib/decimal';
import { ENERGY_KINDS, type EnergyKind } from '../lib/energyKinds';
import { NengtanError } from '../lib/errors';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { factorSetContentHash } from '../factors/factorSetContentHash';
import { avoidedFromInventory, type AvoidedFigures } from '../measures/avoidedFromInventory';
import { activityFromExports, currentReadings } from './activityFromExports';

const DAY_SECONDS = 86_400;
/** Differing days named per measure; the count says how many more. */
const DAYS_NAMED = 20;

export interface MeasureDifference {
  /**
   * `avoided`, `uncertainty`, `adjustedBaseline`, `actual`, `days`, `refusal`, `actual on YYYY-MM-DD`, `energyKgce`,
   * `co2eLocationKg`, `co2eMarketKg`, `factorSetContentHash` or `basis: …` (a stated input the inventory contradicts).
   */
  figure: string;
  reported: string;
  recomputed: string;
  /** reported − recomputed, exactly, when both are numbers. */
  difference: string | null;
}

/** A measure's results recomputed by the verifier and compared with the reported ones. */
export interface MeasureCheck {
  measureId: string;
  title: string;
  reportingPeriod: { start: string; end: string };
  identical: boolean;
  differences: MeasureDifference[];
  /** Differing days beyond those named. */
  moreDifferingDays: number;
  /** The recomputed avoided energy and its uncertainty (or the refusal's code). */
  recomputed: { avoided: string; uncertainty: string; unit: string } | { refused: string };
  /** The avoided kgce and CO2e recomputed from the stated inventory basis and the anchored readings. */
  recomputedEmissions: AvoidedFigures | null;
  /** Reported figures stated as the enterprise's and not recomputed here (a package without their basis). */
  notRecomputed: string[];
}

type PackageContext = Pick<EvidenceManifest, 'factorSet' | 'inventory'>;
const EMISSION_FIGURES = ['energyKgce', 'co2eLocationKg', 'co2eMarketKg'] as const;
const same = (a: string, b: string) =>
  parseRational(a).n * parseRational(b).d === parseRational(b).n * parseRational(a).d;

/**
 * The stated basis checked against the inventory the package holds: the sites with their grid region and province,
 * the boundary meters, the certificate claims and supplier contracts must be the inventory's own (the basis is a part
 * of the inventory: the measure's sites over a part of its period), and none of the inventory's boundary meters of
 * those sites, nor a claim overlapping the period, may be left out. Each mismatch is named.
 */
function basisDifferences(basis: EvidenceAvoidedBasis, pkg: PackageContext): MeasureDifference[] {
  const inv = pkg.inventory;
  const out: MeasureDifference[] = [];
  const named = (figure: string, reported: string, recomputed: string) =>
    out.push({ figure: `basis: ${figure}`, reported, recomputed, difference: null });
  for (const site of basis.sites) {
    const stated = inv.boundary.sites.find((s) => s.id === site.id);
    const key = (s: typeof site) => `${s.gridRegion ?? '-'} / ${s.province ?? '-'}`;
    if (!stated || key(stated) !== key(site)) {
      named(`site ${site.id}`, key(site), stated ? key(stated) : '(not in the inventory)');
    }
  }
  for (const meter of basis.boundaryMeters) {
    const stated = inv.boundary.meters.find((m) => m.id === meter.id);
    const key = (m: { energyKind: string; flow: string; siteId: string }) => `${m.energyKind} ${m.flow} @ ${m.siteId}`;
    if (!stated || key(stated) !== key(meter)) {
      named(`meter ${meter.externalId}`, key(meter), stated ? key(stated) : '(not in the inventory)');
    }
  }
  for (const claim of basis.claims) {
    const stated = inv.marketBased.claims.find((c) => c.ref === claim.ref);
    if (!stated || !same(stated.mwh, format(parseRational(claim.mwh), 6)) || stated.start !== claim.start) {
      named(
        `claim ${claim.ref}`,
        `${claim.mwh} MWh from ${claim.start}`,
        stated ? `${stated.mwh} MWh from ${stated.start}` : '(not in the inventory)',
      );
    }
  }
  // Nothing of the inventory that bears on the measure's sites and period may be left out either.
  const sites = new Set(basis.sites.map((s) => s.id));
  for (const meter of inv.boundary.meters) {
    if (sites.has(meter.siteId) && !basis.boundaryMeters.some((m) => m.id === meter.id)) {
      named(`meter ${meter.externalId}`, '(left out)', `${meter.energyKind} ${meter.flow} @ ${meter.siteId}`);
    }
  }
  for (const claim of inv.marketBased.claims) {
    const overlaps = claim.start < basis.period.end && claim.end > basis.period.start;
    if (overlaps && !basis.claims.some((c) => c.ref === claim.ref)) {
      named(`claim ${claim.ref}`, '(left out)', `${claim.mwh} MWh from ${claim.start}`);
    }
  }
  const contracts =
    (inv.marketBased as { contracts?: { ref: string; factor: string; start: string }[] }).contracts ?? [];
  for (const contract of basis.contracts) {
    const stated = contracts.find((c) => c.ref === contract.ref && c.start === contract.start);
    if (!stated || stated.factor !== contract.factor) {
      named(
        `contract ${contract.ref}`,
        `factor ${contract.factor}`,
        stated ? `factor ${stated.factor}` : '(not in the inventory)',
      );
    }
  }
  return out;
}

/**
 * The avoided kgce and CO2e recomputed with the enterprise's own formula (services/measures/avoidedFromInventory.ts)
 * from the stated basis, the anchored readings of the sites' boundary meters and the recomputed avoided energy, with
 * the factor set whose content hash the reported figures cite.
 */
function recomputeAvoided(
  entry: EvidenceMeasure,
  exports: readonly BatchExport[],
  avoided: string,
  pkg: PackageContext,
): { figures: AvoidedFigures | null; differences: MeasureDifference[] } {
  const basis = entry.avoidedBasis as EvidenceAvoidedBasis;
  const reported = entry.reported as Exclude<EvidenceMeasure['reported'], { refused: unknown }>;
  const differences = basisDifferences(basis, pkg);
  const factorSet = basis.factorSet ?? pkg.factorSet;
  const hash = factorSetContentHash(factorSet.factors);
  if (hash !== reported.factorSetContentHash || hash !== factorSet.contentHash) {
    differences.push({
      figure: 'factorSetContentHash',
      reported: reported.factorSetContentHash ?? '(none)',
      recomputed: hash,
      difference: null,
    });
    return { figures: null, differences };
  }
  const meter = (m: EvidenceAvoidedBasis['boundaryMeters'][number]) => ({
    ...m,
    flow: m.flow as 'import' | 'export',
    unit: ENERGY_KINDS[m.energyKind as EnergyKind]?.unit ?? '',
  });
  const input: InventoryInput = {
    organisation: pkg.inventory.organisation,
    period: basis.period,
    sites: basis.sites,
    activity: activityFromExports(exports, basis.boundaryMeters.map(meter), basis.period),
    factors: factorSourceFromResolved({ ...factorSet, frozen: true }),
    options: basis.options,
    claims: basis.claims.map((c) => ({ ...c, mwh: parseRational(c.mwh) })),
    ...(basis.contracts.length > 0
      ? { contracts: basis.contracts.map((c) => ({ ...c, mwh: parseRational(c.mwh) })) }
      : {}),
    // Production and non-metered activity data are the same with and without the measure: they cancel out.
    production: [],
    evidence: [],
  };
  const scale = 10n ** BigInt(QUANTITY_SCALE);
  const used = new Map<string, { meterId: string; year: number; used: Rational }>();
  for (const r of currentReadings(exports, new Set(basis.measureMeters.map((m) => m.id)))) {
    const day = localDay(r.start, r.timeZone);
    if (day < basis.period.start || day >= basis.period.end) continue;
    const year = Number(day.slice(0, 4));
    const u = used.get(`${r.meterId}@${year}`) ?? { meterId: r.meterId, year, used: ZERO };
    u.used = add(u.used, rational(r.quantity, scale));
    used.set(`${r.meterId}@${year}`, u);
  }
  let figures: AvoidedFigures;
  try {
    figures = avoidedFromInventory(
      input,
      basis.measureMeters.map((m) => ({ ...m, flow: m.flow as 'import' | 'export' })),
      [...used.values()],
      parseRational(avoided),
    );
  } catch (error) {
    if (!(error instanceof NengtanError)) throw error;
    differences.push({
      figure: 'energyKgce',
      reported: reported.energyKgce ?? '',
      recomputed: `refused: ${error.code}`,
      difference: null,
    });
    return { figures: null, differences };
  }
  for (const figure of EMISSION_FIGURES) {
    const said = reported[figure];
    if (said !== null && said !== figures[figure]) {
      differences.push({
        figure,
        reported: said,
        recomputed: figures[figure],
        difference: numeric(said, figures[figure], 3),
      });
    }
  }
  return { figures, differences };
}

/**
 * The baseline meters' daily totals over the reporting period from anchored readings: per meter and local day the
 * current revisions summed, counting a meter's day only when its intervals cover the whole day (as the rollups count
 * complete days), and a day's total over the meters complete on it.
 */
function dailyTotals(exports: readonly BatchExport[], entry: EvidenceMeasure) {
  const perMeterDay = new Map<string, { day: string; units: bigint; seconds: number }>();
  for (const r of currentReadings(exports, new Set(entry.baseline.meterIds))) {
    const day = localDay(r.start, r.timeZone);
    if (day < entry.reportingPeriod.start || day >= entry.reportingPeriod.end) continue;
    const key = `${r.meterId}@${day}`;
    const sum = perMeterDay.get(key) ?? { day, units: 0n, seconds: 0 };
    sum.units += r.quantity;
    sum.seconds += r.end - r.start;
    perMeterDay.set(key, sum);
  }
  const days = new Map<string, { units: bigint; meters: number }>();
  for (const { day, units, seconds } of perMeterDay.values()) {
    if (seconds < DAY_SECONDS) continue;
    const total = days.get(day) ?? { units: 0n, meters: 0 };
    total.units += units;
    total.meters += 1;
    days.set(day, total);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, t]) => ({ day, quantity: formatUnits(t.units, QUANTITY_SCALE), meters: t.meters }));
}

const numeric = (reported: string, recomputed: string, scale: number) =>
  format(sub(parseRational(reported), parseRational(recomputed)), scale);

/**
 * Recomputes one measure's results from the package alone, with the analysis service's own functions: the days that
 * count joined as the service joins them, then avoided energy and Guideline 14 uncertainty from the baseline model as
 * fitted. Compared with the reported figures exactly (decimal strings), and the stated daily actuals with those of
 * the anchored readings, day by day. With the package (`pkg`) and a stated basis, the avoided kgce and CO2e
 * (location- and market-based) are recomputed too, from the recomputed avoided energy.
 */
export function recomputeMeasure(
  entry: EvidenceMeasure,
  exports: readonly BatchExport[],
  pkg?: PackageContext,
): MeasureCheck {
  const totals = dailyTotals(exports, entry);
  const days = joinPeriodDays(totals, entry.baseline, new Map(entry.drivers.map((d) => [d.name, d.values])));
  let result: AvoidedEnergy | { refused: string };
  try {
    result = avoidedEnergy(entry.baseline.model, entry.baseline.acceptance, days, entry.confidence);
  } catch (error) {
    if (!(error instanceof NengtanError)) throw error;
    result = { refused: error.code };
  }
  const differences: MeasureDifference[] = [];
  const reported = entry.reported;
  if ('refused' in reported || 'refused' in result) {
    const said = 'refused' in reported ? `refused: ${reported.refused.code}` : `avoided ${reported.avoided}`;
    const found = 'refused' in result ? `refused: ${result.refused}` : `avoided ${result.avoided}`;
    if (said !== found) differences.push({ figure: 'refusal', reported: said, recomputed: found, difference: null });
  } else {
    for (const figure of ['avoided', 'uncertainty', 'adjustedBaseline', 'actual'] as const) {
      if (reported[figure] !== result[figure]) {
        differences.push({
          figure,
          reported: reported[figure],
          recomputed: result[figure],
          difference: numeric(reported[figure], result[figure], 3),
        });
      }
    }
    if (reported.days !== result.days) {
      differences.push({
        figure: 'days',
        reported: String(reported.days),
        recomputed: String(result.days),
        difference: String(reported.days - result.days),
      });
    }
  }
  let recomputedEmissions: AvoidedFigures | null = null;
  let notRecomputed: string[] = [];
  if (!('refused' in reported) && reported.energyKgce !== null) {
    if (!entry.avoidedBasis || !pkg) notRecomputed = [...EMISSION_FIGURES];
    else if (!('refused' in result)) {
      const emissions = recomputeAvoided(entry, exports, result.avoided, pkg);
      recomputedEmissions = emissions.figures;
      differences.push(...emissions.differences);
    }
  }
  const recomputedDays = new Map(days.map((d) => [d.day, formatUnits(d.energyUnits, QUANTITY_SCALE)]));
  const statedDays = new Map(entry.actuals.map((a) => [a.day, a.quantity]));
  const differingDays = [...new Set([...statedDays.keys(), ...recomputedDays.keys()])]
    .sort()
    .filter((day) => statedDays.get(day) !== recomputedDays.get(day));
  for (const day of differingDays.slice(0, DAYS_NAMED)) {
    const said = statedDays.get(day);
    const found = recomputedDays.get(day);
    differences.push({
      figure: `actual on ${day}`,
      reported: said ?? '(not counted)',
      recomputed: found ?? '(not counted)',
      difference: said !== undefined && found !== undefined ? numeric(said, found, QUANTITY_SCALE) : null,
    });
  }
  return {
    measureId: entry.measure.id,
    title: entry.measure.title,
    reportingPeriod: entry.reportingPeriod,
    identical: differences.length === 0,
    differences,
    moreDifferingDays: Math.max(0, differingDays.length - DAYS_NAMED),
    recomputed:
      'refused' in result
        ? result
        : { avoided: result.avoided, uncertainty: result.uncertainty, unit: entry.baseline.unit },
    recomputedEmissions,
    notRecomputed,
  };
}

/** Every measure of a package recomputed (none in a version-1 package). */
export function recomputeMeasures(manifest: EvidenceManifest, exports: readonly BatchExport[]): MeasureCheck[] {
  return (manifest.measures ?? []).map((entry) => recomputeMeasure(entry, exports, manifest));
}

import type { Queryable } from '../db/db';
import { getBaseline } from '../analysis/baselines';
import { readDriverValues } from '../analysis/driverSeries';
import { loadPeriodDays } from '../analysis/periodDays';
import { exact } from '../accounting/rational';
import type { EvidenceAvoidedBasis, EvidenceMeasure } from '../evidence/evidenceFormat';
import { resolveFactorSet } from '../factors/resolveFactorSet';
import { formatUnits } from '../lib/decimal';
import { NengtanError } from '../lib/errors';
import { QUANTITY_SCALE } from '../lib/leafSchema';
import { loadAvoidedInput, type AvoidedInput } from '../measures/avoidedEmissions';
import { measureResults } from '../measures/measureResults';
import { listMeasures } from '../measures/measures';

/** The confidence level measure results are stated at in evidence (the API's default). */
export const EVIDENCE_CONFIDENCE = 0.9;

/**
 * The results of the organisation's implemented measures whose reporting period overlaps the inventory period, over
 * that overlap, as evidence: each with its baseline model, the driver values and daily actuals the savings rest on,
 * and the figures reported (or the coded refusal, e.g. a baseline that fails acceptance: a verifier checks that too).
 * Measures without a baseline have no results to re-check and are left out. With avoided kgce and CO2e reported, the
 * inventory they rest on is stated too (its factor set in full when it is not the package's, `packageFactorSetHash`).
 */
export async function measureEvidence(
  db: Queryable,
  orgId: string,
  period: { start: string; end: string },
  packageFactorSetHash?: string,
): Promise<EvidenceMeasure[]> {
  const measures = (await listMeasures(db, orgId)).filter(
    (m) => m.status === 'implemented' && m.implementedOn !== null && m.implementedOn < period.end && m.baselineId,
  );
  const out: EvidenceMeasure[] = [];
  for (const m of measures) {
    const baseline = await getBaseline(db, orgId, m.baselineId as string);
    if (!baseline) continue;
    const implementedOn = m.implementedOn as string;
    const start = implementedOn > period.start ? implementedOn : period.start;
    const request = {
      meterIds: baseline.meterIds,
      periodStart: start,
      periodEnd: period.end,
      temperatureDriver: baseline.temperatureDriver,
      drivers: baseline.drivers,
    };
    const driverNames = [...(baseline.temperatureDriver ? [baseline.temperatureDriver] : []), ...baseline.drivers];
    const drivers = await Promise.all(
      driverNames.map(async (name) => ({
        name,
        values: (await readDriverValues(db, orgId, name, start, period.end))?.values ?? [],
      })),
    );
    let reported: EvidenceMeasure['reported'];
    let actuals: EvidenceMeasure['actuals'] = [];
    let avoidedBasis: EvidenceAvoidedBasis | undefined;
    try {
      actuals = (await loadPeriodDays(db, orgId, request)).days.map((d) => ({
        day: d.day,
        quantity: formatUnits(d.energyUnits, QUANTITY_SCALE),
      }));
      const results = await measureResults(db, orgId, m.id, {
        from: start,
        to: period.end,
        confidence: EVIDENCE_CONFIDENCE,
      });
      reported = {
        days: results.savings.days,
        adjustedBaseline: results.savings.adjustedBaseline,
        actual: results.savings.actual,
        avoided: results.savings.avoided,
        uncertainty: results.savings.uncertainty,
        energyKgce: results.avoided?.energyKgce ?? null,
        co2eLocationKg: results.avoided?.co2eLocationKg ?? null,
        co2eMarketKg: results.avoided?.co2eMarketKg ?? null,
        factorSetContentHash: results.avoided?.factorSet.contentHash ?? null,
      };
      const loaded = results.avoided
        ? await loadAvoidedInput(db, orgId, { meterIds: baseline.meterIds, start, end: period.end })
        : null;
      if (loaded) avoidedBasis = await basisOf(db, orgId, loaded, packageFactorSetHash);
    } catch (error) {
      if (!(error instanceof NengtanError)) throw error;
      reported = { refused: { code: error.code, message: error.message } };
    }
    out.push({
      measure: {
        id: m.id,
        title: m.title,
        kind: m.kind,
        ipmvpOption: m.ipmvpOption,
        siteId: m.siteId,
        meterIds: m.meterIds,
        implementedOn,
      },
      baseline: {
        id: baseline.id,
        meterIds: baseline.meterIds,
        unit: baseline.unit,
        periodStart: baseline.periodStart,
        periodEnd: baseline.periodEnd,
        temperatureDriver: baseline.temperatureDriver,
        drivers: baseline.drivers,
        model: baseline.model,
        acceptance: baseline.acceptance,
      },
      reportingPeriod: { start, end: period.end },
      confidence: EVIDENCE_CONFIDENCE,
      drivers,
      actuals,
      reported,
      ...(avoidedBasis ? { avoidedBasis } : {}),
    });
  }
  return out;
}

const basisMeter = (m: {
  id: string;
  externalId: string;
  name: string | null;
  energyKind: string;
  flow: string;
  siteId: string;
}) => ({
  id: m.id,
  externalId: m.externalId,
  name: m.name,
  energyKind: m.energyKind,
  flow: m.flow,
  siteId: m.siteId,
});

/** The avoided figures' inventory input as evidence: everything but the readings, exact. */
async function basisOf(
  db: Queryable,
  orgId: string,
  { input, meters, factorSetId }: AvoidedInput,
  packageFactorSetHash: string | undefined,
): Promise<EvidenceAvoidedBasis> {
  const factorSet =
    input.factors.contentHash === packageFactorSetHash ? null : await resolveFactorSet(db, orgId, factorSetId);
  return {
    period: input.period,
    sites: input.sites,
    boundaryMeters: input.activity.map((a) => basisMeter(a.meter)),
    measureMeters: meters.map(basisMeter),
    options: input.options,
    claims: input.claims.map((c) => ({
      ref: c.ref,
      source: c.source,
      mwh: exact(c.mwh),
      start: c.start,
      end: c.end,
      generator: c.generator,
      ...(c.consumption ? { consumption: c.consumption } : {}),
    })),
    contracts: (input.contracts ?? []).map((c) => ({
      ref: c.ref,
      instrument: c.instrument,
      counterparty: c.counterparty,
      mwh: exact(c.mwh),
      factor: c.factor,
      start: c.start,
      end: c.end,
      evidence: c.evidence,
      ...(c.consumption ? { consumption: c.consumption } : {}),
    })),
    ...(factorSet
      ? {
          factorSet: {
            set: factorSet.set,
            chain: factorSet.chain,
            factors: factorSet.factors,
            contentHash: factorSet.contentHash,
          },
        }
      : {}),
  };
}

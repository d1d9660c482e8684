import type { FactorSource, GwpSet } from './factorSource';
import { factorJson, type FactorJson } from './factorJson';
import {
  COMBUSTION_FORMULA,
  IPCC_COMBUSTION_FORMULA,
  NON_CO2_FORMULA,
  combustionCo2Kg,
  fuelEnergyGj,
  ipccCombustionCo2Kg,
  nonCo2Kg,
  standardCoalKg,
} from './formulas';
import { GasTally } from './gasTally';
import type { ActivityDataInput, InventoryOptions } from './inventoryTypes';
import { add, div, format, fromDecimal, mul, rational, ZERO, type Rational } from './rational';
import { DEFAULT_UNCERTAINTY_PCT, type UncertaintyItem } from './uncertainty';
import { carbonBalance, clinkerComposition, type ProcessMeasured, type ProcessTerm } from './processMeasurements';

const THOUSAND = rational(1000n);
const kg = (x: Rational) => format(x, 3);

export const FUGITIVE_FORMULA = 'E(CO2e) = m(leaked, kg) × GWP';
export const PROCESS_OUTPUT_FORMULA = 'E(CO2) = AD(t product) × EF(tCO2/t) × 1000';
export const CARBONATE_FORMULA = 'E(CO2) = M(t carbonate) × EF(stoichiometric, tCO2/t) × F(calcined) × 1000';
export const BIOMASS_FORMULA = 'E(CO2, biomass) = FC × NCV × EF(CO2) (IPCC 2006); reported separately, not in totals';

/** One non-metered source in the inventory document. */
export interface NonMeteredLine {
  kind: ActivityDataInput['sourceKind'];
  /** Biomass CO2 is a memo item: outside the scopes and the totals. */
  scope: 1 | 'memo';
  iso14064Category: 1 | null;
  record: string;
  siteId: string | null;
  subject: string;
  period: { start: string; end: string };
  activity: { quantity: string; unit: string; evidence: string; calcinationFraction?: string };
  factors: FactorJson[];
  formula: string;
  /** Measured process inputs (clinker composition, carbon balance) and each term they give; absent otherwise. */
  measured?: { inputs: ProcessMeasured; terms: ProcessTerm[] };
  /** kg; `gas` and `gasMass` for fugitive gases. */
  emissions: {
    co2: string;
    ch4: string;
    n2o: string;
    co2e: string;
    gas?: string;
    gasMass?: string;
    biomassCO2?: string;
  };
  energyKgce?: string;
}

/** Tonnes of a record's quantity (kg ÷ 1000). */
const tonnes = (r: ActivityDataInput) => (r.unit === 't' ? r.quantity : div(r.quantity, THOUSAND));
const kilograms = (r: ActivityDataInput) => (r.unit === 'kg' ? r.quantity : mul(r.quantity, THOUSAND));

/**
 * Emissions of non-metered activity data: fugitive gases (mass leaked × GWP of the chosen set), mobile combustion
 * (GB/T 32151 or IPCC CO2 like stationary fuel, with road-transport CH4/N2O), process CO2 (clinker or lime produced ×
 * EF; carbonate calcined × stoichiometric EF × fraction calcined, GB/T 32151 sector guides) and biomass CO2 (computed,
 * reported separately, never in the totals). Records in id order, so the document is deterministic.
 */
export function nonMeteredSources(
  records: readonly ActivityDataInput[],
  factors: FactorSource,
  options: InventoryOptions,
  gases: GasTally,
) {
  const lines: NonMeteredLine[] = [];
  const uncertainty: UncertaintyItem[] = [];
  let scope1 = ZERO;
  let biomassCo2 = ZERO;
  let energyKgce = ZERO;
  const gwpOf = (gas: string) => {
    const f = factors.gwp(options.gwp as GwpSet, gas);
    return { f, value: fromDecimal(f.value), text: factorJson('', f).value };
  };

  for (const r of [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const line: NonMeteredLine = {
      kind: r.sourceKind,
      scope: r.sourceKind === 'biomass_combustion' ? 'memo' : 1,
      iso14064Category: r.sourceKind === 'biomass_combustion' ? null : 1,
      record: r.id,
      siteId: r.siteId,
      subject: r.subject,
      period: { start: r.start, end: r.end },
      activity: {
        quantity: format(r.quantity, 6),
        unit: r.unit,
        evidence: r.evidence,
        ...(r.calcinationFraction ? { calcinationFraction: format(r.calcinationFraction, 6) } : {}),
      },
      factors: [],
      formula: '',
      emissions: { co2: '0.000', ch4: '0.000', n2o: '0.000', co2e: '0.000' },
    };
    let co2e = ZERO;
    if (r.sourceKind === 'fugitive') {
      const mass = kilograms(r);
      const gwp = gwpOf(r.subject);
      co2e = mul(mass, gwp.value);
      gases.add(r.subject, mass, gwp);
      line.factors = [factorJson(`GWP ${r.subject} (${options.gwp})`, gwp.f)];
      line.formula = FUGITIVE_FORMULA;
      line.emissions = { ...line.emissions, co2e: kg(co2e), gas: r.subject, gasMass: kg(mass) };
    } else if (r.sourceKind === 'mobile_combustion') {
      const fc = tonnes(r);
      const combustion = fuelCo2(r.subject, fc);
      const ch4f = factors.mobileCh4(r.subject);
      const n2of = factors.mobileN2o(r.subject);
      const ch4 = nonCo2Kg(combustion.gj, ch4f);
      const n2o = nonCo2Kg(combustion.gj, n2of);
      const gwpCh4 = gwpOf('CH4');
      const gwpN2o = gwpOf('N2O');
      co2e = add(add(combustion.co2, mul(ch4, gwpCh4.value)), mul(n2o, gwpN2o.value));
      gases.add('CO2', combustion.co2);
      gases.add('CH4', ch4, gwpCh4);
      gases.add('N2O', n2o, gwpN2o);
      line.factors = [
        ...combustion.factors,
        factorJson('CH4 (mobile)', ch4f),
        factorJson('N2O (mobile)', n2of),
        factorJson(`GWP CH4 (${options.gwp})`, gwpCh4.f),
        factorJson(`GWP N2O (${options.gwp})`, gwpN2o.f),
      ];
      line.formula = `${combustion.formula}; ${NON_CO2_FORMULA}; CO2e = CO2 + CH4 × GWP + N2O × GWP`;
      line.emissions = { co2: kg(combustion.co2), ch4: kg(ch4), n2o: kg(n2o), co2e: kg(co2e) };
      try {
        const coefficient = factors.standardCoal(r.subject);
        const kgce = standardCoalKg(fc, 't', coefficient);
        line.factors.push(factorJson('standard coal', coefficient));
        line.energyKgce = kg(kgce);
        energyKgce = add(energyKgce, kgce);
      } catch {
        // No coefficient in the set: the line's energy is not stated (nothing is guessed).
      }
    } else if (r.sourceKind === 'process' && r.measured) {
      const m =
        r.measured.method === 'clinker_composition'
          ? clinkerComposition(tonnes(r), r.measured)
          : carbonBalance(r.measured);
      co2e = m.co2;
      gases.add('CO2', co2e);
      line.formula = m.formula;
      line.measured = { inputs: r.measured, terms: m.terms };
      line.emissions = { ...line.emissions, co2: kg(co2e), co2e: kg(co2e) };
    } else if (r.sourceKind === 'process') {
      const ef = factors.processCo2(r.subject);
      const fraction = r.calcinationFraction;
      co2e = fraction
        ? mul(tonnes(r), fromDecimal(ef.value), fraction, THOUSAND)
        : mul(tonnes(r), fromDecimal(ef.value), THOUSAND);
      gases.add('CO2', co2e);
      line.factors = [factorJson(`process CO2 (${r.subject})`, ef)];
      line.formula = fraction ? CARBONATE_FORMULA : PROCESS_OUTPUT_FORMULA;
      line.emissions = { ...line.emissions, co2: kg(co2e), co2e: kg(co2e) };
    } else {
      const ipcc = factors.fuelIpcc(r.subject);
      const gj = mul(tonnes(r), fromDecimal(ipcc.ncv.value));
      const co2 = ipccCombustionCo2Kg(gj, ipcc.co2);
      biomassCo2 = add(biomassCo2, co2);
      line.factors = [factorJson('NCV (IPCC 2006)', ipcc.ncv), factorJson('CO2 emission factor (IPCC 2006)', ipcc.co2)];
      line.formula = BIOMASS_FORMULA;
      line.emissions = { ...line.emissions, biomassCO2: kg(co2) };
    }
    lines.push(line);
    if (r.sourceKind !== 'biomass_combustion') {
      scope1 = add(scope1, co2e);
      const d = DEFAULT_UNCERTAINTY_PCT[r.sourceKind];
      const user = r.activityUncertaintyPct !== null || r.factorUncertaintyPct !== null;
      uncertainty.push({
        source: `${r.sourceKind} ${r.subject} (${r.id})`,
        co2e,
        activityPct: r.activityUncertaintyPct === null ? d.activity : Number(r.activityUncertaintyPct),
        factorPct: r.factorUncertaintyPct === null ? d.factor : Number(r.factorUncertaintyPct),
        basis: user ? 'user' : 'default',
      });
    }
  }
  return { lines, scope1, biomassCo2, energyKgce, uncertainty };

  /** Vehicle fuel CO2 by the inventory's fuel method, like stationary combustion (fuel in t). */
  function fuelCo2(fuel: string, fc: Rational) {
    if (options.fuelMethod === 'ipcc2006') {
      const ipcc = factors.fuelIpcc(fuel);
      const gj = fuelEnergyGj(fuel, fc, ipcc.ncv);
      return {
        co2: ipccCombustionCo2Kg(gj, ipcc.co2),
        gj,
        factors: [factorJson('NCV', ipcc.ncv), factorJson('CO2 emission factor (IPCC 2006)', ipcc.co2)],
        formula: IPCC_COMBUSTION_FORMULA,
      };
    }
    const d = factors.fuelDefaults(fuel);
    return {
      co2: combustionCo2Kg(fuel, fc, d),
      gj: fuelEnergyGj(fuel, fc, d.ncv),
      factors: [
        factorJson('NCV', d.ncv),
        factorJson('carbon content', d.carbonContent),
        factorJson('oxidation rate', d.oxidation),
      ],
      formula: COMBUSTION_FORMULA,
    };
  }
}

import { NengtanError } from '../lib/errors';
import { add, compare, div, format, mul, parseRational, rational, sub, sum, ZERO, type Rational } from './rational';

/**
 * Clinker CO2 from the clinker's measured composition (GB/T 32151.8 and the Chinese cement sector guideline, raw
 * material term and raw-meal non-fuel carbon term). Percentages are mass percent of the clinker (CaO, MgO and their
 * parts not from carbonates) and of the raw meal (its non-fuel, i.e. organic, carbon). Dust and raw meal in t.
 */
export interface ClinkerComposition {
  method: 'clinker_composition';
  caoPct: string;
  caoNonCarbonatePct: string;
  mgoPct: string;
  mgoNonCarbonatePct: string;
  /** Kiln-head dust (窑头粉尘) leaving the system, t: calcined like clinker. */
  kilnDustT?: string;
  /** Bypass dust (旁路放风粉尘) leaving the system, t: calcined like clinker. */
  bypassDustT?: string;
  /**
   * Measured calcination degree of the kiln dust (bypass dust), mass percent of its carbonate CO2 already released.
   * Left out, the dust counts at the clinker factor (fully calcined, the Chinese guideline); given, at the partly
   * calcined dust factor of the WBCSD CSI Cement CO2 Protocol. No default: only the plant's measured value.
   */
  kilnDustCalcinationPct?: string;
  bypassDustCalcinationPct?: string;
  /** Raw meal consumed, t, with its non-fuel carbon content (mass percent): both or neither. */
  rawMealT?: string;
  rawMealOrganicCarbonPct?: string;
}

/** One carbon stream of a carbon balance: quantity × carbon content (tC per t, or per 10^4 Nm3 of gas). */
export interface CarbonStream {
  material: string;
  quantity: string;
  unit: 't' | '10^4 Nm3';
  carbonContent: string;
}

/**
 * The iron-and-steel carbon balance (GB/T 32151.5): carbon entering the works (coke, coal, carbonate fluxes, purchased
 * pig iron and scrap, electrodes ...) minus carbon leaving in products and by-products (crude steel, pig iron sold,
 * by-product gas exported ...), × 44/12.
 */
export interface CarbonBalance {
  method: 'carbon_balance';
  inputs: CarbonStream[];
  outputs: CarbonStream[];
}

export type ProcessMeasured = ClinkerComposition | CarbonBalance;

const HUNDRED = rational(100n);
const CO2_PER_CAO = rational(44n, 56n);
const CO2_PER_MGO = rational(44n, 40n);
const CO2_PER_C = rational(44n, 12n);
const THOUSAND = rational(1000n);
const DECIMAL = /^\d{1,20}(\.\d{1,12})?$/;

function invalid(message: string, hint: string): NengtanError {
  return new NengtanError('NT_ERR_ACTIVITY_DATA_INVALID', { message, hint });
}

function decimalField(value: unknown, name: string): Rational {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw invalid(`measured.${name} must be a decimal string, got ${JSON.stringify(value)}`, 'Send e.g. "65.0".');
  }
  return parseRational(value);
}

function percentField(value: unknown, name: string): Rational {
  const x = decimalField(value, name);
  if (compare(x, HUNDRED) > 0) throw invalid(`measured.${name} is a percentage, at most 100`, 'Send e.g. "65.0".');
  return x;
}

/** Checks measured inputs for a process subject: composition for clinker (optional), carbon balance for crude steel. */
export function checkProcessMeasured(subject: string, measured: ProcessMeasured | null | undefined): void {
  if (subject === 'crude_steel') {
    if (!measured || measured.method !== 'carbon_balance') {
      throw invalid(
        'crude_steel needs measured.method "carbon_balance" with its inputs and outputs',
        'Send { method: "carbon_balance", inputs: [{ material, quantity, unit, carbonContent }], outputs: [...] }.',
      );
    }
    carbonBalance(measured);
    return;
  }
  if (measured === null || measured === undefined) return;
  if (subject !== 'clinker' || measured.method !== 'clinker_composition') {
    throw invalid(
      `measured inputs of method "${String((measured as { method?: unknown }).method)}" do not apply to ${subject}`,
      'Clinker takes method "clinker_composition", crude_steel "carbon_balance"; other subjects take none.',
    );
  }
  clinkerComposition(rational(1n), measured);
}

/** One term of a measured process calculation, stated in the inventory so that a verifier recomputes it. */
export interface ProcessTerm {
  term: string;
  expression: string;
  co2Kg: string;
}

/**
 * Clinker CO2 (kg) from composition: raw material term (Q(clinker) + Q(kiln dust) + Q(bypass dust)) ×
 * [(CaO − CaO(nc)) × 44/56 + (MgO − MgO(nc)) × 44/40], plus the raw-meal term Q(raw meal) × C(non-fuel) × 44/12.
 */
export function clinkerComposition(clinkerT: Rational, m: ClinkerComposition) {
  const cao = percentField(m.caoPct, 'caoPct');
  const caoNc = percentField(m.caoNonCarbonatePct, 'caoNonCarbonatePct');
  const mgo = percentField(m.mgoPct, 'mgoPct');
  const mgoNc = percentField(m.mgoNonCarbonatePct, 'mgoNonCarbonatePct');
  if (compare(caoNc, cao) > 0 || compare(mgoNc, mgo) > 0) {
    throw invalid(
      'the non-carbonate part of CaO or MgO exceeds the oxide content',
      'The non-carbonate CaO (MgO) is a part of the clinker CaO (MgO): send a value at most the oxide content.',
    );
  }
  const kilnDust = m.kilnDustT === undefined ? null : decimalField(m.kilnDustT, 'kilnDustT');
  const bypassDust = m.bypassDustT === undefined ? null : decimalField(m.bypassDustT, 'bypassDustT');
  const kilnDegree = calcinationDegree(m.kilnDustCalcinationPct, 'kilnDustCalcinationPct', m.kilnDustT, 'kilnDustT');
  const bypassDegree = calcinationDegree(
    m.bypassDustCalcinationPct,
    'bypassDustCalcinationPct',
    m.bypassDustT,
    'bypassDustT',
  );
  if ((m.rawMealT === undefined) !== (m.rawMealOrganicCarbonPct === undefined)) {
    throw invalid(
      'rawMealT and rawMealOrganicCarbonPct go together',
      'Send both (raw meal consumed and its non-fuel carbon content) or neither.',
    );
  }
  const rawMeal = m.rawMealT === undefined ? null : decimalField(m.rawMealT, 'rawMealT');
  const organic =
    m.rawMealOrganicCarbonPct === undefined ? null : percentField(m.rawMealOrganicCarbonPct, 'rawMealOrganicCarbonPct');

  // tCO2 per t of calcined material (clinker and the dust that left the kiln calcined like it).
  const factor = add(mul(div(sub(cao, caoNc), HUNDRED), CO2_PER_CAO), mul(div(sub(mgo, mgoNc), HUNDRED), CO2_PER_MGO));
  // Dust with a stated calcination degree leaves the clinker-factor term for a term of its own.
  const fullKiln = kilnDust && !kilnDegree ? kilnDust : null;
  const fullBypass = bypassDust && !bypassDegree ? bypassDust : null;
  const calcinedT = sum([clinkerT, fullKiln ?? ZERO, fullBypass ?? ZERO]);
  const rawMaterialKg = mul(calcinedT, factor, THOUSAND);
  const masses = ['Q(clinker)', ...(fullKiln ? ['Q(kiln dust)'] : []), ...(fullBypass ? ['Q(bypass dust)'] : [])];
  const terms: ProcessTerm[] = [
    {
      term: 'raw material (carbonate decomposition)',
      expression: `(${[clinkerT, ...(fullKiln ? [fullKiln] : []), ...(fullBypass ? [fullBypass] : [])].map((x) => format(x, 6)).join(' + ')}) t × [(${m.caoPct} − ${m.caoNonCarbonatePct}) % × 44/56 + (${m.mgoPct} − ${m.mgoNonCarbonatePct}) % × 44/40] × 1000`,
      co2Kg: format(rawMaterialKg, 3),
    },
  ];
  let co2 = rawMaterialKg;
  const partial: string[] = [];
  for (const [dust, degree, symbol] of [
    [kilnDust, kilnDegree, 'kiln dust'],
    [bypassDust, bypassDegree, 'bypass dust'],
  ] as const) {
    if (!dust || !degree) continue;
    const dustKg = mul(dust, partlyCalcinedFactor(factor, degree.value), THOUSAND);
    co2 = add(co2, dustKg);
    partial.push(`Q(${symbol}) × EF(${symbol}) × 1000`);
    terms.push({
      term: `${symbol} (partly calcined, d = ${degree.text} %)`,
      expression: `${format(dust, 6)} t × EF(${symbol}), EF = x × d / (1 − x × d), x = EF(clinker) / (1 + EF(clinker)), EF(clinker) = ${format(factor, 6)} tCO2/t, d = ${degree.text} % → ${format(partlyCalcinedFactor(factor, degree.value), 6)} tCO2/t × 1000`,
      co2Kg: format(dustKg, 3),
    });
  }
  if (rawMeal && organic) {
    const organicKg = mul(rawMeal, div(organic, HUNDRED), CO2_PER_C, THOUSAND);
    co2 = add(co2, organicKg);
    terms.push({
      term: 'raw meal non-fuel carbon',
      expression: `${m.rawMealT} t × ${m.rawMealOrganicCarbonPct} % × 44/12 × 1000`,
      co2Kg: format(organicKg, 3),
    });
  }
  const formula =
    `E(CO2) = (${masses.join(' + ')}) × [(CaO − CaO(non-carbonate)) × 44/56 + (MgO − MgO(non-carbonate)) × 44/40] × 1000` +
    (partial.length > 0 ? ` + ${partial.join(' + ')}` : '') +
    (rawMeal ? ' + Q(raw meal) × C(non-fuel carbon) × 44/12 × 1000' : '') +
    ' (GB/T 32151.8, measured clinker composition' +
    (partial.length > 0
      ? '; partly calcined dust: EF(dust) = x × d / (1 − x × d), x = EF(clinker) / (1 + EF(clinker)), WBCSD CSI Cement CO2 Protocol)'
      : ')');
  return { co2, terms, formula };
}

/**
 * A dust stream's measured calcination degree d (fraction), when given; it needs the dust's mass beside it. A degree
 * of 0 % is measured too (raw meal blown out uncalcined): it gives a zero dust term, not the clinker factor.
 */
function calcinationDegree(value: string | undefined, name: string, dust: string | undefined, dustName: string) {
  if (value === undefined) return null;
  if (dust === undefined) {
    throw invalid(
      `measured.${name} needs measured.${dustName}`,
      `Send the dust leaving the system (${dustName}, t) with its calcination degree, or leave the degree out.`,
    );
  }
  return { value: div(percentField(value, name), HUNDRED), text: value };
}

/**
 * tCO2 per t of partly calcined dust (WBCSD CSI Cement CO2 Protocol): x = EF(clinker) / (1 + EF(clinker)) is the
 * carbonate CO2 of a tonne of raw meal that becomes EF(clinker) t CO2 and 1 t of clinker (CO2 the only loss on
 * ignition); a dust calcined to degree d has released x × d of it per tonne of raw meal and weighs 1 − x × d, hence
 * EF(dust) = x × d / (1 − x × d). At d = 100 % this is EF(clinker), at d = 0 it is 0.
 */
export function partlyCalcinedFactor(clinkerFactor: Rational, degree: Rational): Rational {
  const x = div(clinkerFactor, add(rational(1n), clinkerFactor));
  const released = mul(x, degree);
  return div(released, sub(rational(1n), released));
}

/** Carbon-balance CO2 (kg): (Σ inputs quantity × carbon content − Σ outputs quantity × carbon content) × 44/12. */
export function carbonBalance(m: CarbonBalance) {
  if (!Array.isArray(m.inputs) || m.inputs.length === 0 || !Array.isArray(m.outputs)) {
    throw invalid(
      'a carbon balance needs at least one input and a list of outputs',
      'Send inputs: [...] and outputs: [...].',
    );
  }
  const carbonOf = (streams: CarbonStream[], side: 'inputs' | 'outputs') =>
    streams.map((s, i) => {
      if (typeof s.material !== 'string' || s.material.length === 0 || s.material.length > 64) {
        throw invalid(`measured.${side}[${i}].material must be a name of 1–64 characters`, 'Send e.g. "coke".');
      }
      if (s.unit !== 't' && s.unit !== '10^4 Nm3') {
        throw invalid(
          `measured.${side}[${i}].unit must be "t" or "10^4 Nm3"`,
          'Solids and liquids in t, gases in 10^4 Nm3.',
        );
      }
      const carbonT = mul(
        decimalField(s.quantity, `${side}[${i}].quantity`),
        decimalField(s.carbonContent, `${side}[${i}].carbonContent`),
      );
      return { ...s, carbonT };
    });
  const inputs = carbonOf(m.inputs, 'inputs');
  const outputs = carbonOf(m.outputs, 'outputs');
  const carbonIn = sum(inputs.map((s) => s.carbonT));
  const carbonOut = sum(outputs.map((s) => s.carbonT));
  if (compare(carbonOut, carbonIn) > 0) {
    throw invalid(
      `the outputs carry more carbon (${format(carbonOut, 6)} t) than the inputs (${format(carbonIn, 6)} t)`,
      'Check the quantities and carbon contents: a carbon balance cannot emit a negative amount.',
    );
  }
  const co2 = mul(sub(carbonIn, carbonOut), CO2_PER_C, THOUSAND);
  const line = (s: CarbonStream & { carbonT: Rational }) =>
    `${s.material} ${s.quantity} ${s.unit} × ${s.carbonContent} tC/${s.unit === 't' ? 't' : '10^4 Nm3'} = ${format(s.carbonT, 6)} tC`;
  const terms: ProcessTerm[] = [
    {
      term: 'carbon in',
      expression: inputs.map(line).join('; '),
      co2Kg: format(mul(carbonIn, CO2_PER_C, THOUSAND), 3),
    },
    {
      term: 'carbon out',
      expression: outputs.length === 0 ? '(none)' : outputs.map(line).join('; '),
      co2Kg: format(mul(carbonOut, CO2_PER_C, THOUSAND), 3),
    },
  ];
  const formula =
    'E(CO2) = (Σ AD(in) × C(in) − Σ AD(out) × C(out)) × 44/12 × 1000 (GB/T 32151.5 carbon balance; fuels in the balance are not also counted as stationary combustion)';
  return { co2, terms, formula, carbonInT: format(carbonIn, 6), carbonOutT: format(carbonOut, 6) };
}

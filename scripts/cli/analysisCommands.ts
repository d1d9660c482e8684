import type { ApiClient } from './apiClient';
import { USAGE, parseCommandArgs, refusalsPrinted, stdout, table, todayCst, type Out } from './commandOutput';

interface Forecast {
  actual: string;
  forecast: string;
  dailyMean: string;
  lower: string | null;
  upper: string | null;
  budget: string | null;
  headroom: string | null;
  warning: string | null;
}

interface BudgetStatus {
  budget: { id: string; name: string | null; siteId: string | null; periodStart: string; periodEnd: string };
  asOf: string;
  elapsedDays: number;
  remainingDays: number;
  historyDays: number;
  daysWithoutData: string[];
  confidence: number;
  energyKgce: Forecast;
  co2eKg: Forecast;
}

interface QuotaEstimate {
  year: number;
  asOf: string;
  method: string;
  formula: string;
  lines: {
    product: string;
    unit: string;
    rule: { version: number; source: string };
    output: { value: string; source: string };
    benchmarkTPerUnit: string;
    correctionProduct: string;
    allocationT: string;
    formula: string;
    interval: { lowerT: string; upperT: string } | null;
  }[];
  allocationT: string;
  emissions: {
    note: string;
    basis: string | null;
    obligationT: { forecast: string | null; upper: string | null } | null;
    unavailable: { code: string; message: string; hint: string } | null;
  };
  balanceT: { forecast: string | null; upper: string | null };
  position: 'surplus' | 'shortfall' | 'balanced' | null;
  lastPrice: { day: string; currency: string; minorUnitsPerT: string } | null;
  balanceValueMinorUnits: { forecast: string | null; upper: string | null };
}

interface Columns {
  purchased: string;
  conversionOutput: string;
  conversionInput: string;
  losses: string;
  endUse: { use: string | null; quantity: string }[];
  endUseTotal: string;
  exported: string;
  supply: string;
  disposition: string;
  unexplained: string;
  conversionLoss?: string;
}

interface EnergyBalance {
  from: string;
  to: string;
  factorSet: string;
  rows: { energyKind: string; unit: string; quantity: Columns; kgce: Columns | null }[];
  totalKgce: Columns;
  conversionUnits: {
    outputMeter: string;
    name: string | null;
    inputKgce: string | null;
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
  }[];
  unplaced: string[];
  stockChangeNote: string;
}

interface Saving {
  kgce: string;
  co2eLocationKg: string | null;
  costCny: string | null;
}

interface Optimisation {
  from: string;
  to: string;
  days: number;
  lossTolerancePercent: string;
  points: {
    rank: number;
    kind: 'branch_loss' | 'conversion';
    meter: string;
    observedPercent: string;
    targetPercent: string;
    targetSource: string;
    saving: Saving;
    perYear: Saving;
  }[];
}

const columnsRow = (c: Columns) => ({
  purchased: c.purchased,
  'conv. output': c.conversionOutput,
  'conv. input': c.conversionInput,
  losses: c.losses,
  'end use': c.endUseTotal,
  exported: c.exported,
  unexplained: c.unexplained,
});

/** A negative balance is a shortfall: its size without the sign. */
const magnitude = (t: string) => t.replace(/^-/, '');

function printBudgetStatus(o: Out, s: BudgetStatus): void {
  const b = s.budget;
  o.write(
    `budget ${b.name ?? b.id} ${b.periodStart} – ${b.periodEnd}${b.siteId ? ` (site ${b.siteId})` : ''}, as of ${s.asOf}: ` +
      `${s.elapsedDays} days elapsed, ${s.remainingDays} remaining; daily mean over ${s.historyDays} days` +
      `${s.daysWithoutData.length ? ` (${s.daysWithoutData.length} without data, left out)` : ''}\n`,
  );
  table(
    o,
    (
      [
        ['energy (kgce)', s.energyKgce],
        ['CO2e (kg)', s.co2eKg],
      ] as const
    ).map(([quantity, f]) => ({
      quantity,
      actual: f.actual,
      forecast: f.forecast,
      [`lower ${Math.round(s.confidence * 100)} %`]: f.lower,
      [`upper ${Math.round(s.confidence * 100)} %`]: f.upper,
      budget: f.budget,
      headroom: f.headroom,
      warning: f.warning ?? 'none',
    })),
  );
}

function printQuotaEstimate(o: Out, q: QuotaEstimate): void {
  o.write(`quota estimate ${q.year} as of ${q.asOf} (outputs not entered forecast by ${q.method}): ${q.formula}\n`);
  table(
    o,
    q.lines.map((l) => ({
      product: l.product,
      rule: `v${l.rule.version}`,
      output: `${l.output.value} ${l.unit}`,
      'output source': l.output.source,
      't CO2/unit': l.benchmarkTPerUnit,
      corrections: l.correctionProduct,
      'allocation t': l.allocationT,
      interval: l.interval ? `${l.interval.lowerT} – ${l.interval.upperT}` : null,
    })),
  );
  o.write(`allocation: ${q.allocationT} t\n`);
  const e = q.emissions;
  if (e.obligationT) {
    o.write(
      `obligation: ${e.obligationT.forecast ?? '—'} t (upper bound ${e.obligationT.upper ?? '—'} t), ${e.note}\n`,
    );
  } else if (e.unavailable) {
    o.write(`obligation unavailable: ${e.unavailable.code}: ${e.unavailable.message}\nhint: ${e.unavailable.hint}\n`);
  }
  const f = q.balanceT.forecast;
  if (q.position && f !== null) {
    const upper = q.balanceT.upper;
    const upperText =
      upper === null
        ? ''
        : ` (at the upper bound: ${upper.startsWith('-') ? 'shortfall' : 'surplus'} of ${magnitude(upper)} t)`;
    o.write(
      q.position === 'balanced'
        ? `balanced: allocation equals the obligation${upperText}\n`
        : `${q.position} of ${magnitude(f)} t${upperText}\n`,
    );
    const value = q.balanceValueMinorUnits.forecast;
    if (q.lastPrice && value !== null) {
      o.write(
        `worth ${magnitude(value)} minor units of ${q.lastPrice.currency} at the last price ${q.lastPrice.minorUnitsPerT}/t (${q.lastPrice.day})\n`,
      );
    }
  }
}

function printEnergyBalance(o: Out, b: EnergyBalance): void {
  o.write(`energy balance ${b.from} – ${b.to} (factor set ${b.factorSet}), each energy kind in its unit:\n`);
  table(
    o,
    b.rows.map((r) => ({ 'energy kind': r.energyKind, unit: r.unit, ...columnsRow(r.quantity) })),
  );
  o.write('in kgce:\n');
  table(o, [
    ...b.rows.map((r) =>
      r.kgce
        ? { 'energy kind': r.energyKind, ...columnsRow(r.kgce) }
        : { 'energy kind': `${r.energyKind} (no kgce factor)` },
    ),
    { 'energy kind': 'total', ...columnsRow(b.totalKgce) },
  ]);
  if (b.conversionUnits.length) {
    o.write('conversion units:\n');
    table(
      o,
      b.conversionUnits.map((u) => ({
        'output meter': u.outputMeter,
        name: u.name,
        'input kgce': u.inputKgce,
        'efficiency %': u.efficiencyPercent,
        'reference %': u.referenceEfficiencyPercent,
      })),
    );
  }
  if (b.branches.length) {
    o.write('branches (parent meter minus its sub-meters):\n');
    table(
      o,
      b.branches.map((br) => ({
        meter: br.meter,
        unit: br.unit,
        quantity: br.quantity,
        'sub-meters': br.childrenQuantity,
        loss: br.loss,
        'loss %': br.lossPercent,
      })),
    );
  }
  if (b.unplaced.length) o.write(`not placed in the meter tree: ${b.unplaced.join(', ')}\n`);
  o.write(`${b.stockChangeNote}\n`);
}

function printOptimisation(o: Out, p: Optimisation): void {
  o.write(
    `loss and efficiency points ${p.from} – ${p.to} (${p.days} day${p.days === 1 ? '' : 's'}, loss tolerance ${p.lossTolerancePercent} %), ranked by expected saving:\n`,
  );
  table(
    o,
    p.points.map((pt) => ({
      rank: pt.rank,
      kind: pt.kind === 'branch_loss' ? 'branch loss' : 'conversion',
      meter: pt.meter,
      'observed %': pt.observedPercent,
      'target %': `${pt.targetPercent} (${pt.targetSource.replace('_', ' ')})`,
      kgce: pt.saving.kgce,
      'kg CO2e': pt.saving.co2eLocationKg,
      CNY: pt.saving.costCny,
      'kgce/year': pt.perYear.kgce,
      'kg CO2e/year': pt.perYear.co2eLocationKg,
      'CNY/year': pt.perYear.costCny,
    })),
  );
}

/**
 * Budgets, the quota estimate and the energy balance from the command line, as the organisation of NENGTAN_KEY:
 *   budget-status <budget id> [--as-of YYYY-MM-DD]                         GET /v1/budgets/{id}/status (default today)
 *   quota-estimate <year> [--outputs clinker=850000,...] [--method last_year|trend] [--as-of day] [--org uuid]
 *                                                                          GET /v1/market/years/{year}/quota-estimate
 *   energy-balance <from> <to> [--site uuid]                               GET /v1/energy-balance
 *   optimisation <from> <to> [--site uuid] [--loss-tolerance percent]      GET /v1/energy-balance/optimisation
 * Every command takes --json (the API's answer). Exit 0 done, 1 refused by the API (code, message and hint on
 * stderr), 2 usage.
 */
export async function analysisCommand(
  api: ApiClient,
  command: string,
  args: string[],
  out: Out = stdout,
): Promise<number> {
  const parsed = parseCommandArgs(args, ['as-of', 'outputs', 'method', 'org', 'site', 'loss-tolerance']);
  if (!parsed) return USAGE;
  const { positionals, flags } = parsed;
  const o: Out = { ...out, json: parsed.json };
  const allowed: Record<string, string[]> = {
    'budget-status': ['as-of'],
    'quota-estimate': ['outputs', 'method', 'as-of', 'org'],
    'energy-balance': ['site'],
    optimisation: ['site', 'loss-tolerance'],
  };
  if (!allowed[command] || Object.entries(flags).some(([f, v]) => v !== undefined && !allowed[command].includes(f))) {
    return USAGE;
  }
  const show = async <T>(route: string, print: (o: Out, body: T) => void) =>
    refusalsPrinted(o, async () => {
      const body = await api.json<T>('GET', route);
      if (o.json) o.write(JSON.stringify(body, null, 2) + '\n');
      else print(o, body);
      return 0;
    });
  const query = (entries: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined)).toString();

  switch (command) {
    case 'budget-status': {
      const [id] = positionals;
      if (!id || positionals.length > 1) return USAGE;
      return show<BudgetStatus>(
        `/v1/budgets/${encodeURIComponent(id)}/status?${query({ asOf: flags['as-of'] ?? todayCst() })}`,
        printBudgetStatus,
      );
    }
    case 'quota-estimate': {
      const [year] = positionals;
      if (!year || positionals.length > 1) return USAGE;
      const q = query({ outputs: flags.outputs, method: flags.method, asOf: flags['as-of'], orgId: flags.org });
      return show<QuotaEstimate>(
        `/v1/market/years/${encodeURIComponent(year)}/quota-estimate${q ? `?${q}` : ''}`,
        printQuotaEstimate,
      );
    }
    default: {
      const [from, to] = positionals;
      if (!from || !to || positionals.length > 2) return USAGE;
      const q = query({ from, to, site: flags.site, lossTolerancePercent: flags['loss-tolerance'] });
      return command === 'energy-balance'
        ? show<EnergyBalance>(`/v1/energy-balance?${q}`, printEnergyBalance)
        : show<Optimisation>(`/v1/energy-balance/optimisation?${q}`, printOptimisation);
    }
  }
}

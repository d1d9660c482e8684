import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import { SankeyChart } from './flow/SankeyChart';
import { BalanceTable, type EnergyBalance } from './flow/BalanceTable';
import { OptimisationList, type Optimisation } from './flow/Optimisation';
import { ConversionUnitForm } from './flow/ConversionUnitForm';

interface FlowNode {
  id: string;
  kind: 'source' | 'site' | 'meter' | 'end_use' | 'losses' | 'export' | 'conversion';
  name: string;
}
interface EnergyFlow {
  nodes: FlowNode[];
  links: { source: string; target: string; kgce: string }[];
  balances: {
    meter: string;
    unit: string;
    quantity: string;
    childrenQuantity: string;
    difference: string;
    differencePercent: string | null;
  }[];
  unplaced: string[];
}

const COLOURS: Record<FlowNode['kind'], string> = {
  source: '#2f6f4f',
  site: '#3f7fa8',
  meter: '#6b8fa3',
  end_use: '#c08a2f',
  losses: '#b0552f',
  export: '#7a5fa8',
  conversion: '#8a6d3b',
};
const KIND_WORD: Partial<Record<FlowNode['kind'], MessageKey>> = {
  source: 'flowKindSource',
  export: 'flowKindExport',
  losses: 'flowKindLosses',
  conversion: 'flowKindConversion',
};

const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A node's label: sources and exports by energy kind, losses by site, the rest by name. */
const label = (n: FlowNode) => (KIND_WORD[n.kind] ? `${t(KIND_WORD[n.kind] as MessageKey)} · ${n.name}` : n.name);

function Sankey({ flow }: { flow: EnergyFlow }) {
  const nodes = useMemo(() => flow.nodes.map((n) => ({ id: n.id, label: label(n), colour: COLOURS[n.kind] })), [flow]);
  return <SankeyChart nodes={nodes} links={flow.links} name="energy-flow" />;
}

/** Energy flow (能流分析): purchased energy → sites → meters → end uses, with the losses of every branch. */
export function Flow() {
  const now = new Date();
  const [from, setFrom] = useState(isoDay(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [to, setTo] = useState(isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)));
  const [flow, setFlow] = useState<EnergyFlow | undefined>();
  const [tolerance, setTolerance] = useState('3');
  const [balance, setBalance] = useState<EnergyBalance | undefined>();
  const [optimisation, setOptimisation] = useState<Optimisation | undefined>();
  const [error, setError] = useState<unknown>();
  // Only the latest request's answers are shown: the page's first load may answer after the days asked for next.
  const latest = useRef(0);
  const load = () => {
    const request = ++latest.current;
    const current =
      <T,>(set: (value: T) => void) =>
      (value: T) => {
        if (request === latest.current) set(value);
      };
    setError(undefined);
    setBalance(undefined);
    setOptimisation(undefined);
    const tolerated = encodeURIComponent(tolerance);
    // The flow first: a refused period is told once, with the flow's code; the balance reads the same days.
    api<EnergyFlow>('GET', `/v1/energy-flow?from=${from}&to=${to}`)
      .then((loaded) => {
        current(setFlow)(loaded);
        return Promise.all([
          api<EnergyBalance>('GET', `/v1/energy-balance?from=${from}&to=${to}`),
          api<Optimisation>(
            'GET',
            `/v1/energy-balance/optimisation?from=${from}&to=${to}&lossTolerancePercent=${tolerated}`,
          ),
        ]);
      })
      .then(([loadedBalance, loadedOptimisation]) => {
        current(setBalance)(loadedBalance);
        current(setOptimisation)(loadedOptimisation);
      }, current(setError));
  };
  useEffect(load, []);
  return (
    <section class="page flow">
      <h1>{t('navFlow')}</h1>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label>
          {t('flowFrom')}
          <input type="date" required value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('flowTo')}
          <input type="date" required value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('balOptTolerance')}
          <input
            inputMode="decimal"
            required
            size={5}
            value={tolerance}
            onInput={(e) => setTolerance((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('flowShow')}</button>
      </form>
      <ErrorBox error={error} />
      {flow && flow.links.length === 0 && <p class="notice">{t('flowEmpty')}</p>}
      {flow && flow.links.length > 0 && (
        <>
          <p class="notice">{t('flowUnit')}</p>
          <Sankey flow={flow} />
        </>
      )}
      {flow && flow.balances.length > 0 && (
        <>
          <h2>{t('flowBalanceTitle')}</h2>
          <table class="balances">
            <thead>
              <tr>
                <th>{t('flowBalanceMeter')}</th>
                <th>{t('flowBalanceQuantity')}</th>
                <th>{t('flowBalanceChildren')}</th>
                <th>{t('flowBalanceDifference')}</th>
                <th>{t('flowBalanceShare')}</th>
              </tr>
            </thead>
            <tbody>
              {flow.balances.map((b) => (
                <tr key={b.meter} data-balance={b.meter}>
                  <td>{b.meter}</td>
                  <td>
                    {b.quantity} {b.unit}
                  </td>
                  <td>
                    {b.childrenQuantity} {b.unit}
                  </td>
                  <td data-difference>
                    {b.difference} {b.unit}
                  </td>
                  <td data-share>{b.differencePercent === null ? '—' : `${b.differencePercent} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {balance && balance.rows.length > 0 && <BalanceTable balance={balance} />}
      {balance && balance.rows.length > 0 && optimisation && (
        <>
          <h2>{t('balOptTitle')}</h2>
          <OptimisationList key={`${from}|${to}|${optimisation.lossTolerancePercent}`} optimisation={optimisation} />
        </>
      )}
      {balance && (
        <details class="conversion-unit">
          <summary>{t('balFormTitle')}</summary>
          <ConversionUnitForm onSaved={load} />
        </details>
      )}
      {flow && flow.unplaced.length > 0 && (
        <p class="notice" data-unplaced>
          {t('flowUnplaced')} {flow.unplaced.join(', ')}
        </p>
      )}
    </section>
  );
}

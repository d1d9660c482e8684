import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import { SankeyChart } from './flow/SankeyChart';

interface FlowNode {
  id: string;
  kind: 'source' | 'site' | 'meter' | 'end_use' | 'losses' | 'export';
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
};
const KIND_WORD: Partial<Record<FlowNode['kind'], MessageKey>> = {
  source: 'flowKindSource',
  export: 'flowKindExport',
  losses: 'flowKindLosses',
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
  const [error, setError] = useState<unknown>();
  const load = () => {
    setError(undefined);
    api<EnergyFlow>('GET', `/v1/energy-flow?from=${from}&to=${to}`).then(setFlow, setError);
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
      {flow && flow.unplaced.length > 0 && (
        <p class="notice" data-unplaced>
          {t('flowUnplaced')} {flow.unplaced.join(', ')}
        </p>
      )}
    </section>
  );
}

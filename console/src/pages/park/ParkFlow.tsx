import { useMemo } from 'preact/hooks';
import { t } from '../../i18n';
import { SankeyChart } from '../flow/SankeyChart';
import type { ParkFlow as Flow } from './parkAnalysisTypes';

const COLOURS: Record<Flow['nodes'][number]['kind'], string> = {
  purchased: '#2f6f4f',
  utility: '#c08a2f',
  member: '#3f7fa8',
  export: '#7a5fa8',
};

const label = (n: Flow['nodes'][number]) =>
  n.kind === 'purchased'
    ? `${t('parkFlowPurchased')} · ${n.name}`
    : n.kind === 'export'
      ? `${t('parkFlowExport')} · ${n.name}`
      : n.name;

/** The park's Sankey: nodes labelled and coloured by kind. */
function Sankey({ flow }: { flow: Flow }) {
  const nodes = useMemo(() => flow.nodes.map((n) => ({ id: n.id, label: label(n), colour: COLOURS[n.kind] })), [flow]);
  return <SankeyChart nodes={nodes} links={flow.links} name="park-flow" />;
}

/** Purchased energy → members → exported, and each park utility's output shared out to the members. */
export function ParkFlow({ flow }: { flow: Flow }) {
  return (
    <section class="park-flow">
      <h3>{t('parkFlow')}</h3>
      {flow.links.length === 0 && <p class="notice">{t('parkFlowEmpty')}</p>}
      {flow.links.length > 0 && (
        <>
          <p class="notice">{t('parkFlowUnit')}</p>
          <Sankey flow={flow} />
        </>
      )}
      {flow.utilities.length > 0 && (
        <>
          <h4>{t('parkUtilities')}</h4>
          <table class="figures">
            <thead>
              <tr>
                <th>{t('parkUtility')}</th>
                <th>{t('parkMember')}</th>
                <th>{t('parkAllocated')}</th>
                <th>kgce</th>
              </tr>
            </thead>
            <tbody>
              {flow.utilities.map((u) => [
                <tr key={u.utility.id} data-utility={u.utility.name}>
                  <td>
                    {u.utility.name} ·{' '}
                    {u.utility.allocation === 'fixed' ? t('parkAllocationFixed') : t('parkAllocationMetered')}
                  </td>
                  <td>{t('parkUtilityOutput')}</td>
                  <td>
                    {u.output} {u.utility.unit}
                  </td>
                  <td>{u.outputKgce}</td>
                </tr>,
                ...u.members.map((m) => (
                  <tr key={`${u.utility.id}/${m.memberId}`} data-allocation={`${u.utility.name}/${m.name}`}>
                    <td />
                    <td>{m.name}</td>
                    <td data-quantity>
                      {m.quantity} {u.utility.unit}
                    </td>
                    <td>{m.kgce}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { loadSankey } from '../flow/sankey';
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

/** The park's Sankey, ECharts loaded lazily as on the flow page. */
function Sankey({ flow }: { flow: Flow }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void } | undefined;
    void loadSankey().then((echarts) => {
      if (disposed || !box.current) return;
      const names = new Map(flow.nodes.map((n) => [n.id, label(n)]));
      const instance = echarts.init(box.current);
      instance.setOption({
        animation: false,
        tooltip: { trigger: 'item' },
        series: [
          {
            type: 'sankey',
            emphasis: { focus: 'adjacency' },
            nodeGap: 14,
            data: flow.nodes.map((n) => ({ name: label(n), itemStyle: { color: COLOURS[n.kind] } })),
            // ECharts draws numbers; the exact decimal strings stay in the table below.
            links: flow.links.map((l) => ({
              source: names.get(l.source),
              target: names.get(l.target),
              value: Number(l.kgce),
            })),
            lineStyle: { color: 'gradient', opacity: 0.4 },
          },
        ],
      });
      box.current.setAttribute('data-drawn', 'true');
      chart = instance;
    });
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [flow]);
  return <div class="sankey" ref={box} data-chart="park-flow" />;
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

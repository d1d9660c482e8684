import { useEffect, useRef } from 'preact/hooks';
import { loadSankey } from './sankey';

/** A Sankey node as the charts draw it: its label and colour. */
export interface SankeyNode {
  id: string;
  label: string;
  colour: string;
}

/**
 * An energy Sankey drawn by ECharts (loaded on first draw). Links carry kgce as exact decimal strings; ECharts draws
 * numbers, so the exact strings stay in the page's tables. `data-drawn` marks the chart once drawn (browser tests).
 */
export function SankeyChart({
  nodes,
  links,
  name,
}: {
  nodes: SankeyNode[];
  links: { source: string; target: string; kgce: string }[];
  /** The chart's `data-chart` name. */
  name: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void } | undefined;
    void loadSankey().then((echarts) => {
      if (disposed || !box.current) return;
      const labels = new Map(nodes.map((n) => [n.id, n.label]));
      const instance = echarts.init(box.current);
      instance.setOption({
        animation: false,
        tooltip: { trigger: 'item' },
        series: [
          {
            type: 'sankey',
            emphasis: { focus: 'adjacency' },
            nodeGap: 14,
            data: nodes.map((n) => ({ name: n.label, itemStyle: { color: n.colour } })),
            links: links.map((l) => ({
              source: labels.get(l.source),
              target: labels.get(l.target),
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
  }, [nodes, links]);
  return <div class="sankey" ref={box} data-chart={name} />;
}

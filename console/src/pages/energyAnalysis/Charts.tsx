import { useEffect, useRef } from 'preact/hooks';
import { loadCharts } from './loadCharts';

type Option = Record<string, unknown>;

/** One ECharts chart drawn from `option`; ECharts draws numbers, so the exact decimals stay in the tables beside it. */
export function Chart({ name, option }: { name: string; option: Option }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void } | undefined;
    void loadCharts().then((echarts) => {
      if (disposed || !box.current) return;
      const instance = echarts.init(box.current);
      instance.setOption({ animation: false, tooltip: { trigger: 'item' }, ...option });
      chart = instance;
    });
    return () => {
      disposed = true;
      chart?.dispose();
    };
  }, [option]);
  return <div class="ea-chart" ref={box} data-chart={name} />;
}

export const pieOption = (data: { name: string; value: string }[]): Option => ({
  legend: { bottom: 0 },
  series: [{ type: 'pie', radius: ['35%', '65%'], data: data.map((d) => ({ name: d.name, value: Number(d.value) })) }],
});

export const barOption = (categories: string[], series: { name: string; values: string[] }[]): Option => ({
  legend: { bottom: 0 },
  tooltip: { trigger: 'axis' },
  grid: { left: 60, right: 60, top: 20, bottom: 50 },
  xAxis: { type: 'category', data: categories },
  yAxis: series.map((s, i) => ({ type: 'value', name: s.name, position: i === 0 ? 'left' : 'right' })),
  series: series.map((s, i) => ({ type: 'bar', name: s.name, yAxisIndex: i, data: s.values.map(Number) })),
});

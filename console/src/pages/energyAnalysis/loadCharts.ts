/**
 * ECharts with only the bar and pie charts, their grid, legend and tooltip and the canvas renderer, loaded when the
 * energy analysis page first draws (other pages never pay for it).
 */
export async function loadCharts() {
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]);
  core.use([
    charts.BarChart,
    charts.PieChart,
    components.GridComponent,
    components.LegendComponent,
    components.TooltipComponent,
    renderers.CanvasRenderer,
  ]);
  return core;
}

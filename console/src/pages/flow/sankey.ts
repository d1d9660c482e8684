/**
 * ECharts with only the Sankey chart, its tooltip and the canvas renderer, loaded when the flow page first draws
 * (the cockpit never pays for it).
 */
export async function loadSankey() {
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]);
  core.use([charts.SankeyChart, components.TooltipComponent, renderers.CanvasRenderer]);
  return core;
}

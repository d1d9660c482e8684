/**
 * The console's two languages. Chinese is the default; the choice (and nothing else) is kept in localStorage.
 * Every visible string goes through `t`, so a missing translation is a type error, not an English word in a Chinese page.
 */
const zh = {
  appName: '能碳',
  signInTitle: '登录能碳控制台',
  signInKey: 'API 密钥',
  signInKeyHelp: '密钥只用于换取会话，不保存在浏览器中。',
  signInButton: '登录',
  signOut: '退出',
  language: 'English',
  loading: '加载中…',
  errorHint: '建议',
  navCockpit: '能碳驾驶舱',
  navMonitoring: '能耗查询',
  navFlow: '能流分析',
  navCarbon: '碳核算',
  navTrust: '可信存证',
  navNotarization: '公证与核查',
  navMarket: '碳市场',
  navMeters: '计量与数据',
  planned: '此页面尚未建成。',
  plannedCockpit:
    '今日与本月能耗（kgce）和排放（CO2e）、强度、同比/环比、主要用能单元、未处理告警、数据完整率与上链状态，读数到达时实时刷新。',
  plannedMonitoring:
    '站点 → 计量表树；任意计量表或分组在任意期间的曲线（可缩放，叠加上一周期，显示质量标记），表格与 CSV 导出。',
  plannedFlow: '能流桑基图：从外购能源经各站点、分表到终端用途与外送，并显示平衡（上级减下级 = 损耗/未计量）。',
  plannedCarbon:
    '任意期间的温室气体清单预览：按范围、排放源、站点和月份，基于位置与基于市场并列，逐项可追溯到计量表、因子和公式；报告可在浏览器查看并下载 PDF。',
  plannedTrust:
    '批次及其上链锚定；在浏览器中对照链上 RPC 校验任意读数的收据（叶子、证明、根）；组织核验结果并列出被篡改的读数。',
  plannedNotarization:
    '企业对清单进行公证并指派核查机构；核查机构查看任务、运行复核（显示进度）、查看差异报告并出具声明。',
  plannedMarket:
    '持仓、履约表（配额义务与核证排放及缺口）、成交与统计图、场外协议（发起、签署、接受）、绿证声明；主管部门的监管与登记簿。',
  plannedMeters:
    '站点与计量表（新建、修改变比和单位并留审计记录、停用）、API 密钥、CSV 上传（在页面上选择列映射并一次列出全部问题）。',
  today: '今日',
  thisMonth: '本月',
  last7Days: '近 7 天逐小时用能（kgce）',
  chartEmpty: '近 7 天无读数。',
  energyKgce: '能耗（kgce）',
  emissionsCo2e: '排放（kgCO2e）',
  topConsumers: '主要用能计量表（本月）',
  anchoring: '上链锚定状态',
  anchoredBatches: '已锚定批次',
  pendingBatches: '待锚定批次',
  lastAnchor: '最近锚定',
  none: '无',
  last30Days: '近 30 天用能（kgce/日）',
  meter: '计量表',
  site: '站点',
  quantity: '用量',
  sites: '站点与计量表',
  from: '开始',
  to: '结束',
  resolution: '粒度',
  show: '查询',
  previousPeriod: '上一周期',
  currentPeriod: '本周期',
  exportCsv: '导出 CSV',
  time: '时间',
  min: '最小',
  max: '最大',
  sum: '合计',
  pickMeter: '请在左侧选择一个计量表。',
  noData: '此期间没有数据。',
  zoomHelp: '在图上拖动以放大，双击复原。',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  appName: 'Nengtan',
  signInTitle: 'Sign in to the Nengtan console',
  signInKey: 'API key',
  signInKeyHelp: 'The key is exchanged for a session and never kept in the browser.',
  signInButton: 'Sign in',
  signOut: 'Sign out',
  language: '中文',
  loading: 'Loading…',
  errorHint: 'What to do',
  navCockpit: 'Cockpit',
  navMonitoring: 'Energy monitoring',
  navFlow: 'Energy flow',
  navCarbon: 'Carbon',
  navTrust: 'Trust',
  navNotarization: 'Notarization & verification',
  navMarket: 'Market',
  navMeters: 'Meters & data',
  planned: 'This page is not built yet.',
  plannedCockpit:
    "Today's and this month's energy (kgce) and CO2e, intensity, year-on-year and month-on-month, top consumers, open alerts, data completeness and anchoring status, live as readings arrive.",
  plannedMonitoring:
    'Site → meter tree; any meter or group as a chart over any range (zoomable, previous period overlaid, quality flags shown), with a table and CSV export.',
  plannedFlow:
    'A Sankey diagram from purchased energy through sites and sub-meters to end use and export, with the balance (parent minus children = losses and unmetered use).',
  plannedCarbon:
    'Inventory preview for any period by scope, source, site and month, location- and market-based side by side, every figure traceable to its meters, factors and formula; reports in the browser and as PDF.',
  plannedTrust:
    "Batches and their anchors; any reading's receipt verified in the browser against the chain's RPC (leaf, proof, root); organisation verification with tampered readings named.",
  plannedNotarization:
    "The enterprise notarizes and assigns a verifier; the verifier's workspace lists assignments, runs the re-verification with progress, shows the difference report and attests.",
  plannedMarket:
    'Positions, the compliance table (obligation vs. verified emissions and shortfall), trades and statistics, OTC deals (propose, sign, accept), certificate claims; the authority’s oversight and register.',
  plannedMeters:
    'Sites and meters (create, correct CT/PT and units with an audit trail, retire), API keys, CSV upload with the column mapping chosen on screen and every problem listed at once.',
  today: 'Today',
  thisMonth: 'This month',
  last7Days: 'Energy per hour, last 7 days (kgce)',
  chartEmpty: 'No readings in the last 7 days.',
  energyKgce: 'Energy (kgce)',
  emissionsCo2e: 'Emissions (kgCO2e)',
  topConsumers: 'Top consumers (this month)',
  anchoring: 'Anchoring status',
  anchoredBatches: 'Anchored batches',
  pendingBatches: 'Batches awaiting anchoring',
  lastAnchor: 'Last anchor',
  none: 'none',
  last30Days: 'Energy, last 30 days (kgce/day)',
  meter: 'Meter',
  site: 'Site',
  quantity: 'Quantity',
  sites: 'Sites and meters',
  from: 'From',
  to: 'To',
  resolution: 'Resolution',
  show: 'Show',
  previousPeriod: 'Previous period',
  currentPeriod: 'This period',
  exportCsv: 'Export CSV',
  time: 'Time',
  min: 'Min',
  max: 'Max',
  sum: 'Sum',
  pickMeter: 'Pick a meter on the left.',
  noData: 'No data in this period.',
  zoomHelp: 'Drag on the chart to zoom, double-click to reset.',
};

export type Language = 'zh' | 'en';
const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'nengtan.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Language = storedLanguage();

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage; the choice then lasts for the page only.
  }
}

export function t(key: MessageKey): string {
  return DICTIONARIES[current][key];
}

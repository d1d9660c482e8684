/** Strings of the energy flow page (能流分析). */
export const zh = {
  flowFrom: '起始日期',
  flowTo: '截止日期（不含）',
  flowShow: '查看',
  flowEmpty: '该期间没有可显示的能流。请在“计量与数据”中登记计量表、上传读数，并为分表指定上级计量表和用途。',
  flowUnit: '单位：kgce（默认因子集的折标系数）',
  flowBalanceTitle: '支路平衡（上级减下级 = 损耗/未计量）',
  flowBalanceMeter: '上级计量表',
  flowBalanceQuantity: '上级计量',
  flowBalanceChildren: '下级合计',
  flowBalanceDifference: '差值',
  flowBalanceShare: '差值占比',
  flowUnplaced: '以下分表未指定上级计量表，未计入能流（避免重复计量）：',
  flowKindSource: '外购',
  flowKindExport: '外送',
  flowKindLosses: '损耗/未计量',
  flowKindConversion: '加工转换',
};

export const en: Record<keyof typeof zh, string> = {
  flowFrom: 'First day',
  flowTo: 'Day after the last',
  flowShow: 'Show',
  flowEmpty:
    'No energy flows in this period. Register meters and readings under Meters and data, and place sub-meters under their parent meter with an end use.',
  flowUnit: 'Unit: kgce (standard coal coefficients of the default factor set)',
  flowBalanceTitle: 'Branch balances (parent minus children = losses and unmetered use)',
  flowBalanceMeter: 'Parent meter',
  flowBalanceQuantity: 'Parent measured',
  flowBalanceChildren: 'Children together',
  flowBalanceDifference: 'Difference',
  flowBalanceShare: 'Share of parent',
  flowUnplaced: 'These sub-meters have no parent meter and stay out of the flow (they would count twice):',
  flowKindSource: 'purchased',
  flowKindExport: 'exported',
  flowKindLosses: 'losses and unmetered',
  flowKindConversion: 'conversion',
};

import type { BaseYearComparison } from '../accounting/baseYearComparison';
import type { SafeHtml } from './markup';
import type { ReportLanguage } from './reportLabels';
import { code, fig, keyValues, note, section } from './reportPage';

const LABELS = {
  en: {
    title: 'Base-year comparison',
    baseYear: 'Base year',
    restated: ' (restated)',
    original: ' (as first stated)',
    baseInventory: 'Base-year inventory',
    baseTotal: 'Base-year total',
    reportedTotal: 'Total of this period',
    change: 'Change against the base year',
    open: ' (',
    close: ')',
    note: 'Net location-based totals. The base year is recalculated under the current boundary and methods when its policy requires it (GHG Protocol Corporate Standard ch. 5; ISO 14064-1:2018 §6.4); a restated base year is marked as such.',
  },
  zh: {
    title: '与基准年对比',
    baseYear: '基准年',
    restated: '（已重新计算）',
    original: '（首次报告值）',
    baseInventory: '基准年清单',
    baseTotal: '基准年排放总量',
    reportedTotal: '本期排放总量',
    change: '较基准年变化',
    open: '（',
    close: '）',
    note: '均为基于位置的净排放总量。边界或方法变化使变化超过重新计算政策的显著性阈值时，基准年按当前边界和方法重新计算（GHG Protocol 企业标准第5章；ISO 14064-1:2018 第6.4条），重新计算的基准年予以标明。',
  },
} as const;

const signed = (text: string) => (text.startsWith('-') ? fig(text) : `+${fig(text)}`);

/** The report section comparing the period with the organisation's base year. */
export function baseYearSection(no: number, comparison: BaseYearComparison, lang: ReportLanguage): SafeHtml {
  const l = LABELS[lang];
  const pct = comparison.changePct === null ? '' : `${l.open}${signed(comparison.changePct)} %${l.close}`;
  return section(
    no,
    l.title,
    keyValues([
      [l.baseYear, `${comparison.year}${comparison.restated ? l.restated : l.original}`],
      [l.baseInventory, code(comparison.inventoryId)],
      [l.baseTotal, `${fig(comparison.baseKgCO2e)} kgCO2e`],
      [l.reportedTotal, `${fig(comparison.reportedKgCO2e)} kgCO2e`],
      [l.change, `${signed(comparison.changeKgCO2e)} kgCO2e${pct}`],
    ]),
    note(l.note),
  );
}

import type { InventoryDocument } from '../accounting/computeInventory';
import { CATEGORY_KEYS, type Scope3CategorySection } from '../accounting/scope3Categories';
import type { InventoryDocumentWithScope3 } from '../accounting/scope3PurchasedGoods';
import type { HtmlValue } from './markup';
import type { ReportLanguage } from './reportLabels';
import { dataTable, fig, keyValues, lastDay, note, subsection, tonnes } from './reportPage';

/** Labels of the report parts for Scope 3 categories 3, 4, 6 and 7 (the organisation's own factor sets). */
const EN = {
  titles: {
    3: 'Scope 3 category 3: fuel- and energy-related activities',
    4: 'Scope 3 category 4: upstream transportation and distribution',
    6: 'Scope 3 category 6: business travel',
    7: 'Scope 3 category 7: employee commuting',
    1: 'Scope 3 category 1: purchased goods without a supplier footprint (own factors)',
  },
  quantified: {
    1: 'category 1 purchased goods',
    3: 'category 3 fuel- and energy-related activities',
    4: 'category 4 upstream transportation and distribution',
    6: 'category 6 business travel',
    7: 'category 7 employee commuting',
  },
  quantifiedList: (names: string[]) =>
    `quantified in Scope 3, reported apart below: ${names.join('; ')}; the rest is not quantified`,
  description: 'Activity',
  period: 'Period',
  method: 'Method',
  methods: { activity: 'activity-based', spend: 'spend-based' },
  quantity: 'Quantity',
  unit: 'Unit',
  factor: 'Factor (set, version)',
  perUnit: 'kgCO2e per unit',
  kgCO2e: 'kgCO2e',
  factorSource: 'Factor source',
  evidence: 'Evidence',
  total: (c: number) => `Category ${c} total (kgCO2e)`,
  totalT: (c: number) => `Category ${c} total (tCO2e)`,
  factorSets: 'Factor sets',
  methodText: 'Method',
  notCovered: 'Not covered (no factor in the set)',
  scope3Total: 'Scope 3 total (kgCO2e)',
  scope3TotalT: 'Scope 3 total (tCO2e)',
  apart: 'Reported apart from Scope 1 and 2: not included in the totals above.',
};

type Labels = typeof EN;

const ZH: Labels = {
  titles: {
    3: '范围三类别 3：燃料和能源相关活动',
    4: '范围三类别 4：上游运输和配送',
    6: '范围三类别 6：商务差旅',
    7: '范围三类别 7：员工通勤',
    1: '范围三类别 1：无供应商碳足迹的外购商品（自有因子）',
  },
  quantified: {
    1: '类别 1 外购商品',
    3: '类别 3 燃料和能源相关活动',
    4: '类别 4 上游运输和配送',
    6: '类别 6 商务差旅',
    7: '类别 7 员工通勤',
  },
  quantifiedList: (names: string[]) => `已量化的范围三排放（在下文单列）：${names.join('；')}；其余未量化`,
  description: '活动',
  period: '期间',
  method: '方法',
  methods: { activity: '基于活动数据', spend: '基于支出' },
  quantity: '数量',
  unit: '单位',
  factor: '因子（因子集，版本）',
  perUnit: '单位 kgCO2e',
  kgCO2e: 'kgCO2e',
  factorSource: '因子来源',
  evidence: '证据',
  total: (c: number) => `类别 ${c} 合计（kgCO2e）`,
  totalT: (c: number) => `类别 ${c} 合计（tCO2e）`,
  factorSets: '因子集',
  methodText: '方法说明',
  notCovered: '未覆盖（因子集中无相应因子）',
  scope3Total: '范围三合计（kgCO2e）',
  scope3TotalT: '范围三合计（tCO2e）',
  apart: '与范围一、范围二分开报告：不计入上述总量。',
};

const labelsOf = (lang: ReportLanguage) => (lang === 'zh' ? ZH : EN);

function sections(doc: InventoryDocument): Scope3CategorySection[] {
  const scope3 = (doc as InventoryDocumentWithScope3).scope3;
  if (!scope3) return [];
  return Object.values(CATEGORY_KEYS)
    .map((key) => scope3[key])
    .filter((s): s is Scope3CategorySection => s !== undefined);
}

/**
 * What the report says of ISO 14064-1 categories 3–6 when the document quantifies Scope 3 categories beyond
 * category 1: the categories quantified. Undefined otherwise, so that reports of other documents stay as they were.
 */
export function scope3QuantifiedText(doc: InventoryDocument, lang: ReportLanguage): string | undefined {
  const found = sections(doc);
  if (found.length === 0) return undefined;
  const l = labelsOf(lang);
  const names = [
    ...((doc as InventoryDocumentWithScope3).scope3?.category1PurchasedGoods ? [l.quantified[1]] : []),
    ...found.map((s) => l.quantified[s.category]),
  ].filter((name, i, all) => all.indexOf(name) === i);
  return l.quantifiedList(names);
}

/**
 * The report parts for the document's Scope 3 categories 3, 4, 6 and 7: each line with its method, quantity, factor
 * (set and version), source and evidence, the category totals and the Scope 3 total, as the document states them,
 * never recomputed. Nothing for documents without them.
 */
export function scope3CategorySubsections(doc: InventoryDocument, lang: ReportLanguage): HtmlValue[] {
  const found = sections(doc);
  if (found.length === 0) return [];
  const l = labelsOf(lang);
  const total = (doc as InventoryDocumentWithScope3).scope3?.kgCO2e;
  return [
    ...found.map((s) =>
      subsection(
        l.titles[s.category],
        dataTable(
          [
            { label: l.description },
            { label: l.period },
            { label: l.method },
            { label: l.quantity, numeric: true },
            { label: l.unit },
            { label: l.factor },
            { label: l.perUnit, numeric: true },
            { label: l.kgCO2e, numeric: true },
            { label: l.factorSource },
            { label: l.evidence },
          ],
          s.lines.map((line) => [
            line.terms
              ? `${line.description} (${line.terms.map((t) => `${t.label} ${fig(t.value)}`).join(' × ')})`
              : line.description,
            `${line.period.start} – ${lastDay(line.period.end)}`,
            l.methods[line.method],
            fig(line.quantity),
            line.unit,
            `${line.factor.subject} (${line.factor.setName} v${line.factor.setVersion})`,
            fig(line.factor.kgCO2ePerUnit),
            fig(line.kgCO2e),
            line.factor.source,
            line.evidence,
          ]),
        ),
        keyValues([
          [l.total(s.category), fig(s.kgCO2e)],
          [l.totalT(s.category), tonnes(s.kgCO2e)],
          [l.factorSets, s.factorSets.map((f) => `${f.name} v${f.version}`).join(', ') || '—'],
          [l.methodText, s.method],
          ...(s.notCovered ? [[l.notCovered, s.notCovered.join('; ')] as const] : []),
        ]),
      ),
    ),
    subsection(
      l.scope3Total,
      keyValues([
        [l.scope3Total, fig(total)],
        [l.scope3TotalT, tonnes(total)],
      ]),
      note(l.apart),
    ),
  ];
}

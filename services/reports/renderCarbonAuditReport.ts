import type { InventoryDocument, SourceLine } from '../accounting/computeInventory';
import { div, format, mul, parseRational, rational } from '../accounting/rational';
import { compareDecimalTexts, negate, shareAsPercent, sumDecimalTexts } from './decimalText';
import { markup, type HtmlValue } from './markup';
import {
  ESTIMATED_SHARE_FLAG,
  factorUses,
  isoCategoryLabel,
  kindLabel,
  qualityLabel,
  scopeLabel,
} from './inventoryViews';
import { carrierName, factorName, lookup, reportLabels, type ReportLabels } from './reportLabels';
import type { ReportOptions } from './reportOptions';
import {
  dataTable,
  evidenceSection,
  fig,
  keyValues,
  note,
  percent,
  periodRows,
  reportPage,
  section,
  tonnes,
} from './reportPage';

/** How many of the largest sources the audit report ranks. */
export const TOP_SOURCES = 10;

/**
 * The carbon audit report (碳盘查报告): a short review-oriented view of an inventory document. Totals are the
 * document's; breakdowns by source category, site and energy carrier are exact sums of the document's source lines
 * (location-based: the market-based Scope 2 is determined per year for the organisation, not per source); findings
 * flag what a verifier looks at first (estimated shares above 5 %, fallback factor years, factors to be checked,
 * batches not anchored, unused certificates).
 */
export function renderCarbonAuditReport(doc: InventoryDocument, options: ReportOptions): string {
  const labels = reportLabels(options.lang);
  return reportPage({
    doc,
    labels,
    options,
    title: options.title ?? labels.auditTitle,
    subtitle: labels.auditSubtitle,
    sections: [
      summarySection(doc, labels),
      byCategorySection(doc, labels),
      bySiteSection(doc, labels),
      byCarrierSection(doc, labels),
      topSourcesSection(doc, labels),
      findingsSection(doc, labels),
      evidenceSection(7, doc, options, labels),
    ],
  });
}

const kgColumns = (labels: ReportLabels) => [
  { label: labels.kg, numeric: true },
  { label: labels.t, numeric: true },
];

function summarySection(doc: InventoryDocument, labels: ReportLabels) {
  const r = doc.results;
  const row = (label: string, kg: string | undefined): HtmlValue[] => [label, fig(kg), tonnes(kg)];
  return section(
    1,
    labels.summary,
    keyValues(periodRows(doc, labels)),
    dataTable(
      [{ label: labels.item }, ...kgColumns(labels)],
      [
        row(labels.scope1Long, r.scope1),
        row(`${labels.scope2Long} (${labels.locationBased})`, r.scope2LocationBased),
        row(`${labels.scope2Long} (${labels.marketBased})`, r.scope2MarketBased),
        row(labels.exportedDeducted, r.exported),
        row(`${labels.totalGbt} (${labels.locationBased})`, r.totalLocationBased),
        row(`${labels.totalGbt} (${labels.marketBased})`, r.totalMarketBased),
      ],
      2,
    ),
    keyValues([
      [labels.energy, `${fig(r.energyKgce)} ${labels.kgce} = ${tonnes(r.energyKgce)} ${labels.tce}`],
      [labels.biomass, `${fig(r.biomassCO2)} kgCO2 = ${tonnes(r.biomassCO2)} tCO2`],
    ]),
  );
}

/** kg figures of the document are stated at 3 decimals; their sums are too. */
const sumKg = (texts: readonly string[]) => sumDecimalTexts(texts, 3);

/** Source lines grouped by a key, in order of first appearance, with the exact sum of their CO2e. */
function groupLines(lines: readonly SourceLine[], key: (s: SourceLine) => string) {
  const groups = new Map<string, SourceLine[]>();
  for (const s of lines) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return [...groups].map(([k, group]) => ({ key: k, lines: group, co2e: sumKg(group.map((s) => s.emissions.co2e)) }));
}

function byCategorySection(doc: InventoryDocument, labels: ReportLabels) {
  return section(
    2,
    labels.bySourceCategory,
    dataTable(
      [
        { label: labels.sourceCategory },
        { label: labels.scope },
        { label: labels.isoCategory },
        { label: labels.lines, numeric: true },
        ...kgColumns(labels),
      ],
      groupLines(doc.sources, (s) => s.kind).map((g) => [
        kindLabel(g.key, labels),
        scopeLabel(g.lines[0].scope, labels),
        isoCategoryLabel(g.lines[0].iso14064Category, labels),
        g.lines.length,
        fig(g.co2e),
        tonnes(g.co2e),
      ]),
    ),
    note(labels.subtotalNote),
  );
}

function bySiteSection(doc: InventoryDocument, labels: ReportLabels) {
  const sum = (lines: SourceLine[], scope: SourceLine['scope']) =>
    sumKg(lines.filter((s) => s.scope === scope).map((s) => s.emissions.co2e));
  return section(
    3,
    labels.bySite,
    dataTable(
      [
        { label: labels.site },
        { label: `${labels.scope1} (${labels.kg})`, numeric: true },
        { label: `${labels.scope2}, ${labels.locationBased} (${labels.kg})`, numeric: true },
        { label: `${labels.deducted} (${labels.kg})`, numeric: true },
        { label: `${labels.net} (${labels.kg})`, numeric: true },
        { label: `${labels.net} (${labels.t})`, numeric: true },
      ],
      groupLines(bySiteOrder(doc), (s) => s.meter.site ?? '').map((g) => {
        const [s1, s2, deducted] = [sum(g.lines, 1), sum(g.lines, 2), sum(g.lines, 'deducted')];
        const net = sumKg([s1, s2, negate(deducted)]);
        return [g.key === '' ? labels.noSite : g.key, fig(s1), fig(s2), fig(deducted), fig(net), tonnes(net)];
      }),
    ),
  );
}

/** Source lines in the order of the boundary's sites (the document lists them by meter), lines without a site last. */
function bySiteOrder(doc: InventoryDocument): SourceLine[] {
  const names = doc.boundary.sites.map((s) => s.name);
  const rank = (s: SourceLine) => {
    const i = s.meter.site === null ? -1 : names.indexOf(s.meter.site);
    return i === -1 ? names.length : i;
  };
  return [...doc.sources].sort((a, b) => rank(a) - rank(b));
}

function byCarrierSection(doc: InventoryDocument, labels: ReportLabels) {
  return section(
    4,
    labels.byCarrier,
    dataTable(
      [
        { label: labels.energyCarrier },
        { label: labels.sourceCategory },
        { label: labels.quantity, numeric: true },
        { label: labels.unit },
        ...kgColumns(labels),
        { label: labels.kgce, numeric: true },
      ],
      groupLines(doc.sources, (s) => JSON.stringify([s.energyKind, s.kind, s.activity.unit])).map((g) => {
        const s = g.lines[0];
        return [
          carrierName(s.energyKind, labels),
          kindLabel(s.kind, labels),
          fig(sumDecimalTexts(g.lines.map((l) => l.activity.quantity))),
          s.activity.unit,
          fig(g.co2e),
          tonnes(g.co2e),
          fig(sumKg(g.lines.map((l) => l.energyKgce))),
        ];
      }),
    ),
  );
}

function topSourcesSection(doc: InventoryDocument, labels: ReportLabels) {
  const gross = sumKg([doc.results.scope1 ?? '0', doc.results.scope2LocationBased ?? '0']);
  const share = (co2e: string) =>
    compareDecimalTexts(gross, '0') === 0
      ? '—'
      : `${format(mul(div(parseRational(co2e), parseRational(gross)), rational(100n)), 2)} %`;
  const ranked = doc.sources
    .filter((s) => s.scope !== 'deducted')
    .sort((a, b) => compareDecimalTexts(b.emissions.co2e, a.emissions.co2e))
    .slice(0, TOP_SOURCES);
  return section(
    5,
    labels.topSources,
    dataTable(
      [
        { label: labels.rank, numeric: true },
        { label: labels.meter },
        { label: labels.site },
        { label: labels.energyCarrier },
        { label: labels.year, numeric: true },
        ...kgColumns(labels),
        { label: labels.shareOfGross, numeric: true },
      ],
      ranked.map((s, i) => [
        i + 1,
        s.meter.externalId,
        s.meter.site ?? labels.noSite,
        carrierName(s.energyKind, labels),
        s.year,
        fig(s.emissions.co2e),
        tonnes(s.emissions.co2e),
        share(s.emissions.co2e),
      ]),
    ),
  );
}

function findingsSection(doc: InventoryDocument, labels: ReportLabels) {
  const findings: string[] = [];
  for (const s of doc.sources) {
    if (compareDecimalTexts(s.activity.estimatedShare, ESTIMATED_SHARE_FLAG) > 0) {
      findings.push(labels.findingEstimated(s.meter.externalId, s.year, shareAsPercent(s.activity.estimatedShare)));
    }
  }
  for (const { factor } of factorUses(doc, labels)) {
    if (factor.usedForYear !== undefined) {
      findings.push(labels.findingFallback(factorName(factor.name, labels), String(factor.year), factor.usedForYear));
    }
    if (factor.quality === 'check') {
      findings.push(labels.findingQuality(factorName(factor.name, labels), qualityLabel(factor.quality, labels)));
    }
  }
  for (const w of doc.warnings ?? []) findings.push(labels.regionStandIn(w));
  for (const b of doc.evidence.batches) {
    if (!b.anchor) findings.push(labels.findingUnanchored(b.id, lookup(labels.batchStatuses, b.status) ?? b.status));
  }
  if (compareDecimalTexts(doc.marketBased.unusedCertificatesMWh, '0') > 0) {
    findings.push(labels.findingUnused(fig(doc.marketBased.unusedCertificatesMWh)));
  }
  return section(
    6,
    labels.findings,
    keyValues([[labels.overallEstimated, percent(doc.dataQuality.estimatedShareOfEmissions)]]),
    findings.length === 0
      ? note(labels.noFindings)
      : markup`<ul>
${findings.map(
  (f) => markup`<li class="flag">${f}</li>
`,
)}</ul>
`,
    note(labels.findingsNote),
  );
}

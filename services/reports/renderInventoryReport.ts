import type { InventoryDocument } from '../accounting/computeInventory';
import { baseYearSection } from './baseYearSection';
import { compareDecimalTexts } from './decimalText';
import { extendedResultsSubsections } from './extendedResultsSection';
import { markup, type HtmlValue } from './markup';
import {
  ESTIMATED_SHARE_FLAG,
  factorUses,
  isoCategoryLabel,
  kindLabel,
  methodText,
  qualityLabel,
  scopeLabel,
  type FactorEntry,
} from './inventoryViews';
import { carrierName, factorName, lookup, reportLabels, type ReportLabels } from './reportLabels';
import type { ReportOptions } from './reportOptions';
import {
  code,
  dataTable,
  evidenceSection,
  fig,
  keyValues,
  note,
  percent,
  periodRows,
  reportPage,
  section,
  subsection,
  tonnes,
} from './reportPage';
import { hasPurchasedGoods, scope3Subsections } from './scope3ReportSection';
import { scope3CategorySubsections, scope3QuantifiedText } from './scope3CategoriesReport';

const KNOWN_METHOD_KEYS = new Set([
  'standards',
  'gwp',
  'electricity',
  'combustion',
  'total',
  'rounding',
  'process',
  'marketBasedInstruments',
]);

/**
 * The organisation's GHG inventory report (GB/T 32150 / ISO 14064-1 structure) as one self-contained HTML page: a pure
 * rendering of the inventory document. Nothing is recalculated, so the report and the hashed document cannot disagree:
 * figures are the document's decimal strings with thousands separators, tonnes are the kg figures divided by 1000 by
 * moving the decimal point.
 */
export function renderInventoryReport(doc: InventoryDocument, options: ReportOptions): string {
  const labels = reportLabels(options.lang);
  return reportPage({
    doc,
    labels,
    options,
    title: options.title ?? labels.inventoryTitle,
    subtitle: labels.inventorySubtitle,
    sections: [
      organisationSection(doc, labels),
      boundarySection(doc, labels),
      methodSection(doc, labels),
      activitySection(doc, labels),
      factorSection(doc, labels),
      resultsSection(doc, labels, options),
      dataQualitySection(doc, labels),
      ...(options.baseYear ? [baseYearSection(8, options.baseYear, options.lang)] : []),
      evidenceSection(options.baseYear ? 9 : 8, doc, options, labels),
    ],
  });
}

/**
 * What the report says of ISO 14064-1 categories 3–6: the Scope 3 categories quantified, only the purchased goods from
 * suppliers, or not quantified.
 */
function indirectQuantified(doc: InventoryDocument, labels: ReportLabels): string {
  return (
    scope3QuantifiedText(doc, labels.lang) ??
    (hasPurchasedGoods(doc) ? labels.purchasedGoodsOnly : labels.notQuantified)
  );
}

function organisationSection(doc: InventoryDocument, labels: ReportLabels) {
  return section(1, labels.sectionOrganisation, keyValues(periodRows(doc, labels)));
}

function boundarySection(doc: InventoryDocument, labels: ReportLabels) {
  const sites = new Map(doc.boundary.sites.map((s) => [s.id, s.name]));
  return section(
    2,
    labels.sectionBoundary,
    subsection(
      labels.organisationalBoundary,
      dataTable(
        [
          { label: labels.site },
          { label: labels.siteId, code: true },
          { label: labels.gridRegion },
          { label: labels.province },
        ],
        doc.boundary.sites.map((s) => [s.name, s.id, s.gridRegion ?? '—', s.province ?? '—']),
      ),
    ),
    subsection(
      labels.operationalBoundary,
      dataTable(
        [
          { label: labels.meter },
          { label: labels.energyCarrier },
          { label: labels.flow },
          { label: labels.site },
          { label: labels.meterId, code: true },
        ],
        doc.boundary.meters.map((m) => [
          m.externalId,
          carrierName(m.energyKind, labels),
          m.flow === 'import' ? labels.flowImport : m.flow === 'export' ? labels.flowExport : m.flow,
          sites.get(m.siteId) ?? m.siteId,
          m.id,
        ]),
      ),
      note(labels.boundaryNote),
    ),
  );
}

function methodSection(doc: InventoryDocument, labels: ReportLabels) {
  const method = doc.method;
  const standards = Array.isArray(method.standards) ? method.standards.map((s) => methodText(s) ?? '') : [];
  const electricity = (method.electricity ?? {}) as Record<string, unknown>;
  const kinds = new Map<string, { scope: string; category: number; carriers: Set<string>; formulas: Set<string> }>();
  for (const s of doc.sources) {
    const k = kinds.get(s.kind) ?? {
      scope: scopeLabel(s.scope, labels),
      category: s.iso14064Category,
      carriers: new Set<string>(),
      formulas: new Set<string>(),
    };
    k.carriers.add(carrierName(s.energyKind, labels));
    k.formulas.add(s.formula);
    kinds.set(s.kind, k);
  }
  const other = Object.entries(method).filter(([key]) => !KNOWN_METHOD_KEYS.has(key));
  return section(
    3,
    labels.sectionMethod,
    dataTable(
      [
        { label: labels.sourceCategory },
        { label: labels.scope },
        { label: labels.isoCategory },
        { label: labels.carriers },
        { label: labels.formula },
      ],
      [...kinds].map(([kind, k]) => [
        kindLabel(kind, labels),
        k.scope,
        isoCategoryLabel(k.category, labels),
        [...k.carriers].join(', '),
        lines([...k.formulas]),
      ]),
    ),
    note(labels.isoCategories3to6, labels.colon, indirectQuantified(doc, labels)),
    keyValues([
      [labels.standardsApplied, lines(standards)],
      [labels.gwpSet, methodText(method.gwp) ?? '—'],
      [labels.locationBasedMethod, methodText(electricity.locationBased) ?? '—'],
      [labels.marketBasedMethod, methodText(electricity.marketBased) ?? '—'],
      // Documents from before the fuel method was a choice do not state it; their reports stay as they were.
      ...(method.combustion === undefined
        ? []
        : [[labels.combustionMethod, methodText(method.combustion) ?? '—'] as [string, HtmlValue]]),
      [labels.totalRule, methodText(method.total) ?? '—'],
      [labels.roundingRule, methodText(method.rounding) ?? '—'],
      // Stated only by documents with measured process inputs or supplier contracts; others print as before.
      ...(method.process === undefined
        ? []
        : [[labels.processMethod, methodText(method.process) ?? '—'] as [string, HtmlValue]]),
      ...(method.marketBasedInstruments === undefined
        ? []
        : [[labels.marketBasedInstruments, methodText(method.marketBasedInstruments) ?? '—'] as [string, HtmlValue]]),
      ...other.map(([key, value]) => [key, methodText(value) ?? '—'] as [string, HtmlValue]),
      ...(doc.warnings?.length
        ? [[labels.regionWarnings, lines(doc.warnings.map((w) => labels.regionStandIn(w)))] as [string, HtmlValue]]
        : []),
    ]),
  );
}

function activitySection(doc: InventoryDocument, labels: ReportLabels) {
  return section(
    4,
    labels.sectionActivity,
    dataTable(
      [
        { label: labels.meter },
        { label: labels.site },
        { label: labels.energyCarrier },
        { label: labels.sourceCategory },
        { label: labels.year, numeric: true },
        { label: labels.quantity, numeric: true },
        { label: labels.unit },
        { label: labels.intervals, numeric: true },
        { label: labels.estimatedShare, numeric: true },
      ],
      doc.sources.map((s) => [
        s.meter.externalId,
        s.meter.site ?? labels.noSite,
        carrierName(s.energyKind, labels),
        kindLabel(s.kind, labels),
        s.year,
        fig(s.activity.quantity),
        s.activity.unit,
        fig(String(s.activity.intervals)),
        percent(s.activity.estimatedShare),
      ]),
    ),
    doc.resources.length === 0
      ? ''
      : subsection(
          labels.otherResources,
          dataTable(
            [
              { label: labels.meter },
              { label: labels.energyCarrier },
              { label: labels.quantity, numeric: true },
              { label: labels.unit },
            ],
            doc.resources.map((r) => [r.meter, carrierName(r.energyKind, labels), fig(r.quantity), r.unit]),
          ),
        ),
  );
}

function factorYear(f: FactorEntry, labels: ReportLabels): HtmlValue {
  const year = f.year === null ? '—' : String(f.year);
  if (f.usedForYear === undefined) return year;
  return markup`${year}<br><span class="fallback">${labels.fallbackYear(f.usedForYear, year)}</span>`;
}

/** The residual-mix factor of a year, briefly: its full source is listed with the other factors in section 5. */
function residualFactorCell(f: FactorEntry, labels: ReportLabels): HtmlValue {
  const fallback =
    f.usedForYear === undefined
      ? ''
      : markup`<br><span class="fallback">${labels.fallbackShort(f.usedForYear, String(f.year))}</span>`;
  return markup`${fig(f.value)} ${f.unit} (${f.year ?? '—'}${f.notice ? `, ${f.notice}` : ''})${fallback}`;
}

function factorSection(doc: InventoryDocument, labels: ReportLabels) {
  return section(
    5,
    labels.sectionFactors,
    dataTable(
      [
        { label: labels.factorName },
        { label: labels.value, numeric: true },
        { label: labels.unit },
        { label: labels.series },
        { label: labels.sourceDocument },
        { label: labels.notice },
        { label: labels.factorYear },
        { label: labels.region },
        { label: labels.quality },
        { label: labels.usedBy },
      ],
      factorUses(doc, labels).map(({ factor: f, usedFor }) => [
        factorName(f.name, labels),
        fig(f.value),
        f.unit,
        f.series,
        f.source,
        f.notice ?? '—',
        factorYear(f, labels),
        f.region,
        qualityLabel(f.quality, labels),
        usedFor.join(', '),
      ]),
    ),
    keyValues([
      [labels.factorSet, `${doc.factorSet.name} (${labels.factorSetVersion} ${doc.factorSet.version})`],
      [labels.factorSetId, code(doc.factorSet.id)],
      [labels.contentHash, code(doc.factorSet.contentHash)],
    ]),
  );
}

function resultsSection(doc: InventoryDocument, labels: ReportLabels, options: ReportOptions) {
  const r = doc.results;
  const both = (loc: string | undefined, market: string | undefined) => [
    fig(loc),
    tonnes(loc),
    fig(market),
    tonnes(market),
  ];
  const sideBySide = [
    { label: labels.item },
    { label: `${labels.locationBased} (${labels.kg})`, numeric: true },
    { label: `${labels.locationBased} (${labels.t})`, numeric: true },
    { label: `${labels.marketBased} (${labels.kg})`, numeric: true },
    { label: `${labels.marketBased} (${labels.t})`, numeric: true },
  ];
  const m = doc.marketBased;
  return section(
    6,
    labels.sectionResults,
    subsection(
      labels.resultsByScope,
      dataTable(
        sideBySide,
        [
          [labels.scope1Long, ...both(r.scope1, r.scope1)],
          [labels.scope2Long, ...both(r.scope2LocationBased, r.scope2MarketBased)],
          [labels.exportedDeducted, ...both(r.exported, r.exported)],
          [labels.totalGbt, ...both(r.totalLocationBased, r.totalMarketBased)],
        ],
        1,
      ),
      note(labels.totalRule, labels.colon, methodText(doc.method.total) ?? '—'),
    ),
    subsection(
      labels.resultsByCategory,
      dataTable(sideBySide, [
        [labels.isoCategory1, ...both(r.scope1, r.scope1)],
        [labels.isoCategory2, ...both(r.scope2LocationBased, r.scope2MarketBased)],
        [`${labels.isoCategories3to6}${labels.colon}${indirectQuantified(doc, labels)}`, '—', '—', '—', '—'],
      ]),
    ),
    subsection(
      labels.resultsBySource,
      dataTable(
        [
          { label: labels.meter },
          { label: labels.year, numeric: true },
          { label: labels.sourceCategory },
          { label: labels.scope },
          { label: 'CO2 (kg)', numeric: true },
          { label: 'CH4 (kg)', numeric: true },
          { label: 'N2O (kg)', numeric: true },
          { label: `CO2e (${labels.kg})`, numeric: true },
          { label: `CO2e (${labels.t})`, numeric: true },
          { label: labels.kgce, numeric: true },
        ],
        doc.sources.map((s) => [
          s.meter.externalId,
          s.year,
          kindLabel(s.kind, labels),
          scopeLabel(s.scope, labels),
          fig(s.emissions.co2),
          fig(s.emissions.ch4),
          fig(s.emissions.n2o),
          fig(s.emissions.co2e),
          tonnes(s.emissions.co2e),
          fig(s.energyKgce),
        ]),
      ),
    ),
    ...extendedResultsSubsections(doc, options.lang),
    ...scope3Subsections(doc, options.lang),
    ...scope3CategorySubsections(doc, options.lang),
    subsection(
      labels.energy,
      keyValues([
        [labels.kgce, fig(r.energyKgce)],
        [labels.tce, tonnes(r.energyKgce)],
      ]),
      note(labels.energyNote),
    ),
    subsection(
      labels.biomass,
      keyValues([
        ['kgCO2', fig(r.biomassCO2)],
        ['tCO2', tonnes(r.biomassCO2)],
      ]),
    ),
    subsection(
      labels.marketDetails,
      note(labels.formula, labels.colon, m.formula),
      dataTable(
        [
          { label: labels.year, numeric: true },
          { label: labels.purchasedMWh, numeric: true },
          { label: labels.certificatesMWh, numeric: true },
          { label: labels.coveredMWh, numeric: true },
          { label: labels.residualMWh, numeric: true },
          { label: labels.residualFactor },
          { label: `CO2e (${labels.kg})`, numeric: true },
          { label: `CO2e (${labels.t})`, numeric: true },
        ],
        m.byYear.map((y) => [
          y.year,
          fig(y.purchasedMWh),
          fig(y.certificatesMWh),
          fig(y.coveredMWh),
          fig(y.residualMWh),
          residualFactorCell(y.residualFactor, labels),
          fig(y.co2e),
          tonnes(y.co2e),
        ]),
      ),
      keyValues([
        [labels.certificatesMWh, fig(m.certificatesMWh)],
        [labels.coveredMWh, fig(m.coveredMWh)],
        [labels.unusedCertificatesMWh, fig(m.unusedCertificatesMWh)],
      ]),
      m.claims.length === 0
        ? note(labels.noClaims)
        : subsection(
            labels.claims,
            dataTable(
              [
                { label: labels.claimRef },
                { label: labels.claimSource },
                { label: 'MWh', numeric: true },
                { label: labels.consumptionPeriod },
                { label: labels.generator },
                { label: labels.appliedMWh, numeric: true },
              ],
              m.claims.map((c) => [
                c.ref,
                lookup(labels.claimSources, c.source) ?? c.source,
                fig(c.mwh),
                `${c.start} – ${c.end}${labels.endExclusive(c.end)}`,
                c.generator ?? '—',
                fig(c.appliedMWh),
              ]),
            ),
          ),
      // Only documents with supplier contracts have them; others print as before.
      ...(m.contracts
        ? [
            subsection(
              labels.contractsTitle,
              dataTable(
                labels.contractColumns.map((label, i) => ({ label, numeric: i >= 4 })),
                m.contracts.map((c) => [
                  c.ref,
                  c.instrument,
                  c.counterparty,
                  `${c.start} – ${c.end}${labels.endExclusive(c.end)}`,
                  fig(c.contractedMWh),
                  fig(c.appliedMWh),
                  c.factor,
                ]),
              ),
            ),
          ]
        : []),
    ),
    subsection(
      labels.intensity,
      doc.intensity.length === 0
        ? note(labels.noIntensity)
        : dataTable(
            [
              { label: labels.product },
              { label: labels.productionVolume, numeric: true },
              { label: labels.unit },
              { label: labels.perUnitLocation, numeric: true },
              { label: labels.perUnitMarket, numeric: true },
              { label: labels.kgcePerUnit, numeric: true },
            ],
            doc.intensity.map((i) => [
              i.product ?? '—',
              fig(i.quantity),
              i.unit ?? '—',
              fig(i.kgCO2ePerUnitLocation),
              fig(i.kgCO2ePerUnitMarket),
              fig(i.kgcePerUnit),
            ]),
          ),
    ),
  );
}

function dataQualitySection(doc: InventoryDocument, labels: ReportLabels) {
  const q = doc.dataQuality;
  const estimated = doc.sources.filter((s) => compareDecimalTexts(s.activity.estimatedShare, '0') > 0);
  return section(
    7,
    labels.sectionDataQuality,
    keyValues([
      [labels.dataQualityIntervals, fig(String(q.intervals))],
      [labels.dataQualityEstimated, percent(q.estimatedShareOfEmissions)],
      [labels.dataQualityStatement, q.statement],
    ]),
    subsection(
      labels.estimatedBySource,
      estimated.length === 0
        ? note(labels.noEstimates)
        : dataTable(
            [
              { label: labels.meter },
              { label: labels.year, numeric: true },
              { label: labels.energyCarrier },
              { label: labels.estimatedShare, numeric: true },
              { label: '' },
            ],
            estimated.map((s) => [
              s.meter.externalId,
              s.year,
              carrierName(s.energyKind, labels),
              percent(s.activity.estimatedShare),
              compareDecimalTexts(s.activity.estimatedShare, ESTIMATED_SHARE_FLAG) > 0
                ? markup`<span class="flag">${labels.flagged}</span>`
                : '',
            ]),
          ),
    ),
  );
}

function lines(texts: readonly string[]): HtmlValue {
  return texts.map((t, i) => (i === 0 ? t : markup`<br>${t}`));
}

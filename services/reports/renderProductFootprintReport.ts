import type { InventoryDocumentWithScope3 } from '../accounting/scope3PurchasedGoods';
import { shareAsPercent, trimZeros } from './decimalText';
import { markup } from './markup';
import { methodText, siteNameOf } from './inventoryViews';
import { cradleToGateFootprint, type CradleToGateFootprint, type FootprintOptions } from './cradleToGateFootprint';
import { footprintLabels, type FootprintLabels } from './footprintLabels';
import { reportLabels, type ReportLabels } from './reportLabels';
import type { ReportOptions } from './reportOptions';
import { dataTable, evidenceSection, fig, keyValues, note, periodRows, reportPage, section } from './reportPage';

/**
 * The product carbon footprint report: the cradle-to-gate footprint of each product of the inventory document
 * (cradleToGateFootprint), per declared unit and life-cycle stage, with the allocation between co-products, the
 * exclusions, biogenic CO2, gases, data quality and the inventory lines behind every stage. Throws
 * NT_ERR_ACCOUNTING_NO_DATA when the inventory lists no production volumes, NT_ERR_FOOTPRINT_ALLOCATION_KEY without a
 * usable allocation key.
 */
export function renderProductFootprintReport(
  doc: InventoryDocumentWithScope3,
  options: ReportOptions & Pick<FootprintOptions, 'allocation'>,
): string {
  const labels = reportLabels(options.lang);
  const words = footprintLabels(options.lang);
  const footprint = cradleToGateFootprint(doc, { allocation: options.allocation });
  return reportPage({
    doc,
    labels,
    options,
    title: options.title ?? labels.footprintTitle,
    subtitle: words.subtitle,
    sections: [
      productsSection(doc, footprint, labels),
      boundarySection(doc, footprint, labels, words),
      allocationSection(footprint, labels, words),
      resultsSection(footprint, labels, words),
      gasesSection(footprint, labels, words),
      qualitySection(doc, footprint, labels, words),
      traceSection(footprint, labels, words),
      evidenceSection(8, doc, options, labels),
    ],
  });
}

function productsSection(doc: InventoryDocumentWithScope3, f: CradleToGateFootprint, labels: ReportLabels) {
  return section(
    1,
    labels.footprintProduct,
    keyValues([...periodRows(doc, labels), [labels.standardsApplied, f.standard]]),
    dataTable(
      [
        { label: labels.product },
        { label: labels.declaredUnit },
        { label: labels.productionVolume, numeric: true },
        { label: labels.unit },
        { label: labels.sites },
      ],
      f.products.map((p) => [
        p.product,
        p.declaredUnit,
        fig(p.quantity),
        p.unit,
        p.siteIds.map((id) => siteNameOf(doc, id, labels)).join(', '),
      ]),
    ),
  );
}

function boundarySection(
  doc: InventoryDocumentWithScope3,
  f: CradleToGateFootprint,
  labels: ReportLabels,
  words: FootprintLabels,
) {
  return section(
    2,
    words.boundaryTitle,
    markup`<p>${words.boundaryText}</p>
`,
    dataTable(
      [
        { label: words.stage },
        { label: words.method },
        { label: words.boundaryLocation, numeric: true },
        { label: words.boundaryMarket, numeric: true },
      ],
      f.stages.map((s) => [
        words.stages[s.stage],
        words.stageMethods[s.stage],
        fig(s.locationKgCO2e),
        fig(s.marketKgCO2e),
      ]),
    ),
    keyValues([
      [words.scope2Basis, words.scope2Text],
      [labels.gwpUsed, methodText(doc.method.gwp) ?? '—'],
    ]),
    markup`<p>${labels.exclusions}${labels.colon}</p>
<ul>
${words.exclusions.map(
  (e) => markup`<li>${e}</li>
`,
)}</ul>
`,
  );
}

function allocationSection(f: CradleToGateFootprint, labels: ReportLabels, words: FootprintLabels) {
  return section(
    3,
    labels.footprintAllocation,
    markup`<p>${words.allocationMethod}${labels.colon}${words.methods[f.allocation.method]}${words.stop}${words.allocationStatements[f.allocation.method]}</p>
`,
    dataTable(
      [
        { label: labels.product },
        { label: words.allocationKey, numeric: true },
        { label: words.allocatedAmount, numeric: true },
        { label: labels.share, numeric: true },
      ],
      f.allocation.products.map((a) => [
        a.product,
        `${a.key} ${a.keyUnit} (${a.keySource === 'unit' ? words.keyFromUnit : words.keyGiven})`,
        `${fig(a.amount)} ${f.allocation.method === 'mass' ? 'kg' : 'CNY'}`,
        `${trimZeros(shareAsPercent(a.share), 2)} % (${a.shareExact})`,
      ]),
    ),
  );
}

function resultsSection(f: CradleToGateFootprint, labels: ReportLabels, words: FootprintLabels) {
  const stage = (p: CradleToGateFootprint['products'][number], s: string) =>
    p.stages.find((x) => x.stage === s) as CradleToGateFootprint['products'][number]['stages'][number];
  return section(
    4,
    words.resultsTitle,
    dataTable(
      [
        { label: labels.product },
        { label: labels.declaredUnit },
        { label: words.stages['raw-materials'], numeric: true },
        { label: words.stages['upstream-energy'], numeric: true },
        { label: words.stages['inbound-transport'], numeric: true },
        { label: `${words.stages.production} (${labels.locationBased})`, numeric: true },
        { label: words.totalLocation, numeric: true },
        { label: words.productionMarket, numeric: true },
        { label: words.totalMarket, numeric: true },
      ],
      f.products.map((p) => [
        p.product,
        p.declaredUnit,
        fig(stage(p, 'raw-materials').kgCO2ePerUnitLocation),
        fig(stage(p, 'upstream-energy').kgCO2ePerUnitLocation),
        fig(stage(p, 'inbound-transport').kgCO2ePerUnitLocation),
        fig(stage(p, 'production').kgCO2ePerUnitLocation),
        fig(p.kgCO2ePerUnitLocation),
        fig(stage(p, 'production').kgCO2ePerUnitMarket),
        fig(p.kgCO2ePerUnitMarket),
      ]),
    ),
    note(words.rounding),
  );
}

function gasesSection(f: CradleToGateFootprint, labels: ReportLabels, words: FootprintLabels) {
  const gases = f.products.flatMap((p) =>
    (p.byGas ?? []).map((g) => [p.product, g.gas, fig(g.massKgPerUnit), fig(g.co2eKgPerUnit)]),
  );
  return section(
    5,
    words.biogenicTitle,
    keyValues(f.products.map((p) => [`${p.product}: ${words.biogenicPerUnit}`, fig(p.biogenicCO2KgPerUnit)])),
    note(words.biogenicNote),
    gases.length > 0
      ? [
          dataTable(
            [
              { label: labels.product },
              { label: words.gas },
              { label: words.massPerUnit, numeric: true },
              { label: words.co2ePerUnit, numeric: true },
            ],
            gases,
          ),
          note(words.gasesNote),
        ]
      : note(words.noGases),
  );
}

function qualitySection(
  doc: InventoryDocumentWithScope3,
  f: CradleToGateFootprint,
  labels: ReportLabels,
  words: FootprintLabels,
) {
  return section(
    6,
    words.dataQualityTitle,
    keyValues([
      [words.primaryShare, `${f.dataQuality.primaryShare} %`],
      [words.secondaryShare, `${f.dataQuality.secondaryShare} %`],
      [words.estimatedShare, `${trimZeros(shareAsPercent(f.dataQuality.estimatedShareOfSiteEmissions), 2)} %`],
      [labels.dataQualityStatement, doc.dataQuality.statement],
    ]),
    note(words.qualityNote),
  );
}

function traceSection(f: CradleToGateFootprint, labels: ReportLabels, words: FootprintLabels) {
  const rows = f.stages.flatMap((s) =>
    s.inputs.length === 0
      ? [[words.stages[s.stage], words.noInputs, '', '', '', '']]
      : s.inputs.map((i) => [
          words.stages[s.stage],
          i.ref,
          i.description,
          i.calculation,
          fig(i.kgCO2e),
          i.data === 'primary' ? words.primary : words.secondary,
        ]),
  );
  return section(
    7,
    words.traceTitle,
    note(words.traceNote),
    dataTable(
      [
        { label: words.stage },
        { label: words.reference },
        { label: words.description },
        { label: words.calculation },
        { label: labels.kg, numeric: true },
        { label: words.dataType },
      ],
      rows,
    ),
    dataTable(
      [{ label: labels.product }, { label: words.stage }, { label: words.calculation }],
      f.products.flatMap((p) => p.stages.map((s) => [p.product, words.stages[s.stage], s.trace])),
    ),
  );
}

import type { InventoryDocument } from '../accounting/computeInventory';
import { shareAsPercent, trimZeros } from './decimalText';
import { markup } from './markup';
import { methodText, siteNameOf } from './inventoryViews';
import { productFootprint, type AllocationShares, type ProductFootprint } from './productFootprint';
import { reportLabels, type ReportLabels } from './reportLabels';
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

/**
 * The product carbon footprint report: productFootprint of the inventory document (allocation rule, basis and
 * exclusions stated), with the inventory's data quality and anchored evidence. Throws NT_ERR_ACCOUNTING_NO_DATA when
 * the inventory lists no production volumes.
 */
export function renderProductFootprintReport(
  doc: InventoryDocument,
  options: ReportOptions & { allocations?: AllocationShares },
): string {
  const labels = reportLabels(options.lang);
  const footprint = productFootprint(doc, options.allocations);
  return reportPage({
    doc,
    labels,
    options,
    title: options.title ?? labels.footprintTitle,
    subtitle: labels.footprintSubtitle,
    sections: [
      productsSection(doc, footprint, labels),
      basisSection(doc, footprint, labels),
      allocationSection(footprint, labels),
      resultsSection(footprint, labels),
      limitationsSection(doc, labels),
      evidenceSection(6, doc, options, labels),
    ],
  });
}

function productsSection(doc: InventoryDocument, f: ProductFootprint, labels: ReportLabels) {
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

function basisSection(doc: InventoryDocument, f: ProductFootprint, labels: ReportLabels) {
  const kgT = (kg: string) => `${fig(kg)} ${labels.kg} = ${tonnes(kg)} ${labels.t}`;
  return section(
    2,
    labels.footprintBoundary,
    markup`<p>${labels.boundaryStatement}</p>
`,
    keyValues([
      [labels.scope1Long, kgT(f.basis.scope1)],
      [`${labels.scope2Long} (${labels.locationBased})`, kgT(f.basis.scope2LocationBased)],
      [`${labels.scope2Long} (${labels.marketBased})`, kgT(f.basis.scope2MarketBased)],
      [labels.basisLocation, kgT(f.basis.locationKgCO2e)],
      [labels.basisMarket, kgT(f.basis.marketKgCO2e)],
      [labels.gwpUsed, methodText(doc.method.gwp) ?? '—'],
    ]),
    markup`<p>${labels.exclusions}${labels.colon}</p>
<ul>
<li>${labels.exclusionOffsets}</li>
<li>${labels.exclusionExported}</li>
<li>${labels.exclusionUpstream}</li>
</ul>
`,
  );
}

function allocationSection(f: ProductFootprint, labels: ReportLabels) {
  return section(
    3,
    labels.footprintAllocation,
    markup`<p>${f.allocation === 'production volume' ? labels.allocationVolume : labels.allocationDeclared}</p>
`,
    dataTable(
      [
        { label: labels.product },
        { label: labels.productionVolume, numeric: true },
        { label: labels.share, numeric: true },
        { label: `${labels.allocatedLocation} (${labels.kg})`, numeric: true },
        { label: `${labels.allocatedLocation} (${labels.t})`, numeric: true },
        { label: `${labels.allocatedMarket} (${labels.kg})`, numeric: true },
        { label: `${labels.allocatedMarket} (${labels.t})`, numeric: true },
      ],
      f.products.map((p) => [
        p.product,
        `${fig(p.quantity)} ${p.unit}`,
        `${trimZeros(shareAsPercent(p.share), 2)} %`,
        fig(p.allocatedLocationKgCO2e),
        tonnes(p.allocatedLocationKgCO2e),
        fig(p.allocatedMarketKgCO2e),
        tonnes(p.allocatedMarketKgCO2e),
      ]),
    ),
    note(labels.allocationRoundingNote),
  );
}

function resultsSection(f: ProductFootprint, labels: ReportLabels) {
  return section(
    4,
    labels.footprintResults,
    dataTable(
      [
        { label: labels.product },
        { label: labels.declaredUnit },
        { label: `${labels.footprintLocation}`, numeric: true },
        { label: `${labels.locationBased} (${labels.t})`, numeric: true },
        { label: `${labels.footprintMarket}`, numeric: true },
        { label: `${labels.marketBased} (${labels.t})`, numeric: true },
      ],
      f.products.map((p) => [
        p.product,
        p.declaredUnit,
        fig(p.kgCO2ePerUnitLocation),
        tonnes(p.kgCO2ePerUnitLocation),
        fig(p.kgCO2ePerUnitMarket),
        tonnes(p.kgCO2ePerUnitMarket),
      ]),
    ),
    note(labels.primaryMethod),
  );
}

function limitationsSection(doc: InventoryDocument, labels: ReportLabels) {
  return section(
    5,
    labels.footprintLimitations,
    keyValues([
      [labels.dataQualityEstimated, percent(doc.dataQuality.estimatedShareOfEmissions)],
      [labels.dataQualityStatement, doc.dataQuality.statement],
      [labels.exclusions, `${labels.exclusionUpstream} ${labels.exclusionOffsets}`],
    ]),
  );
}

import type { InventoryDocument } from '../accounting/computeInventory';
import { groupThousands, shareAsPercent, thousandth } from './decimalText';
import { markup, SafeHtml, type HtmlValue } from './markup';
import { lookup, type ReportLabels } from './reportLabels';
import type { ReportOptions } from './reportOptions';
import { REPORT_CSS } from './reportStyles';

const DASH = '—';

/** A document figure with thousands separators; a dash where the document has none. */
export function fig(text: string | null | undefined): string {
  return text === null || text === undefined ? DASH : groupThousands(text);
}

/** A kg figure of the document in tonnes (kgCO2e → tCO2e, kgce → tce), divided exactly. */
export function tonnes(text: string | null | undefined): string {
  return text === null || text === undefined ? DASH : groupThousands(thousandth(text));
}

/** A share of the document ("0.0523") as a percentage ("5.23 %"). */
export function percent(share: string | null | undefined): string {
  return share === null || share === undefined ? DASH : `${shareAsPercent(share)} %`;
}

/** The last day of a period whose end is exclusive (local dates); the text itself when it is not a date. */
export function lastDay(end: string): string {
  const t = Date.parse(`${end}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(end) && Number.isFinite(t)
    ? new Date(t - 86_400_000).toISOString().slice(0, 10)
    : end;
}

export function section(no: number | string, title: string, ...content: HtmlValue[]): SafeHtml {
  return markup`<section id="s${no}">
<h2><span class="no">${no}</span> ${title}</h2>
${content}</section>
`;
}

export function subsection(title: string, ...content: HtmlValue[]): SafeHtml {
  return markup`<h3>${title}</h3>
${content}`;
}

export interface Column {
  label: string;
  numeric?: boolean;
  code?: boolean;
  /** Short words that must not break (statuses): kept on one line. */
  nowrap?: boolean;
}

/** A table; numeric columns are right-aligned, code columns (ids, hashes) set in monospace and wrapped anywhere. */
export function dataTable(
  columns: readonly Column[],
  rows: readonly (readonly HtmlValue[])[],
  totalRows = 0,
): SafeHtml {
  const cls = (c: Column) => (c.numeric ? 'num' : c.code ? 'code' : c.nowrap ? 'nowrap' : null);
  const cell = (c: Column, v: HtmlValue) => {
    const k = cls(c);
    return k ? markup`<td class="${k}">${v}</td>` : markup`<td>${v}</td>`;
  };
  const body = rows.map((r, i) => {
    const tr = i >= rows.length - totalRows ? markup`<tr class="total">` : markup`<tr>`;
    return markup`${tr}${columns.map((c, j) => cell(c, r[j]))}</tr>
`;
  });
  const head = columns.map((c) => (c.numeric ? markup`<th class="num">${c.label}</th>` : markup`<th>${c.label}</th>`));
  return markup`<table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}</tbody>
</table>
`;
}

/** A two-column table of labelled values. */
export function keyValues(rows: readonly (readonly [string, HtmlValue])[]): SafeHtml {
  const body = rows.map(
    ([k, v]) => markup`<tr><th>${k}</th><td>${v}</td></tr>
`,
  );
  return markup`<table class="kv">
<tbody>
${body}</tbody>
</table>
`;
}

export function code(text: string | number | null | undefined): SafeHtml {
  return markup`<span class="code">${text ?? DASH}</span>`;
}

export function note(...content: HtmlValue[]): SafeHtml {
  return markup`<p class="note">${content}</p>
`;
}

/** Organisation and period lines shared by every report. */
export function periodRows(doc: InventoryDocument, labels: ReportLabels): [string, HtmlValue][] {
  return [
    [labels.organisation, doc.organisation.name],
    [labels.organisationId, code(doc.organisation.id)],
    [labels.reportingPeriod, `${doc.period.start} – ${lastDay(doc.period.end)}${labels.endExclusive(doc.period.end)}`],
    [labels.timeZone, doc.period.timeZone],
  ];
}

export function reportPage(parts: {
  doc: InventoryDocument;
  labels: ReportLabels;
  options: ReportOptions;
  title: string;
  subtitle: string;
  sections: readonly HtmlValue[];
}): string {
  const { doc, labels, options, title } = parts;
  const period = `${doc.period.start} – ${lastDay(doc.period.end)}`;
  const date = options.date ? markup`<br>${labels.reportDate}${labels.colon}${options.date}` : '';
  const header = markup`<header class="cover">
<p class="kicker">${labels.documentFormat}${labels.colon}${doc.format}</p>
<h1>${title}</h1>
<p class="subtitle">${parts.subtitle}</p>
<p class="org">${doc.organisation.name}</p>
<p>${labels.reportingPeriod}${labels.colon}${period} (${doc.period.timeZone})${date}</p>
</header>
`;
  // The stylesheet is this module's constant (no user text), inlined as is. A content security policy on top of
  // escaping: even a value that slipped through could load or run nothing.
  return markup`<!DOCTYPE html>
<html lang="${labels.htmlLang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${doc.organisation.name} · ${period}</title>
<style>${new SafeHtml(REPORT_CSS)}</style>
</head>
<body>
${header}<main>
${parts.sections}</main>
<footer>${labels.generatedBy}</footer>
</body>
</html>
`.value;
}

/** The anchored evidence: batches with their anchors, the roots commitment, the inventory hash and the factor set. */
export function evidenceSection(
  no: number | string,
  doc: InventoryDocument,
  options: ReportOptions,
  labels: ReportLabels,
): SafeHtml {
  const batches = doc.evidence.batches;
  const batchTable =
    batches.length === 0
      ? note(labels.noBatches)
      : dataTable(
          [
            { label: labels.batchId, code: true },
            { label: labels.merkleRoot, code: true },
            { label: labels.status, nowrap: true },
            { label: labels.chainId, numeric: true },
            { label: labels.contract, code: true },
            { label: labels.transaction, code: true },
            { label: labels.block, numeric: true },
          ],
          batches.map((b) => [
            b.id,
            b.root,
            lookup(labels.batchStatuses, b.status) ?? b.status,
            b.anchor ? b.anchor.chainId : labels.notAnchored,
            b.anchor?.contract ?? DASH,
            b.anchor?.txHash ?? DASH,
            b.anchor ? b.anchor.blockNumber : DASH,
          ]),
        );
  const anchors = options.anchors ?? [];
  return section(
    no,
    labels.sectionEvidence,
    subsection(labels.evidenceBatches, batchTable),
    keyValues([
      [labels.rootsCommitment, code(doc.evidence.rootsCommitment)],
      ...(options.inventoryHash ? [[labels.inventoryHash, code(options.inventoryHash)] as [string, HtmlValue]] : []),
      [labels.factorSet, doc.factorSet.name],
      [labels.factorSetId, code(doc.factorSet.id)],
      [labels.factorSetVersion, doc.factorSet.version],
      [labels.contentHash, code(doc.factorSet.contentHash)],
    ]),
    anchors.length === 0
      ? ''
      : subsection(
          labels.inventoryAnchors,
          dataTable(
            [
              { label: labels.anchorKind },
              { label: labels.chainId, numeric: true },
              { label: labels.contract, code: true },
              { label: labels.transaction, code: true },
              { label: labels.block, numeric: true },
            ],
            anchors.map((a) => [a.record, a.chainId, a.contract, a.txHash, a.blockNumber]),
          ),
        ),
    note(labels.evidenceNote),
  );
}

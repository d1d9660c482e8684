/**
 * The one stylesheet of every report, inlined: reports are single self-contained files (no fonts, images or scripts
 * fetched), printable on A4 by a browser or by htmlToPdf.
 */
export const REPORT_CSS = `
@page {
  size: A4; margin: 16mm 14mm 18mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; }
}
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 10pt; }
body {
  margin: 0 auto; max-width: 190mm; padding: 8mm 0; color: #1a1a1a; background: #fff; line-height: 1.45;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans",
    "Liberation Sans", Arial, sans-serif;
}
header.cover { border-bottom: 2px solid #1f5f4a; padding-bottom: 4mm; margin-bottom: 6mm; }
header.cover .kicker { margin: 0; color: #1f5f4a; font-size: 9pt; letter-spacing: .04em; }
h1 { font-size: 18pt; margin: 2mm 0 1mm; }
header.cover .subtitle { margin: 0 0 3mm; color: #444; }
header.cover .org { font-size: 13pt; font-weight: 600; margin: 0 0 2mm; }
h2 { font-size: 13pt; color: #1f5f4a; border-bottom: 1px solid #c9d8d2; padding-bottom: 1mm; margin: 7mm 0 3mm; }
h2 .no { display: inline-block; min-width: 7mm; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; font-size: 8.5pt; }
th, td { border: 1px solid #c9d0cd; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead th { background: #eaf2ef; font-weight: 600; }
table.kv th { width: 38%; background: #f5f8f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.nowrap { white-space: nowrap; }
tr.total td, tr.total th { font-weight: 700; background: #f5f8f7; }
.code { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size: 7.5pt; word-break: break-all; }
.note { color: #444; font-size: 8.5pt; }
.flag { color: #9a3412; font-weight: 600; }
.fallback { color: #9a3412; }
ul { margin: 0 0 3mm; padding-left: 5mm; }
footer { margin-top: 8mm; border-top: 1px solid #c9d8d2; padding-top: 2mm; color: #555; font-size: 8pt; }
@media print {
  body { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  header.cover { break-after: avoid; }
}
`;

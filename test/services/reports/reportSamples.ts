import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import { loadKeccak } from '../../../services/lib/keccak';
import type { ReportOptions } from '../../../services/reports/reportOptions';
import { renderCarbonAuditReport } from '../../../services/reports/renderCarbonAuditReport';
import { renderInventoryReport } from '../../../services/reports/renderInventoryReport';
import { renderProductFootprintReport } from '../../../services/reports/renderProductFootprintReport';
import { sampleInventory } from './reportDocuments';

/**
 * The report samples kept under test/fixtures/reports: a fixed inventory document (stored, so that the samples do not
 * move when the engine does) and one rendered report of each kind. The rendering of a stored document is a promise to
 * users: the same document gives the same report, byte for byte, until a change is made on purpose.
 *
 * To change the reports on purpose, rewrite the samples (and review their diff):
 *   node -r ts-node/register/transpile-only test/services/reports/reportSamples.ts
 * Add --document to compute the stored document again from test/services/reports/reportDocuments.ts first.
 */
export const FIXTURES = path.resolve(__dirname, '../../fixtures/reports');
export const DOCUMENT_FIXTURE = path.join(FIXTURES, 'inventory-v1.json');

const EVIDENCE: Omit<ReportOptions, 'lang'> = {
  inventoryHash: '0x3f6c5e0a1d2b4c8e9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e',
  anchors: [
    {
      record: 'InventoryRegistry.submit, version 1',
      chainId: 31337,
      contract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      txHash: '0x9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
      blockNumber: 3107,
    },
  ],
  date: '2024-08-15',
};

export const SAMPLES: { file: string; render: (doc: InventoryDocument) => string }[] = [
  { file: 'inventory-report.en.html', render: (doc) => renderInventoryReport(doc, { lang: 'en', ...EVIDENCE }) },
  { file: 'carbon-audit-report.zh.html', render: (doc) => renderCarbonAuditReport(doc, { lang: 'zh', ...EVIDENCE }) },
  {
    file: 'product-footprint-report.zh.html',
    render: (doc) => renderProductFootprintReport(doc, { lang: 'zh', ...EVIDENCE }),
  },
];

export function storedDocument(): InventoryDocument {
  return JSON.parse(readFileSync(DOCUMENT_FIXTURE, 'utf8')) as InventoryDocument;
}

async function main() {
  mkdirSync(FIXTURES, { recursive: true });
  if (process.argv.includes('--document')) {
    await loadKeccak();
    writeFileSync(DOCUMENT_FIXTURE, JSON.stringify(sampleInventory(), null, 2) + '\n');
  }
  const doc = storedDocument();
  for (const s of SAMPLES) writeFileSync(path.join(FIXTURES, s.file), s.render(doc));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

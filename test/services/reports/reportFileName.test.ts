import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import { reportFileName } from '../../../services/reports/reportFileName';
import { storedDocument } from './reportSamples';

describe('reportFileName', function () {
  const doc = storedDocument();
  const named = (name: string): InventoryDocument => ({ ...doc, organisation: { id: 'org-1', name } });

  it('names kind, organisation, first and last day, language', function () {
    expect(reportFileName(doc, 'carbon-audit', 'zh', 'pdf')).to.equal(
      'carbon-audit-report_Jiangsu-Example-Manufacturing-Co-Ltd-江苏示例制造有限公司_2023-07-01_2024-06-30_zh.pdf',
    );
  });

  it('keeps no path or markup characters', function () {
    expect(reportFileName(named('../../etc/<passwd>'), 'inventory', 'en', 'html')).to.equal(
      'inventory-report_etc-passwd_2023-07-01_2024-06-30_en.html',
    );
  });

  it('falls back to the organisation id when the name has no letters or digits', function () {
    expect(reportFileName(named('／／ ***'), 'product-footprint', 'en', 'pdf')).to.equal(
      'product-footprint-report_org-1_2023-07-01_2024-06-30_en.pdf',
    );
  });

  it('shortens long names', function () {
    expect(reportFileName(named('碳'.repeat(200)), 'inventory', 'zh', 'pdf')).to.equal(
      `inventory-report_${'碳'.repeat(60)}_2023-07-01_2024-06-30_zh.pdf`,
    );
  });
});

import type { InventoryDocument } from '../accounting/computeInventory';
import type { ReportLanguage } from './reportLabels';
import { lastDay } from './reportPage';

export type ReportKind = 'inventory' | 'carbon-audit' | 'product-footprint';

const MAX_NAME = 60;

/**
 * A file name for a report: kind, organisation, period (first and last day), language
 * ("inventory-report_Jiangsu-Example-Co_2023-07-01_2024-06-30_zh.pdf"). Only letters, digits and dashes of the
 * organisation name are kept (Chinese names stay readable), so the name is safe on every file system and cannot carry
 * a path; a Content-Disposition header still needs its RFC 6266 filename* form for non-ASCII names.
 */
export function reportFileName(
  doc: InventoryDocument,
  kind: ReportKind,
  lang: ReportLanguage,
  ext: 'html' | 'pdf',
): string {
  const name = [
    ...doc.organisation.name
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  ]
    .slice(0, MAX_NAME)
    .join('')
    .replace(/-+$/, '');
  const safe = (text: string) => text.replace(/[^0-9A-Za-z-]/g, '');
  const org = name || safe(doc.organisation.id) || 'organisation';
  return `${kind}-report_${org}_${safe(doc.period.start)}_${safe(lastDay(doc.period.end))}_${lang}.${ext}`;
}

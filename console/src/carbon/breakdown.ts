import { decimalNegate, decimalSum } from './decimalSum';
import type { InventoryDocument, SourceLine, Trace } from './carbonTypes';

/** One row of a breakdown: a label, its location- and market-based kg CO2e (null where the method has no split). */
export interface FigureRow {
  key: string;
  label: string;
  location: string | null;
  market: string | null;
  locationTrace: Trace | null;
  marketTrace: Trace | null;
}

/** A line's contribution to the total: exported electricity and heat are deducted. */
const signed = (line: SourceLine) =>
  line.scope === 'deducted' ? decimalNegate(line.emissions.co2e) : line.emissions.co2e;
const total = (lines: SourceLine[]) => decimalSum(lines.map(signed));

/** Scope 1, scope 2, the deducted exports and the total, as the document's own results state them. */
export function byScope(doc: InventoryDocument, labels: Record<'scope1' | 'scope2' | 'exported' | 'total', string>) {
  const r = doc.results;
  const lines = (scope: SourceLine['scope']) => doc.sources.filter((s) => s.scope === scope);
  const row = (
    key: keyof typeof labels,
    location: string,
    market: string,
    picked: SourceLine[],
    withMarket: boolean,
  ): FigureRow => ({
    key,
    label: labels[key],
    location,
    market,
    locationTrace: { label: labels[key], method: 'location', value: location, lines: picked },
    marketTrace: {
      label: labels[key],
      method: 'market',
      value: market,
      // Market-based scope 2 replaces the electricity lines by the certificate and residual-factor computation.
      lines: withMarket ? picked.filter((l) => l.kind !== 'purchased_electricity') : picked,
      market: withMarket ? doc.marketBased : undefined,
    },
  });
  return [
    row('scope1', r.scope1, r.scope1, lines(1), false),
    row('scope2', r.scope2LocationBased, r.scope2MarketBased, lines(2), true),
    row('exported', decimalNegate(r.exported), decimalNegate(r.exported), lines('deducted'), false),
    row('total', r.totalLocationBased, r.totalMarketBased, doc.sources, true),
  ];
}

/** Per emission source kind; market-based differs only for purchased electricity (certificates, residual factor). */
export function bySource(doc: InventoryDocument, label: (kind: string) => string): FigureRow[] {
  const kinds = [...new Set(doc.sources.map((s) => s.kind))].sort();
  return kinds.map((kind) => {
    const picked = doc.sources.filter((s) => s.kind === kind);
    const location = total(picked);
    const electricity = kind === 'purchased_electricity';
    const market = electricity ? decimalSum(doc.marketBased.byYear.map((y) => y.co2e)) : location;
    return {
      key: kind,
      label: label(kind),
      location,
      market,
      locationTrace: { label: label(kind), method: 'location', value: location, lines: picked },
      marketTrace: electricity
        ? { label: label(kind), method: 'market', value: market, lines: [], market: doc.marketBased }
        : { label: label(kind), method: 'market', value: market, lines: picked },
    };
  });
}

/**
 * Per site, location-based only: market-based instruments (certificates) belong to the organisation, not to a site,
 * and the document does not split them; the page says so rather than inventing an allocation.
 */
export function bySite(doc: InventoryDocument, unnamed: string): FigureRow[] {
  const sites = [...new Set(doc.sources.map((s) => s.meter.site ?? unnamed))].sort();
  return sites.map((site) => {
    const picked = doc.sources.filter((s) => (s.meter.site ?? unnamed) === site);
    const location = total(picked);
    return {
      key: site,
      label: site,
      location,
      market: null,
      locationTrace: { label: site, method: 'location', value: location, lines: picked },
      marketTrace: null,
    };
  });
}

/** The calendar months a period [start, end) touches, each clipped to the period (local dates, YYYY-MM-DD). */
export function monthsOf(start: string, end: string): { start: string; end: string }[] {
  const months: { start: string; end: string }[] = [];
  let [year, month] = start.split('-').map(Number);
  let from = start;
  while (from < end) {
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
    const next = `${year}-${String(month).padStart(2, '0')}-01`;
    const to = next < end ? next : end;
    months.push({ start: from, end: to });
    from = to;
  }
  return months;
}

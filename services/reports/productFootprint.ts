import type { InventoryDocument } from '../accounting/computeInventory';
import { add, compare, div, format, mul, ONE, parseRational, sum, ZERO, type Rational } from '../accounting/rational';
import { NengtanError } from '../lib/errors';

/** Product → allocation share ("0.25" or "1/4"), summing to exactly 1. */
export type AllocationShares = Readonly<Record<string, string>>;

export interface ProductFootprintLine {
  product: string;
  unit: string;
  /** The unit the footprint is declared per: one unit of production as recorded ("1 t"). */
  declaredUnit: string;
  /** Production in the inventory period, summed over the recorded volumes. */
  quantity: string;
  /** Sites the volumes were recorded for (ids; null: the organisation as a whole). */
  siteIds: (string | null)[];
  share: string;
  allocatedLocationKgCO2e: string;
  allocatedMarketKgCO2e: string;
  kgCO2ePerUnitLocation: string;
  kgCO2ePerUnitMarket: string;
}

export interface ProductFootprint {
  format: 'nengtan-product-footprint/v1';
  standard: 'ISO 14067:2018';
  organisation: InventoryDocument['organisation'];
  period: InventoryDocument['period'];
  /** Scope 1 plus Scope 2 of the inventory, from its results; exported energy is not credited, no offsets deducted. */
  basis: {
    scope1: string;
    scope2LocationBased: string;
    scope2MarketBased: string;
    locationKgCO2e: string;
    marketKgCO2e: string;
  };
  allocation: 'production volume' | 'declared shares';
  products: ProductFootprintLine[];
}

const SHARE_SCALE = 6;
const KG_SCALE = 3;

function invalid(message: string, hint: string): NengtanError {
  return new NengtanError('NT_ERR_REQUEST_INVALID', { message, hint });
}

function figure(doc: InventoryDocument, key: string): Rational {
  const text = doc.results[key];
  if (typeof text !== 'string') throw invalid(`The inventory document has no result "${key}"`, 'Compute it again.');
  return parseRational(text);
}

/**
 * A first product carbon footprint (ISO 14067, partial: gate-to-gate) from an inventory document: the emissions of
 * the inventory's boundary, Scope 1 plus Scope 2 (location-based, the primary result, and market-based), allocated to
 * the products whose production volumes the document lists, per declared unit of each product. Without `allocations`,
 * products share by production volume, which needs them to be recorded in one unit; with `allocations`, by the shares
 * given (by mass or economic value, following the allocation procedure of ISO 14067), which must cover every product and sum to 1. Exported energy is
 * not credited and no offsets are deducted. Exact: rationals from the document's decimal strings, each figure rounded
 * once, half to even, at 3 decimals (shares at 6).
 */
export function productFootprint(doc: InventoryDocument, allocations?: AllocationShares): ProductFootprint {
  if (doc.intensity.length === 0) {
    throw new NengtanError('NT_ERR_ACCOUNTING_NO_DATA', {
      message: 'The inventory lists no production volumes for its period: there is nothing to allocate emissions to',
      hint: 'Record what was produced in the period (POST /v1/production-volumes, with product, quantity and unit), then compute the inventory again.',
    });
  }
  const products = new Map<string, { unit: string; quantity: Rational; siteIds: (string | null)[] }>();
  for (const row of doc.intensity) {
    const { product, unit, quantity } = row;
    if (typeof product !== 'string' || typeof unit !== 'string' || typeof quantity !== 'string') {
      throw invalid('A production volume of the inventory lacks its product, unit or quantity', 'Compute it again.');
    }
    const p = products.get(product) ?? { unit, quantity: ZERO, siteIds: [] };
    if (p.unit !== unit) {
      throw invalid(
        `Product "${product}" is recorded in more than one unit (${p.unit}, ${unit})`,
        'Record the volumes of one product in one unit (POST /v1/production-volumes).',
      );
    }
    p.quantity = add(p.quantity, parseRational(quantity));
    const site = row.site ?? null;
    if (!p.siteIds.includes(site)) p.siteIds.push(site);
    products.set(product, p);
  }
  const shares = allocations ? declaredShares(products, allocations) : volumeShares(products);

  const scope1 = figure(doc, 'scope1');
  const location = add(scope1, figure(doc, 'scope2LocationBased'));
  const market = add(scope1, figure(doc, 'scope2MarketBased'));
  const kg = (x: Rational) => format(x, KG_SCALE);
  return {
    format: 'nengtan-product-footprint/v1',
    standard: 'ISO 14067:2018',
    organisation: doc.organisation,
    period: doc.period,
    basis: {
      scope1: kg(scope1),
      scope2LocationBased: kg(figure(doc, 'scope2LocationBased')),
      scope2MarketBased: kg(figure(doc, 'scope2MarketBased')),
      locationKgCO2e: kg(location),
      marketKgCO2e: kg(market),
    },
    allocation: allocations ? 'declared shares' : 'production volume',
    products: [...products].map(([product, p]) => {
      const share = shares.get(product) as Rational;
      return {
        product,
        unit: p.unit,
        declaredUnit: `1 ${p.unit}`,
        quantity: format(p.quantity, SHARE_SCALE),
        siteIds: p.siteIds,
        share: format(share, SHARE_SCALE),
        allocatedLocationKgCO2e: kg(mul(location, share)),
        allocatedMarketKgCO2e: kg(mul(market, share)),
        kgCO2ePerUnitLocation: kg(div(mul(location, share), p.quantity)),
        kgCO2ePerUnitMarket: kg(div(mul(market, share), p.quantity)),
      };
    }),
  };
}

function volumeShares(products: Map<string, { unit: string; quantity: Rational }>): Map<string, Rational> {
  const units = [...new Set([...products.values()].map((p) => p.unit))];
  if (units.length > 1) {
    throw invalid(
      `The products are recorded in different units (${units.join(', ')}): their volumes cannot be added up`,
      'Send allocation shares per product that sum to 1, e.g. by mass or economic value (ISO 14067 allocation).',
    );
  }
  const total = sum([...products.values()].map((p) => p.quantity));
  if (compare(total, ZERO) <= 0) {
    throw invalid('The production volumes of the period add up to zero', 'Record positive production volumes.');
  }
  return new Map([...products].map(([product, p]) => [product, div(p.quantity, total)]));
}

function declaredShares(products: Map<string, unknown>, allocations: AllocationShares): Map<string, Rational> {
  const hint =
    'Send one share per product of the inventory, each a positive decimal or fraction ("0.25", "1/3"), summing to 1.';
  const shares = new Map<string, Rational>();
  for (const [product, text] of Object.entries(allocations)) {
    if (!products.has(product)) throw invalid(`No production volume of "${product}" in the inventory`, hint);
    let share: Rational;
    try {
      share = parseRational(text);
    } catch {
      throw invalid(`The share of "${product}" is not a number: "${text}"`, hint);
    }
    if (compare(share, ZERO) <= 0) throw invalid(`The share of "${product}" is not positive`, hint);
    shares.set(product, share);
  }
  const missing = [...products.keys()].filter((p) => !shares.has(p));
  if (missing.length > 0) throw invalid(`No share for ${missing.map((p) => `"${p}"`).join(', ')}`, hint);
  if (compare(sum(shares.values()), ONE) !== 0) throw invalid('The shares do not sum to 1', hint);
  return shares;
}

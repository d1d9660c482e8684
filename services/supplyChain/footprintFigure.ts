import type { InventoryDocument } from '../accounting/computeInventory';
import { NengtanError } from '../lib/errors';
import { productFootprint } from '../reports/productFootprint';

export type FootprintBasis = 'location' | 'market';

/**
 * The kg CO2e per declared unit of `product` in the product footprint of the inventory document, exactly as the
 * product-footprint report states it (GET /v1/inventories/{id}/report?kind=product-footprint: allocation by
 * production volume, 3 decimals, half to even), location- or market-based.
 */
export function footprintFigure(
  doc: InventoryDocument,
  product: string,
  basis: FootprintBasis,
): { unit: string; kgCO2ePerUnit: string } {
  const line = productFootprint(doc).products.find((p) => p.product === product);
  if (!line) {
    throw new NengtanError('NT_ERR_SUPPLY_FOOTPRINT', {
      message: `The inventory has no production volume of "${product}"`,
      hint: 'Share a product the inventory lists (GET /v1/inventories/{id}/report?kind=product-footprint shows them).',
    });
  }
  return { unit: line.unit, kgCO2ePerUnit: basis === 'market' ? line.kgCO2ePerUnitMarket : line.kgCO2ePerUnitLocation };
}

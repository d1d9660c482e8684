import type { InventoryDocument } from '../accounting/computeInventory';
import { NengtanError } from '../lib/errors';
import type { AllocationRequest } from '../reports/coProductAllocation';
import { cradleToGateFootprint } from '../reports/cradleToGateFootprint';
import { productFootprint } from '../reports/productFootprint';

export type FootprintBasis = 'location' | 'market';

/**
 * The kg CO2e per declared unit of `product` in the product footprint of the inventory document, exactly as the
 * product-footprint report states it (GET /v1/inventories/{id}/report?kind=product-footprint: allocation by
 * production volume, 3 decimals, half to even), location- or market-based. Version 1 is the gate-to-gate site
 * footprint (shares made with it keep verifying against it); version 2 the cradle-to-gate product footprint of
 * cradleToGateFootprint, allocated by `allocation` (mass by default).
 */
export function footprintFigure(
  doc: InventoryDocument,
  product: string,
  basis: FootprintBasis,
  version: 1 | 2 = 1,
  allocation?: AllocationRequest,
): { unit: string; kgCO2ePerUnit: string } {
  if (version === 2) return cradleToGateFigure(doc, product, basis, allocation ?? { method: 'mass' });
  const line = productFootprint(doc).products.find((p) => p.product === product);
  if (!line) {
    throw new NengtanError('NT_ERR_SUPPLY_FOOTPRINT', {
      message: `The inventory has no production volume of "${product}"`,
      hint: 'Share a product the inventory lists (GET /v1/inventories/{id}/report?kind=product-footprint shows them).',
    });
  }
  return { unit: line.unit, kgCO2ePerUnit: basis === 'market' ? line.kgCO2ePerUnitMarket : line.kgCO2ePerUnitLocation };
}

function cradleToGateFigure(
  doc: InventoryDocument,
  product: string,
  basis: FootprintBasis,
  allocation: AllocationRequest,
): { unit: string; kgCO2ePerUnit: string } {
  const products = cradleToGateFootprint(doc, { allocation }).products;
  const line = products.find((p) => p.product === product);
  if (!line) {
    throw new NengtanError('NT_ERR_SUPPLY_FOOTPRINT', {
      message: `The inventory has no production volume of "${product}"`,
      hint: 'Share a product the inventory lists (GET /v1/inventories/{id}/report?kind=product-footprint shows them).',
    });
  }
  return { unit: line.unit, kgCO2ePerUnit: basis === 'market' ? line.kgCO2ePerUnitMarket : line.kgCO2ePerUnitLocation };
}

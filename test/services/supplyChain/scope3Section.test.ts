import { expect } from 'chai';
import type { InventoryDocument } from '../../../services/accounting/computeInventory';
import {
  scope3Section,
  withRecomputedScope3,
  type InventoryDocumentWithScope3,
} from '../../../services/accounting/scope3PurchasedGoods';
import { compareInventories } from '../../../services/verification/compareInventories';

const purchase = (quantity: string, kgCO2ePerUnit: string, id: string) => ({
  purchaseId: id,
  shareId: '6f1c1f0e-2b1a-4c55-9a6e-0d7f3f2e9b10',
  supplier: { id: '0b9d6a51-7d0e-4a63-8d55-2f0b0d1c3e21', name: 'Steel' },
  product: 'coil',
  unit: 't',
  period: { start: '2025-03-01', end: '2025-03-02' },
  quantity,
  kgCO2ePerUnit,
  basis: 'location',
  supplierInventoryHash: `0x${'ab'.repeat(32)}`,
});

describe('supply chain: the Scope 3 category 1 section', function () {
  const section = scope3Section([purchase('12.345', '1.234', 'a'), purchase('0.1', '2000.001', 'b')]);

  it('multiplies each quantity by its footprint exactly', function () {
    expect(section.category1PurchasedGoods.lines.map((l) => l.kgCO2e)).to.deep.equal(['15.233730', '200.0001']);
  });

  it('adds the lines up exactly', function () {
    expect([section.kgCO2e, section.category1PurchasedGoods.kgCO2e]).to.deep.equal(['215.233830', '215.233830']);
  });

  describe('when a verifier recomputes an inventory', function () {
    const base = {
      results: { unit: 'kgCO2e', totalLocationBased: '100.000' },
      sources: [],
    } as unknown as InventoryDocument;
    const claimed: InventoryDocumentWithScope3 = { ...base, scope3: section };

    it('finds no difference in an unaltered Scope 3 section', function () {
      const recomputed = withRecomputedScope3(claimed, { document: base });
      expect(compareInventories(claimed, recomputed.document).otherDifferences).to.deep.equal([]);
    });

    it('finds an altered line figure', function () {
      const line = { ...section.category1PurchasedGoods.lines[0], kgCO2e: '1.000000' };
      const altered: InventoryDocumentWithScope3 = {
        ...base,
        scope3: {
          ...section,
          category1PurchasedGoods: {
            ...section.category1PurchasedGoods,
            lines: [line, section.category1PurchasedGoods.lines[1]],
          },
        },
      };
      const recomputed = withRecomputedScope3(altered, { document: base });
      expect(compareInventories(altered, recomputed.document).otherDifferences).to.have.length.greaterThan(0);
    });

    it('leaves an inventory without purchases as recomputed', function () {
      const recomputed = { document: base };
      expect(withRecomputedScope3(base, recomputed)).to.equal(recomputed);
    });
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import {
  shareStatement,
  statementSignedBy,
  type ShareStatementFields,
} from '../../../services/supplyChain/shareStatement';
import { purchasePeriod } from '../../../services/supplyChain/supplierPurchases';

describe('supply chain: share statement and purchase periods', function () {
  const fields: ShareStatementFields = {
    shareId: '6f1c1f0e-2b1a-4c55-9a6e-0d7f3f2e9b10',
    supplierOrgId: '0b9d6a51-7d0e-4a63-8d55-2f0b0d1c3e21',
    customerOrgId: '4a3e2c1b-5d6f-4e7a-8b9c-0d1e2f3a4b5c',
    product: 'hot-rolled coil',
    unit: 't',
    basis: 'location',
    kgCO2ePerUnit: '2.375',
    inventoryId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    inventoryHash: `0x${'ab'.repeat(32)}`,
    chainInventoryId: `0x${'cd'.repeat(32)}`,
    notarizedTx: `0x${'ef'.repeat(32)}`,
  };
  const wallet = Wallet.createRandom();

  it('is the fixed first line and the canonical JSON of the fields, keys sorted', function () {
    const text = shareStatement(fields);
    const json = JSON.parse(text.split('\n')[1]) as Record<string, string>;
    expect([text.split('\n')[0], Object.keys(json)]).to.deep.equal([
      'Nengtan product footprint share v1',
      Object.keys(json).sort(),
    ]);
  });

  it('verifies a signature by the signer', async function () {
    const signature = await wallet.signMessage(shareStatement(fields));
    expect(statementSignedBy(fields, signature, wallet.address.toLowerCase())).to.equal(true);
  });

  it('refuses the signature once a figure is changed', async function () {
    const signature = await wallet.signMessage(shareStatement(fields));
    expect(statementSignedBy({ ...fields, kgCO2ePerUnit: '2.374' }, signature, wallet.address)).to.equal(false);
  });

  it('still verifies the sample share kept under test/fixtures (the signed format is a promise to customers)', function () {
    const sample = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../fixtures/supplyChain/footprint-share.json'), 'utf8'),
    ) as { fields: ShareStatementFields; signer: string; signature: string };
    expect(statementSignedBy(sample.fields, sample.signature, sample.signer)).to.equal(true);
  });

  it('refuses a signature that is not one', function () {
    expect(statementSignedBy(fields, '0x1234', wallet.address)).to.equal(false);
  });

  for (const [text, start, end] of [
    ['2025', '2025-01-01', '2026-01-01'],
    ['2025-12', '2025-12-01', '2026-01-01'],
    ['2024-02-29', '2024-02-29', '2024-03-01'],
  ]) {
    it(`reads purchase period ${text} as ${start} to ${end}`, function () {
      expect(purchasePeriod(text)).to.deep.equal({ start, end });
    });
  }

  for (const text of ['2025-13', '2025-02-29', '25', '2025-1']) {
    it(`refuses purchase period ${text}`, function () {
      expect(() => purchasePeriod(text)).to.throw('Not a purchase period');
    });
  }
});

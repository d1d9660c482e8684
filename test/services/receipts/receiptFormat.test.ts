import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyReceipt } from '../../../services/receipts/verifyReceipt';
import type { Receipt } from '../../../services/receipts/receipt';

// A receipt handed out by an earlier version is a promise: its offline checks must keep passing forever.
const FIXTURE = path.resolve(__dirname, '../../fixtures/receipts/receipt-v1.json');
const OFFLINE_CHECKS = [
  'format',
  'leaf = keccak256(keccak256(abi.encode(leafValues)))',
  'proof folds the leaf to the root',
  'reading quantity matches the leaf',
  'reading organisation matches the leaf',
  "raw readings hash to the leaf's rawHash",
];

describe('receipt format nengtan-receipt/v1', function () {
  const receipt = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Receipt;

  it('keeps verifying offline (leaf, proof, reading, raw values)', async function () {
    // No chain serves this old receipt here: the chain checks fail, the offline ones must hold.
    const checks = await verifyReceipt(receipt, 'http://127.0.0.1:9');
    expect(checks.filter((c) => OFFLINE_CHECKS.includes(c.name)).map((c) => [c.name, c.ok])).to.deep.equal(
      OFFLINE_CHECKS.map((n) => [n, true]),
    );
  });

  it('fails when a raw value in it is changed', async function () {
    const tampered = structuredClone(receipt);
    tampered.reading.raw[0].value = tampered.reading.raw[0].value + '1';
    const checks = await verifyReceipt(tampered, 'http://127.0.0.1:9');
    expect(checks.find((c) => c.name === "raw readings hash to the leaf's rawHash")?.ok).to.equal(false);
  });
});

import { expect } from 'chai';
import { concat, keccak256 } from 'ethers';
import {
  checkReceipt,
  receiptHolds,
  type ChainToAsk,
  type ReceiptCheckResult,
  type ReceiptToCheck,
} from '../../console/src/trust/checkReceipt';
import { anchoredReadings } from '../helpers/anchoredReadings';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../helpers/testApp';
import { startTestChain, type TestChain } from '../helpers/testChain';
import { createTestDb, type TestDb } from '../helpers/testDb';

const failed = (results: ReceiptCheckResult[]) => results.filter((r) => !r.ok).map((r) => r.id);

describe("the console's receipt checker, against the real chain over JSON-RPC", function () {
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let receipt: ReceiptToCheck;
  let ask: ChainToAsk;
  const copy = () => JSON.parse(JSON.stringify(receipt)) as ReceiptToCheck;

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain);
    const org = await createOrgViaApi(t, 'Checker Steel');
    const { meterId, starts } = await anchoredReadings(t, db.db, chain, org.adminKey, 'CHECK-E1', { count: 3 });
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/receipts?meter=${meterId}&start=${starts[1]}`,
      headers: auth(org.adminKey),
    });
    expect(res.statusCode, res.body).to.equal(200);
    receipt = res.json();
    ask = { chainId: chain.chainId, rpcUrl: chain.rpcUrl, anchorRegistry: chain.deployment.anchorRegistry };
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('accepts a receipt the server handed out, every check passing', async function () {
    const results = await checkReceipt(receipt, ask);
    expect(failed(results)).to.deep.equal([]);
    expect(results.map((r) => r.id)).to.include.members(['leaf', 'proof', 'rootOnChain', 'transaction', 'event']);
    expect(receiptHolds(results)).to.equal(true);
  });

  it('refuses a changed quantity: the reading no longer says what the leaf says', async function () {
    const tampered = copy();
    tampered.reading.quantity = '999.000000';
    expect(failed(await checkReceipt(tampered, ask))).to.deep.equal(['quantity']);
  });

  it('refuses a changed leaf value: the leaf and the proof no longer hold', async function () {
    const tampered = copy();
    const i = tampered.leafNames.indexOf('quantity');
    tampered.leafValues[i] = String(BigInt(tampered.leafValues[i]) + 1n);
    const bad = failed(await checkReceipt(tampered, ask));
    expect(bad).to.include.members(['leaf', 'quantity']);
  });

  it('refuses a forged tree whose proof folds to a root the chain never saw', async function () {
    // A self-consistent forgery: leaf, proof and root agree with each other, only the chain can tell.
    const tampered = copy();
    const i = tampered.leafNames.indexOf('quantity');
    const scale = Number(tampered.leafValues[tampered.leafNames.indexOf('quantityScale')]);
    tampered.leafValues[i] = String(999n * 10n ** BigInt(scale));
    tampered.reading.quantity = '999';
    const { AbiCoder } = await import('ethers');
    const leaf = keccak256(
      concat([keccak256(AbiCoder.defaultAbiCoder().encode(tampered.leafTypes, tampered.leafValues))]),
    );
    tampered.leaf = leaf;
    tampered.proof = [];
    tampered.root = leaf;
    const bad = failed(await checkReceipt(tampered, ask));
    expect(bad).to.include('rootOnChain');
    expect(bad).not.to.include.members(['leaf', 'proof', 'quantity']);
  });

  it('refuses a receipt that names another contract than the chain’s anchoring contract', async function () {
    const tampered = copy();
    tampered.anchor.contract = chain.deployment.participantRegistry;
    const bad = failed(await checkReceipt(tampered, ask));
    expect(bad[0]).to.equal('contract');
  });

  it('refuses a receipt claiming another block', async function () {
    const tampered = copy();
    tampered.anchor.blockNumber += 1;
    expect(failed(await checkReceipt(tampered, ask))).to.deep.equal(['block']);
  });

  it('says so when the chain cannot be reached', async function () {
    const results = await checkReceipt(receipt, { ...ask, rpcUrl: 'http://127.0.0.1:9/' });
    expect(failed(results)).to.deep.equal(['chainId']);
    expect(receiptHolds(results)).to.equal(false);
  });
});

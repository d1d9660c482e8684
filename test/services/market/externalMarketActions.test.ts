import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet, type HDNodeWallet } from 'ethers';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { indexChain } from '../../helpers/indexChain';

const YEAR = 2025;

interface Prepared {
  status: string;
  transaction: { to: string; from: string; data: string; chainId: number };
}

/**
 * Market transactions of an organisation that signs itself (external account): the API simulates the call from its
 * account, refuses what the contract would refuse, and hands back the transaction; once sent and indexed, the
 * positions show it.
 */
describe('market: transactions of an organisation that signs itself', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let cement: Participant; // custodial
  let desk: Participant; // external
  let deskWallet: HDNodeWallet;
  let prepared: { statusCode: number; body: Prepared };

  const index = () => indexChain(db.db, chain);

  const post = (key: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload });

  const transfer = (from: Participant, to: Participant, quantity: string) =>
    post(from.key, '/v1/market/transfers', { asset: 'allowance', tokenId: String(YEAR), toOrgId: to.orgId, quantity });

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    deskWallet = Wallet.createRandom().connect(chain.provider);
    const authority = await createParticipant(t, 'Provincial Ecology Department', ['authority']);
    cement = await createParticipant(t, 'Custodial Cement', ['enterprise']);
    desk = await createParticipant(t, 'Self-Signing Trading Desk', ['trader'], deskWallet);
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-02',
      surrenderDeadline: '2027-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [{ orgId: cement.orgId, quantity: '10' }],
    });
    await call(t, cement.key, 'POST', '/v1/market/transfers', {
      asset: 'allowance',
      tokenId: String(YEAR),
      toOrgId: desk.orgId,
      quantity: '4',
    });
    const res = await transfer(desk, cement, '3');
    prepared = { statusCode: res.statusCode, body: res.json() };
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('answers 202 with the transaction for its own account to sign', function () {
    expect([prepared.statusCode, prepared.body.status, prepared.body.transaction.from.toLowerCase()]).to.deep.equal([
      202,
      'awaiting-signature',
      deskWallet.address.toLowerCase(),
    ]);
  });

  it('sends nothing itself: the balances stay until the organisation sends it', async function () {
    await index();
    const rows = await call<{ quantity: string }[]>(t, desk.key, 'GET', '/v1/market/positions');
    expect(rows.map((r) => r.quantity)).to.deep.equal(['4']);
  });

  it('moves the tokens once the organisation signs and sends it', async function () {
    const { to, data, chainId } = prepared.body.transaction;
    expect(chainId).to.equal(chain.chainId);
    const receipt = await (await deskWallet.sendTransaction({ to, data })).wait();
    await index();
    const rows = await call<{ quantity: string }[]>(
      t,
      desk.key,
      'GET',
      `/v1/market/positions?minBlock=${receipt?.blockNumber}`,
    );
    expect(rows.map((r) => r.quantity)).to.deep.equal(['1']);
  });

  it('refuses before signing what the contract would refuse, naming the error', async function () {
    const res = await transfer(desk, cement, '2');
    expect([res.statusCode, res.json().code, res.json().message]).to.satisfy(
      ([status, code, message]: [number, string, string]) =>
        status === 422 && code === 'NT_ERR_CHAIN_REVERTED' && /ERC1155InsufficientBalance/.test(message),
    );
  });

  it('leaves a custodial organisation acting at once (200, mined)', async function () {
    const res = await transfer(cement, desk, '1');
    expect([res.statusCode, res.json().status, typeof res.json().blockNumber]).to.deep.equal([200, 'mined', 'number']);
  });
});

import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const YEAR = 2025;

/**
 * Market writes refused by the contracts say what is wrong in words as well as the contract error; an organisation
 * without a chain account is told so with its own code and the route that adds one.
 */
describe('market: refusals in words', function () {
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let cement: Participant;

  const post = async (key: string, url: string, payload: object) =>
    (await t.app.inject({ method: 'POST', url, headers: auth(key), payload })).json();

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    const authority = await createParticipant(t, 'Provincial Ecology Department', ['authority']);
    cement = await createParticipant(t, 'Unverified Cement', ['enterprise']);
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-02',
      surrenderDeadline: '2027-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [{ orgId: cement.orgId, quantity: '5' }],
    });
  });
  after(async function () {
    await t.app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  describe('when an enterprise surrenders before its emissions are verified', function () {
    let body: { statusCode: number; code: string; message: string };

    before(async function () {
      body = await post(cement.key, '/v1/market/surrenders', { year: YEAR, allowances: '1' });
    });

    it('answers NT_ERR_CHAIN_REVERTED', function () {
      expect(body).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_REVERTED' });
    });

    it('says so in words, then names the contract error', function () {
      expect(body.message).to.match(
        /^emissions for 2025 are not verified yet \(CarbonAllowanceEmissionsNotVerified\(0x[0-9a-f]{64}, 2025, /,
      );
    });
  });

  it('says in words that an account holds too few tokens to transfer', async function () {
    const body = await post(cement.key, '/v1/market/transfers', {
      asset: 'allowance',
      tokenId: String(YEAR),
      toOrgId: cement.orgId,
      quantity: '6',
    });
    expect(body.message).to.match(/holds 5 of token 2025, and 6 are needed \(ERC1155InsufficientBalance\(/);
  });

  describe('when an organisation without a chain account writes to the market', function () {
    let body: { statusCode: number; code: string; hint: string };

    before(async function () {
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/organisations',
        headers: auth(t.platformKey),
        payload: { name: 'Accountless Steel', kinds: ['enterprise'] },
      });
      body = await post(created.json().adminKey.key, '/v1/market/surrenders', { year: YEAR, allowances: '1' });
    });

    it('answers NT_ERR_CHAIN_ACCOUNT_MISSING', function () {
      expect(body).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_ACCOUNT_MISSING' });
    });

    it('names the route that adds one', function () {
      expect(body.hint).to.contain('POST /v1/organisation/chain-accounts');
    });
  });
});

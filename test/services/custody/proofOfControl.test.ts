import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet, ZeroAddress, type HDNodeWallet } from 'ethers';
import { ParticipantRegistry__factory, SmartWalletMock__factory } from '../../../types/contracts';
import { registerExternalAccount } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Challenge {
  nonce: string;
  message: string;
  typedData: { domain: object; types: { AccountControl: { name: string; type: string }[] }; message: object };
}

/**
 * Proof of control of external chain accounts: an organisation records an address only by signing a challenge that
 * names it, with the account itself (EIP-191 or EIP-712; ERC-1271 for contract accounts). Every refusal leaves no row
 * and nothing on chain.
 */
describe('custody: proof of control of external accounts', function () {
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let steel: string;
  let cement: string;

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    steel = await organisation('Proving Steel');
    cement = await organisation('Proving Cement');
  });
  after(async function () {
    await t.app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  async function organisation(name: string): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: auth(t.platformKey),
      payload: { name, kinds: ['enterprise'] },
    });
    return res.json().adminKey.key;
  }
  async function challenge(key: string, address: string): Promise<Challenge> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/organisation/chain-accounts/challenge',
      headers: auth(key),
      payload: { address },
    });
    expect(res.statusCode, res.body).to.equal(201);
    return res.json();
  }
  const register = (key: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/organisation/chain-accounts',
      headers: auth(key),
      payload: { custody: 'external', ...payload },
    });
  /** What is left of `address` after a request: its rows and its link on chain. */
  async function traces(address: string) {
    const { rows } = await db.db.query<{ n: number }>(
      'select count(*)::int as n from chain_accounts where address = $1',
      [address.toLowerCase()],
    );
    const registry = ParticipantRegistry__factory.connect(chain.deployment.participantRegistry, chain.provider);
    return { rows: rows[0].n, linkedTo: await registry.organisationOf(address) };
  }
  const NO_TRACES = { rows: 0, linkedTo: ZeroAddress };

  describe('when the address comes without proof (the request that used to be enough)', function () {
    let holder: HDNodeWallet;
    let answer: { statusCode: number; code: string };

    before(async function () {
      holder = Wallet.createRandom();
      answer = (await register(steel, { address: holder.address })).json();
    });

    it('is refused with NT_ERR_CHAIN_ACCOUNT_PROOF_REQUIRED', function () {
      expect(answer).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_ACCOUNT_PROOF_REQUIRED' });
    });

    it('leaves no row and nothing on chain', async function () {
      expect(await traces(holder.address)).to.deep.equal(NO_TRACES);
    });
  });

  it('records an EOA that signed the challenge text (EIP-191)', async function () {
    const holder = Wallet.createRandom();
    const res = await registerExternalAccount(t, steel, holder);
    expect([res.statusCode, res.json().registeredTx === null]).to.deep.equal([201, false]);
  });

  it('records an EOA that signed the challenge as typed data (EIP-712)', async function () {
    const holder = Wallet.createRandom();
    const issued = await challenge(steel, holder.address);
    const { domain, types, message } = issued.typedData;
    const signature = await holder.signTypedData(domain, types, message);
    const res = await register(steel, { address: holder.address, challenge: issued.nonce, signature });
    expect(res.statusCode, res.body).to.equal(201);
  });

  it('records a contract account whose owner signed, checked on chain under ERC-1271', async function () {
    const owner = Wallet.createRandom();
    const wallet = await new SmartWalletMock__factory(chain.signer).deploy(owner.address);
    await wallet.waitForDeployment();
    const address = (await wallet.getAddress()).toLowerCase();
    const res = await registerExternalAccount(t, steel, { address, signMessage: (m) => owner.signMessage(m) });
    expect([res.statusCode, (await traces(address)).rows]).to.deep.equal([201, 1]);
  });

  describe('when another key signed', function () {
    let holder: HDNodeWallet;
    let answer: { statusCode: number; code: string };

    before(async function () {
      holder = Wallet.createRandom();
      const issued = await challenge(steel, holder.address);
      const signature = await Wallet.createRandom().signMessage(issued.message);
      answer = (await register(steel, { address: holder.address, challenge: issued.nonce, signature })).json();
    });

    it('is refused with NT_ERR_CHAIN_ACCOUNT_PROOF_INVALID', function () {
      expect(answer).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_ACCOUNT_PROOF_INVALID' });
    });

    it('leaves no row and nothing on chain', async function () {
      expect(await traces(holder.address)).to.deep.equal(NO_TRACES);
    });
  });

  it("refuses a contract account's challenge signed by someone not its owner", async function () {
    const wallet = await new SmartWalletMock__factory(chain.signer).deploy(Wallet.createRandom().address);
    await wallet.waitForDeployment();
    const address = await wallet.getAddress();
    const stranger = Wallet.createRandom();
    const res = await registerExternalAccount(t, steel, { address, signMessage: (m) => stranger.signMessage(m) });
    expect([res.json().code, await traces(address)]).to.deep.equal(['NT_ERR_CHAIN_ACCOUNT_PROOF_INVALID', NO_TRACES]);
  });

  describe('when the challenge expired', function () {
    let holder: HDNodeWallet;
    let answer: { statusCode: number; code: string };

    before(async function () {
      holder = Wallet.createRandom();
      const issued = await challenge(steel, holder.address);
      // Time passes: the challenge's expiry is now behind us.
      await db.db.query(
        "update chain_account_challenges set expires_at = now() - interval '1 second' where nonce = $1",
        [Buffer.from(issued.nonce.slice(2), 'hex')],
      );
      const signature = await holder.signMessage(issued.message);
      answer = (await register(steel, { address: holder.address, challenge: issued.nonce, signature })).json();
    });

    it('is refused with NT_ERR_CHAIN_CHALLENGE_EXPIRED', function () {
      expect(answer).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_CHALLENGE_EXPIRED' });
    });

    it('leaves no row and nothing on chain', async function () {
      expect(await traces(holder.address)).to.deep.equal(NO_TRACES);
    });
  });

  it('refuses a challenge used once already with NT_ERR_CHAIN_CHALLENGE_USED', async function () {
    const holder = Wallet.createRandom();
    const issued = await challenge(steel, holder.address);
    const proof = {
      address: holder.address,
      challenge: issued.nonce,
      signature: await holder.signMessage(issued.message),
    };
    expect((await register(steel, proof)).statusCode).to.equal(201);
    expect((await register(steel, proof)).json()).to.include({ statusCode: 409, code: 'NT_ERR_CHAIN_CHALLENGE_USED' });
  });

  describe("when an organisation sends another organisation's signed challenge", function () {
    let holder: HDNodeWallet;
    let answer: { statusCode: number; code: string };

    before(async function () {
      holder = Wallet.createRandom();
      const issued = await challenge(cement, holder.address);
      const signature = await holder.signMessage(issued.message);
      answer = (await register(steel, { address: holder.address, challenge: issued.nonce, signature })).json();
    });

    it('is refused with NT_ERR_CHAIN_CHALLENGE_UNKNOWN', function () {
      expect(answer).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_CHALLENGE_UNKNOWN' });
    });

    it('leaves no row and nothing on chain', async function () {
      expect(await traces(holder.address)).to.deep.equal(NO_TRACES);
    });
  });

  it('refuses a challenge issued for another address with NT_ERR_CHAIN_CHALLENGE_MISMATCH', async function () {
    const holder = Wallet.createRandom();
    const issued = await challenge(steel, Wallet.createRandom().address);
    const signature = await holder.signMessage(issued.message);
    const res = await register(steel, { address: holder.address, challenge: issued.nonce, signature });
    expect([res.json().code, await traces(holder.address)]).to.deep.equal([
      'NT_ERR_CHAIN_CHALLENGE_MISMATCH',
      NO_TRACES,
    ]);
  });

  it('names the organisation, the address, the nonce and the expiry in the text to sign', async function () {
    const holder = Wallet.createRandom();
    const issued = await challenge(steel, holder.address);
    const { rows } = await db.db.query<{ org_id: string }>(
      'select org_id from chain_account_challenges where nonce = $1',
      [Buffer.from(issued.nonce.slice(2), 'hex')],
    );
    expect(issued.message)
      .to.contain(`Organisation: ${rows[0].org_id}`)
      .and.contain(`Account: ${holder.address.toLowerCase()}`)
      .and.contain(`Nonce: ${issued.nonce}`)
      .and.match(/Expires: \d{4}-\d\d-\d\dT/);
  });
});

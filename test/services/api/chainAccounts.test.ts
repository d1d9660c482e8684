import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet, id as keccakId } from 'ethers';
import { ParticipantRegistry__factory } from '../../../types/contracts';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { registerExternalAccount } from '../../helpers/participants';

describe('organisations on chain', function () {
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
  });
  after(async function () {
    await t.app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  async function organisation(name: string, kinds: string[]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: auth(t.platformKey),
      payload: { name, kinds },
    });
    return res.json() as { organisation: { id: string; chainId: string; kinds: string[] }; adminKey: { key: string } };
  }
  const registry = () => ParticipantRegistry__factory.connect(chain.deployment.participantRegistry, chain.provider);

  it('gives an enterprise a custodial account registered with ENTERPRISE_ROLE', async function () {
    const org = await organisation('Custodial Steel', ['enterprise']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/organisation/chain-accounts',
      headers: auth(org.adminKey.key),
      payload: { custody: 'custodial' },
    });
    expect(res.statusCode, res.body).to.equal(201);
    const address = res.json().address;
    expect(await registry().isActiveParticipantWithRole(keccakId('ENTERPRISE_ROLE'), address)).to.equal(true);
  });

  it("links the account to the organisation's chain id", async function () {
    const org = await organisation('Linked Cement', ['enterprise']);
    const { address } = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/organisation/chain-accounts',
        headers: auth(org.adminKey.key),
        payload: { custody: 'custodial' },
      })
    ).json();
    expect((await registry().organisationOf(address)).toLowerCase()).to.equal(org.organisation.chainId);
  });

  it('keeps one custodial account per organisation', async function () {
    const org = await organisation('Once Ltd', ['enterprise']);
    const first = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/organisation/chain-accounts',
        headers: auth(org.adminKey.key),
        payload: { custody: 'custodial' },
      })
    ).json();
    const second = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/organisation/chain-accounts',
        headers: auth(org.adminKey.key),
        payload: { custody: 'custodial' },
      })
    ).json();
    expect(second.address).to.equal(first.address);
  });

  it('grants a verifier VERIFIER_ROLE and not ENTERPRISE_ROLE', async function () {
    const org = await organisation('Independent Verifier', ['verifier']);
    const holder = Wallet.createRandom();
    const external = holder.address;
    await registerExternalAccount(t, org.adminKey.key, holder);
    expect([
      await registry().isActiveParticipantWithRole(keccakId('VERIFIER_ROLE'), external),
      await registry().hasRole(keccakId('ENTERPRISE_ROLE'), external),
    ]).to.deep.equal([true, false]);
  });

  it('records an X25519 encryption public key', async function () {
    const org = await organisation('Keyed Co', ['enterprise']);
    const key = randomBytes(32).toString('hex');
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/organisation/encryption-key',
      headers: auth(org.adminKey.key),
      payload: { publicKey: key },
    });
    expect(res.json().encryptionPublicKey).to.equal(`0x${key}`);
  });

  it('refuses custodial accounts without a keystore secret', async function () {
    const bare = await createTestApp(db.db, chain);
    const res = await bare.app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: auth(bare.platformKey),
      payload: { name: 'No Secret' },
    });
    const adminKey = res.json().adminKey.key;
    const refused = await bare.app.inject({
      method: 'POST',
      url: '/v1/organisation/chain-accounts',
      headers: auth(adminKey),
      payload: { custody: 'custodial' },
    });
    await bare.app.close();
    expect(refused.json()).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_CUSTODY_OFF' });
  });
});

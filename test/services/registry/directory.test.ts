import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Entry {
  id: string;
  name: string;
  kinds: string[];
  chainId: string;
  accounts: string[];
  encryptionPublicKey: string | null;
}

describe('GET /v1/directory (registered participants by name)', function () {
  this.timeout(120_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let steel: Participant;
  let verifier: Participant;
  let desk: Participant;
  let unregistered: { orgId: string; adminKey: string };

  const find = async (key: string, query = '') =>
    (await call<{ participants: Entry[] }>(t, key, 'GET', `/v1/directory${query}`)).participants;

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    steel = await createParticipant(t, 'Jiangnan Steel', ['enterprise']);
    verifier = await createParticipant(t, 'Independent Verification Co', ['verifier']);
    desk = await createParticipant(t, 'East Carbon Desk 100%_', ['trader']);
    unregistered = await createOrgViaApi(t, 'Quiet Steel Works');
  });

  after(async function () {
    await db?.drop();
    await chain?.close();
  });

  it('lists participants registered on chain with kinds, chain id and accounts, and no one else', async function () {
    const all = await find(steel.key);
    expect(all.map((e) => e.name)).to.deep.equal([
      'East Carbon Desk 100%_',
      'Independent Verification Co',
      'Jiangnan Steel',
    ]);
    const shown = all.find((e) => e.id === verifier.orgId) as Entry;
    expect(shown.kinds).to.deep.equal(['verifier']);
    expect(shown.chainId).to.equal(verifier.chainId);
    expect(shown.accounts).to.have.length(1);
    expect(shown.accounts[0]).to.match(/^0x[0-9a-f]{40}$/);
    expect(shown.encryptionPublicKey).to.match(/^0x[0-9a-f]{64}$/);
    expect(all.some((e) => e.id === unregistered.orgId)).to.equal(false);
  });

  it('shows only what a counterparty needs (no keys, meters or figures)', async function () {
    const [entry] = await find(steel.key, '?q=desk');
    expect(Object.keys(entry).sort()).to.deep.equal([
      'accounts',
      'chainId',
      'encryptionPublicKey',
      'id',
      'kinds',
      'name',
    ]);
  });

  it('finds by part of the name in any case, and by kind', async function () {
    expect((await find(steel.key, '?q=VERIFICATION')).map((e) => e.id)).to.deep.equal([verifier.orgId]);
    expect((await find(steel.key, '?kind=trader')).map((e) => e.id)).to.deep.equal([desk.orgId]);
    expect((await find(steel.key, '?q=steel&kind=verifier')).map((e) => e.id)).to.deep.equal([]);
  });

  it('treats % and _ in the search as letters', async function () {
    expect((await find(steel.key, `?q=${encodeURIComponent('100%_')}`)).map((e) => e.id)).to.deep.equal([desk.orgId]);
    expect(await find(steel.key, `?q=${encodeURIComponent('%')}`)).to.have.length(1);
  });

  it('answers any organisation with a read key, even one not registered itself', async function () {
    expect(await find(unregistered.adminKey)).to.have.length(3);
  });

  it('refuses an unknown kind and an anonymous caller', async function () {
    const badKind = await t.app.inject({ method: 'GET', url: '/v1/directory?kind=bank', headers: auth(steel.key) });
    expect(badKind.statusCode).to.equal(400);
    expect(badKind.json().code).to.be.a('string');
    const anonymous = await t.app.inject({ method: 'GET', url: '/v1/directory' });
    expect(anonymous.statusCode).to.equal(401);
  });
});

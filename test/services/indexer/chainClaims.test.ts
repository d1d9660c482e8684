import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { encodeBytes32String, id as keccakText, type Wallet } from 'ethers';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { custodialWallet } from '../../../services/custody/chainAccounts';
import { GreenCertificate__factory } from '../../../types/contracts';
import { createParticipant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { indexChain } from '../../helpers/indexChain';

const DAY = '2025-03-01';
const DAY_START = 1_740_758_400; // 2025-03-01T00:00:00+08:00
const DAY_END = DAY_START + 86_400;

/**
 * Green certificates issued, traded and claimed on chain reach the inventory through the indexer: the claim for the
 * organisation lowers its market-based Scope 2, and appears among its contractual instruments with source "chain".
 */
describe('on-chain certificate claims in inventories', function () {
  this.timeout(120_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  const secret = randomBytes(32);
  let steel: { orgId: string; key: string; chainId: string; wallet: Wallet };
  let withoutClaim: { document: { results: Record<string, string>; claims?: unknown[] } };
  let withClaim: typeof withoutClaim;

  async function party(name: string, kinds: string[]) {
    const { orgId, key, chainId } = await createParticipant(t, name, kinds);
    const wallet = (await custodialWallet(db.db, secret, orgId))?.connect(chain.provider) as Wallet;
    return { orgId, key, chainId, wallet };
  }

  const preview = async () =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/inventories/preview',
        headers: auth(steel.key),
        payload: { start: DAY, end: '2025-03-02' },
      })
    ).json();

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: secret });
    steel = await party('Claiming Steel', ['enterprise']);
    const wind = await party('Yancheng Wind', ['enterprise']);
    const issuer = await party('Green Certificate Centre', ['certificate_issuer']);
    const site = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/sites',
        headers: auth(steel.key),
        payload: { name: 'Mill', gridRegion: 'East' },
      })
    ).json();
    await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(steel.key),
      payload: { siteId: site.id, externalId: 'E', energyKind: 'electricity' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(steel.key),
      payload: {
        readings: Array.from({ length: 96 }, (_, i) => ({
          meter: 'E',
          start: new Date((DAY_START + i * 900) * 1000).toISOString(),
          value: '50',
        })),
      },
    });
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    withoutClaim = await preview();

    // The certificate's path on chain: device, issuance to its owner, sale to the steel mill, claim for it.
    const certificates = GreenCertificate__factory.connect(chain.deployment.greenCertificate as string, chain.provider);
    const device = keccakText('device:yancheng-offshore-wind-3');
    await (
      await certificates
        .connect(issuer.wallet)
        .registerDevice(device, wind.chainId, encodeBytes32String('wind'), encodeBytes32String('CN-JS'), 300_000n)
    ).wait();
    await (
      await certificates
        .connect(issuer.wallet)
        .issue(device, wind.wallet.address, DAY_START - 28 * 86_400, DAY_START, 10n, keccakText('meter data'), '')
    ).wait();
    await (
      await certificates.connect(wind.wallet).safeTransferFrom(wind.wallet.address, steel.wallet.address, 1n, 2n, '0x')
    ).wait();
    await (
      await certificates
        .connect(steel.wallet)
        .claim(1n, 2n, steel.chainId, DAY_START, DAY_END, encodeBytes32String('CN-JS'))
    ).wait();
    await indexChain(db.db, chain);
    withClaim = await preview();
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('lists the claim among the contractual instruments, from the chain', function () {
    expect(JSON.stringify(withClaim.document)).to.include('GreenCertificate claim #1 of certificate #1');
  });

  it('lowers market-based Scope 2', function () {
    expect(Number(withClaim.document.results.scope2MarketBased)).to.be.lessThan(
      Number(withoutClaim.document.results.scope2MarketBased),
    );
  });

  it('leaves location-based Scope 2 as it was', function () {
    expect(withClaim.document.results.scope2LocationBased).to.equal(withoutClaim.document.results.scope2LocationBased);
  });

  it("does not count another organisation's claim", async function () {
    const other = await party('Other Works', ['enterprise']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/inventories/preview',
      headers: auth(other.key),
      payload: { start: DAY, end: '2025-03-02' },
    });
    expect(JSON.stringify(res.json())).to.not.include('GreenCertificate claim');
  });
});

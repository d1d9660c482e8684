import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet, type HDNodeWallet } from 'ethers';
import type { UnsignedTransaction } from '../../../services/custody/clientTransactionReceipt';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { indexChain } from '../../helpers/indexChain';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { sendPrepared, verifiedExternalEnterprise } from '../../helpers/verifiedExternalEnterprise';

const YEAR = 2025;
const PERIOD = { start: '2025-03-01', end: '2025-03-02' };
/**
 * CCER of vintage 2021 by the id scheme of ICarbonAllowance, worked by hand: the flag bit 255, "CCER" (0x43434552)
 * left-aligned in 16 bytes (so shifted by 12 bytes) and then by the 16 bits of the vintage, plus 2021.
 */
const CCER_2021 = ((1n << 255n) + (0x43434552n << (96n + 16n)) + 2021n).toString();

interface Compliance {
  allowancesSurrendered: string;
  offsetsSurrendered: string;
  shortfallT: string;
  obligationT: string;
}

/**
 * Surrender by an enterprise that signs itself: the API prepares the transaction (202), the enterprise sends it, and
 * confirms it by sending the same surrender with the transaction's hash; a hash that is not this surrender by this
 * enterprise is refused (NT_ERR_CHAIN_TX_MISMATCH) and confirms nothing.
 */
describe('market: surrender and certificate claim by an enterprise that signs itself', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let steel: Participant; // external
  let cement: Participant; // custodial
  let steelWallet: HDNodeWallet;
  let assignmentTx: string;
  let cementTransferTx: string;
  let obligation: bigint;
  const surrender = { year: YEAR, allowances: '2', offsets: [{ tokenId: CCER_2021, quantity: '1' }] };
  let prepared: { statusCode: number; body: { status: string; transaction: UnsignedTransaction } };

  const post = (who: Participant, payload: object) =>
    t.app.inject({ method: 'POST', url: '/v1/market/surrenders', headers: auth(who.key), payload });
  const complianceOf = async (who: Participant, minBlock?: number) => {
    await indexChain(db.db, chain);
    const wait = minBlock === undefined ? '' : `?minBlock=${minBlock}`;
    return (await call<Compliance[]>(t, who.key, 'GET', `/v1/market/years/${YEAR}/compliance${wait}`))[0];
  };

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    steelWallet = Wallet.createRandom().connect(chain.provider);
    const authority = await createParticipant(t, 'Surrender Ecology Department', ['authority']);
    ({ enterprise: steel, assignmentTx } = await verifiedExternalEnterprise(
      db.db,
      t,
      chain,
      'Self-Signing Steel',
      steelWallet,
      PERIOD,
      '500',
    ));
    cement = await createParticipant(t, 'Custodial Cement', ['enterprise']);
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      surrenderDeadline: '2027-12-31',
      offsetCapBps: 10_000,
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [
        { orgId: steel.orgId, quantity: '10' },
        { orgId: cement.orgId, quantity: '10' },
      ],
    });
    await call(t, authority.key, 'POST', '/v1/market/offsets', {
      program: 'CCER',
      vintage: 2021,
      orgId: steel.orgId,
      quantity: '3',
      issuanceRef: 'CCER-2021-000123-000125',
    });
    obligation = BigInt((await complianceOf(steel)).obligationT);
    // A transaction of another organisation to CarbonAllowance: Cement passes Steel one allowance.
    cementTransferTx = (
      await call<{ txHash: string }>(t, cement.key, 'POST', '/v1/market/transfers', {
        asset: 'allowance',
        tokenId: String(YEAR),
        toOrgId: steel.orgId,
        quantity: '1',
      })
    ).txHash;
    const res = await post(steel, surrender);
    prepared = { statusCode: res.statusCode, body: res.json() };
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('has an obligation above what it surrenders (so the contract accepts it)', function () {
    expect(obligation > 3n, String(obligation)).to.equal(true);
  });

  it('answers 202 with the transaction for its own account to sign', function () {
    expect([prepared.statusCode, prepared.body.status, prepared.body.transaction.from.toLowerCase()]).to.deep.equal([
      202,
      'awaiting-signature',
      steelWallet.address.toLowerCase(),
    ]);
  });

  it('shows its offsets by programme and vintage, with the id the contract gives them', async function () {
    const positions = await call<{ tokenId: string; offset: unknown; quantity: string }[]>(
      t,
      steel.key,
      'GET',
      '/v1/market/positions',
    );
    expect(positions.find((p) => p.offset !== undefined)).to.deep.equal({
      asset: 'allowance',
      tokenId: CCER_2021,
      offset: { program: 'CCER', vintage: 2021 },
      quantity: '3',
    });
  });

  it('refuses a hash of a transaction sent to another contract, naming it', async function () {
    const res = await post(steel, { ...surrender, txHash: assignmentTx });
    expect([res.statusCode, res.json().code, /was sent to/.test(res.json().message)]).to.deep.equal([
      422,
      'NT_ERR_CHAIN_TX_MISMATCH',
      true,
    ]);
  });

  it("refuses another organisation's transaction", async function () {
    const res = await post(steel, { ...surrender, txHash: cementTransferTx });
    expect([res.statusCode, res.json().code, /not a registered chain account/.test(res.json().message)]).to.deep.equal([
      422,
      'NT_ERR_CHAIN_TX_MISMATCH',
      true,
    ]);
  });

  describe('once the enterprise has sent it', function () {
    let txHash: string;
    let confirmed: { statusCode: number; body: { status: string; txHash: string; blockNumber: number } };

    before(async function () {
      txHash = await sendPrepared(steelWallet, prepared.body.transaction);
      const res = await post(steel, { ...surrender, txHash });
      confirmed = { statusCode: res.statusCode, body: res.json() };
    });

    it('refuses it as the confirmation of a different surrender, naming what differs', async function () {
      const res = await post(steel, { ...surrender, allowances: '3', offsets: [], txHash });
      expect([res.statusCode, res.json().code, res.json().message]).to.deep.equal([
        422,
        'NT_ERR_CHAIN_TX_MISMATCH',
        `Transaction ${txHash} is a surrender, but not this one: its allowances, offsets differ`,
      ]);
    });

    it('confirms the surrender it asked for: mined, with its block', async function () {
      const receipt = await chain.provider.getTransactionReceipt(txHash);
      expect([
        confirmed.statusCode,
        confirmed.body.status,
        confirmed.body.txHash,
        confirmed.body.blockNumber,
      ]).to.deep.equal([200, 'mined', txHash, receipt?.blockNumber]);
    });

    it('counts 2 allowances and 1 offset against the obligation', async function () {
      const row = await complianceOf(steel, confirmed.body.blockNumber);
      expect([row.allowancesSurrendered, row.offsetsSurrendered, row.shortfallT]).to.deep.equal([
        '2',
        '1',
        String(obligation - 3n),
      ]);
    });

    it('burnt them: 10 + 1 received − 2 allowances, and 3 − 1 offsets left', async function () {
      const positions = await call<{ tokenId: string; quantity: string }[]>(
        t,
        steel.key,
        'GET',
        '/v1/market/positions',
      );
      expect(positions.map((p) => [p.tokenId, p.quantity])).to.deep.equal([
        [String(YEAR), '9'],
        [CCER_2021, '2'],
      ]);
    });
  });

  describe('a certificate claim', function () {
    const claim = { mwh: 2, consumptionStart: '2025-03-01', consumptionEnd: '2025-04-01', location: 'CN-JS' };
    let certificateId: string;
    let toClaim: { statusCode: number; body: { status: string; transaction: UnsignedTransaction } };
    let txHash: string;
    let wrong: { statusCode: number; body: { code: string; message: string } };
    let confirmed: { statusCode: number; body: { claimId: string; status: string; blockNumber: number } };

    const postClaim = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/certificates/claims', headers: auth(steel.key), payload });

    before(async function () {
      const issuer = await createParticipant(t, 'Claim Certificate Centre', ['certificate_issuer']);
      await call(t, issuer.key, 'POST', '/v1/certificates/devices', {
        reference: 'GEC-DEV-EXTERNAL-1',
        ownerOrgId: steel.orgId,
        technology: 'solar',
        region: 'CN-JS',
        capacityKw: 2_000,
      });
      ({ certificateId } = await call(t, issuer.key, 'POST', '/v1/certificates/issuances', {
        deviceReference: 'GEC-DEV-EXTERNAL-1',
        generationStart: '2025-02-01',
        generationEnd: '2025-03-01',
        mwh: 5,
        evidence: 'rooftop meter 2025-02',
      }));
      const res = await postClaim({ certificateId, ...claim });
      toClaim = { statusCode: res.statusCode, body: res.json() };
      txHash = await sendPrepared(steelWallet, toClaim.body.transaction);
      const refused = await postClaim({ certificateId, ...claim, mwh: 3, txHash });
      wrong = { statusCode: refused.statusCode, body: refused.json() };
      const ok = await postClaim({ certificateId, ...claim, txHash });
      confirmed = { statusCode: ok.statusCode, body: ok.json() };
    });

    it('answers 202 with the transaction for its own account to sign', function () {
      expect([toClaim.statusCode, toClaim.body.status, toClaim.body.transaction.from.toLowerCase()]).to.deep.equal([
        202,
        'awaiting-signature',
        steelWallet.address.toLowerCase(),
      ]);
    });

    it('refuses the sent claim as the confirmation of a claim of other units, naming what differs', function () {
      expect([wrong.statusCode, wrong.body.code, wrong.body.message]).to.deep.equal([
        422,
        'NT_ERR_CHAIN_TX_MISMATCH',
        `Transaction ${txHash} is a claim, but not this one: its mwh differ`,
      ]);
    });

    it('confirms the claim it asked for, with the claim id the chain gave it (the first claim: 1)', function () {
      expect([confirmed.statusCode, confirmed.body.status, confirmed.body.claimId]).to.deep.equal([200, 'mined', '1']);
    });

    it('lists the claim of 2 MWh once indexed, and leaves 3 of the 5 certificates held', async function () {
      await indexChain(db.db, chain);
      const claims = await call<{ certificateRef: string; mwh: string }[]>(
        t,
        steel.key,
        'GET',
        '/v1/certificate-claims',
      );
      const positions = await call<{ asset: string; quantity: string }[]>(t, steel.key, 'GET', '/v1/market/positions');
      expect([claims.map((c) => c.mwh), positions.find((p) => p.asset === 'certificate')?.quantity]).to.deep.equal([
        ['2'],
        '3',
      ]);
    });
  });
});

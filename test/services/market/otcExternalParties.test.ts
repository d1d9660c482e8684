import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet, type HDNodeWallet, type TypedDataField } from 'ethers';
import type { DealValue } from '../../../services/market/dealTypedData';
import { marketContracts } from '../../../services/market/marketContracts';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { indexChain } from '../../helpers/indexChain';
import { SmartWalletMock__factory, type SmartWalletMock } from '../../../types/contracts';

const YEAR = 2025;

interface Deal {
  id: string;
  status: 'proposed' | 'signed' | 'recorded';
  typedData: {
    domain: Record<string, unknown>;
    types: Record<string, TypedDataField[]>;
    message: DealValue;
  };
  signed: { buyer: boolean; seller: boolean };
  transaction: { to: string; data: string } | null;
  tradeId: string | null;
  txHash: string | null;
}

/**
 * OTC deals between organisations whose chain accounts are external (they hold their keys and sign themselves) and
 * custodial ones: who signs, who records, and how a deal that only its parties can record comes to show 'recorded'.
 */
describe('market: OTC deals with external accounts', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let cement: Participant; // custodial
  let steel: Participant; // external
  let power: Participant; // external
  let steelWallet: HDNodeWallet;
  let powerWallet: HDNodeWallet;

  const index = () => indexChain(db.db, chain);

  const propose = (proposer: Participant, counterparty: Participant, quantity: string) =>
    call<Deal>(t, proposer.key, 'POST', '/v1/market/otc-deals', {
      side: 'sell',
      counterpartyOrgId: counterparty.orgId,
      asset: 'allowance',
      tokenId: String(YEAR),
      quantity,
      pricePerUnit: '9100',
      currency: 'CNY',
      paymentRef: `BOC-OTC-${randomBytes(4).toString('hex')}`,
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
    });

  const sign = (wallet: { signTypedData: Wallet['signTypedData'] }, deal: Deal) =>
    wallet.signTypedData(deal.typedData.domain, deal.typedData.types, deal.typedData.message);

  const post = (key: string, url: string, payload: object = {}) =>
    t.app.inject({ method: 'POST', url, headers: auth(key), payload });

  const listed = async (key: string, id: string) =>
    (await call<Deal[]>(t, key, 'GET', '/v1/market/otc-deals')).find((d) => d.id === id) as Deal;

  const accountOf = async (p: Participant) =>
    (await call<{ address: string }[]>(t, p.key, 'GET', '/v1/organisation/chain-accounts'))[0].address;

  const setCementApproval = (approved: boolean) =>
    call(t, cement.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved });

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    steelWallet = Wallet.createRandom().connect(chain.provider);
    powerWallet = Wallet.createRandom().connect(chain.provider);
    const authority = await createParticipant(t, 'Provincial Ecology Department', ['authority']);
    cement = await createParticipant(t, 'Custodial Cement', ['enterprise']);
    // Registration funds the external accounts on the test chain (it charges gas): they send their own transactions.
    steel = await createParticipant(t, 'External Steel', ['enterprise'], steelWallet);
    power = await createParticipant(t, 'External Power', ['enterprise'], powerWallet);

    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: '2025-03-01',
      periodEnd: '2025-03-02',
      surrenderDeadline: '2027-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [
        { orgId: cement.orgId, quantity: '10' },
        { orgId: power.orgId, quantity: '10' },
      ],
    });
    await setCementApproval(true);
    const { allowances, ledger } = marketContracts(chain);
    await (await allowances.connect(powerWallet).setApprovalForAll(ledger.target, true)).wait();
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('when the proposer is custodial and the accepter external', function () {
    let accepted: Deal;

    before(async function () {
      const deal = await propose(cement, steel, '2');
      accepted = await call<Deal>(t, steel.key, 'POST', `/v1/market/otc-deals/${deal.id}/accept`, {
        signature: await sign(steelWallet, deal),
      });
    });

    it('records the deal at once', function () {
      expect([accepted.status, accepted.transaction]).to.deep.equal(['recorded', null]);
    });

    it("records it with the proposer's custodial account", async function () {
      const record = await marketContracts(chain).ledger.trade(accepted.tradeId as string);
      expect(record.recorder.toLowerCase()).to.equal((await accountOf(cement)).toLowerCase());
    });

    it("delivers the tokens to the accepter's external account", async function () {
      expect(await marketContracts(chain).allowances.balanceOf(steelWallet.address, YEAR)).to.equal(2n);
    });
  });

  describe('when the signature is bad', function () {
    let deal: Deal;

    before(async function () {
      deal = await propose(cement, steel, '1');
    });

    it('refuses a signature by another key, naming the account and what to sign', async function () {
      const res = await post(steel.key, `/v1/market/otc-deals/${deal.id}/accept`, {
        signature: await sign(Wallet.createRandom(), deal),
      });
      const body = res.json();
      expect([
        res.statusCode,
        body.code,
        body.message.includes(deal.typedData.message.terms.buyer),
        body.hint,
      ]).to.satisfy(
        ([status, code, names, hint]: [number, string, boolean, string]) =>
          status === 422 && code === 'NT_ERR_MARKET_SIGNATURE_INVALID' && names && /typedData/.test(hint),
      );
    });

    it('refuses a signature of other terms', async function () {
      const altered = { ...deal.typedData.message, terms: { ...deal.typedData.message.terms, quantity: '1000' } };
      const signature = await steelWallet.signTypedData(deal.typedData.domain, deal.typedData.types, altered);
      const res = await post(steel.key, `/v1/market/otc-deals/${deal.id}/accept`, { signature });
      expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_MARKET_SIGNATURE_INVALID' });
    });

    it('refuses an external accepter without a signature', async function () {
      const res = await post(steel.key, `/v1/market/otc-deals/${deal.id}/accept`);
      expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_MARKET_SIGNATURE_REQUIRED' });
    });

    it('leaves the deal proposed', async function () {
      expect((await listed(steel.key, deal.id)).status).to.equal('proposed');
    });
  });

  describe('when both parties are external', function () {
    let proposed: Deal;
    let signedByProposer: Deal;
    let earlyAcceptance: { statusCode: number; code: string };
    let accepted: Deal;
    let sentHash: string;
    let beforeIndexing: Deal;
    let afterIndexing: Deal;

    before(async function () {
      proposed = await propose(power, steel, '3');
      earlyAcceptance = (
        await post(steel.key, `/v1/market/otc-deals/${proposed.id}/accept`, {
          signature: await sign(steelWallet, proposed),
        })
      ).json();
      signedByProposer = await call<Deal>(t, power.key, 'POST', `/v1/market/otc-deals/${proposed.id}/signature`, {
        signature: await sign(powerWallet, proposed),
      });
      accepted = await call<Deal>(t, steel.key, 'POST', `/v1/market/otc-deals/${proposed.id}/accept`, {
        signature: await sign(steelWallet, proposed),
      });
      const sent = await steelWallet.sendTransaction(accepted.transaction as { to: string; data: string });
      await sent.wait();
      sentHash = sent.hash;
      beforeIndexing = await listed(power.key, proposed.id);
      await index();
      afterIndexing = await listed(power.key, proposed.id);
    });

    it('is proposed unsigned: the external proposer signs the stored deal', function () {
      expect(proposed.signed).to.deep.equal({ buyer: false, seller: false });
    });

    it('cannot be accepted before the proposer signed', function () {
      expect(earlyAcceptance).to.include({ statusCode: 409, code: 'NT_ERR_MARKET_DEAL_STATE' });
    });

    it("takes the proposer's own signature", function () {
      expect(signedByProposer.signed).to.deep.equal({ buyer: false, seller: true });
    });

    it('is left signed by both, with the transaction to record it', function () {
      expect([accepted.status, accepted.signed, accepted.transaction?.to]).to.deep.equal([
        'signed',
        { buyer: true, seller: true },
        marketContracts(chain).ledger.target,
      ]);
    });

    it('stays signed until the indexer has the record', function () {
      expect(beforeIndexing.status).to.equal('signed');
    });

    it("shows recorded with TradeLedger's trade id once indexed", async function () {
      const { buyer, seller } = proposed.typedData.message.terms;
      const tradeId = await marketContracts(chain).ledger.dealTradeId(buyer, seller, proposed.typedData.message.dealId);
      expect([afterIndexing.status, afterIndexing.tradeId, afterIndexing.txHash]).to.deep.equal([
        'recorded',
        tradeId,
        sentHash,
      ]);
    });

    it("delivered the seller's tokens", async function () {
      expect(await marketContracts(chain).allowances.balanceOf(steelWallet.address, YEAR)).to.equal(2n + 3n);
    });

    it('cannot be accepted again', async function () {
      const res = await post(steel.key, `/v1/market/otc-deals/${proposed.id}/accept`, {
        signature: await sign(steelWallet, proposed),
      });
      expect(res.json()).to.include({ statusCode: 409, code: 'NT_ERR_MARKET_DEAL_STATE' });
    });

    it('is not visible to an organisation that is not a party', async function () {
      const res = await post(cement.key, `/v1/market/otc-deals/${proposed.id}/record`);
      expect(res.statusCode).to.equal(404);
    });
  });

  describe('when an external party sends the record transaction itself and confirms it with the hash', function () {
    let prepared: { status: string; transaction: { to: string; from: string; data: string; chainId: number } };
    let wrongHash: { statusCode: number; code: string };
    let confirmed: Deal;
    let sentHash: string;

    before(async function () {
      const proposed = await propose(power, steel, '1');
      await call(t, power.key, 'POST', `/v1/market/otc-deals/${proposed.id}/signature`, {
        signature: await sign(powerWallet, proposed),
      });
      await call(t, steel.key, 'POST', `/v1/market/otc-deals/${proposed.id}/accept`, {
        signature: await sign(steelWallet, proposed),
      });
      prepared = (await post(steel.key, `/v1/market/otc-deals/${proposed.id}/record`)).json();
      // A transaction of Steel's that is not the record: a plain transfer of nothing to itself.
      const other = await steelWallet.sendTransaction({ to: steelWallet.address, value: 0n });
      await other.wait();
      wrongHash = (await post(steel.key, `/v1/market/otc-deals/${proposed.id}/record`, { txHash: other.hash })).json();
      const sent = await steelWallet.sendTransaction({ to: prepared.transaction.to, data: prepared.transaction.data });
      await sent.wait();
      sentHash = sent.hash;
      confirmed = await call<Deal>(t, steel.key, 'POST', `/v1/market/otc-deals/${proposed.id}/record`, {
        txHash: sentHash,
      });
    });

    it("prepares the transaction from the party's external account on this chain", function () {
      expect([prepared.status, prepared.transaction.from.toLowerCase(), prepared.transaction.chainId]).to.deep.equal([
        'awaiting-signature',
        steelWallet.address.toLowerCase(),
        chain.chainId,
      ]);
    });

    it('refuses a hash of another transaction', function () {
      expect(wrongHash).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_TX_MISMATCH' });
    });

    it('marks the deal recorded with the sent transaction, before the indexer has it', function () {
      expect([confirmed.status, confirmed.txHash]).to.deep.equal(['recorded', sentHash]);
    });
  });

  describe('when other accounts record a deal under the same deal id', function () {
    let deal: Deal;

    before(async function () {
      const traderWallet = Wallet.createRandom().connect(chain.provider);
      await createParticipant(t, 'External Trader', ['enterprise'], traderWallet);
      const proposed = await propose(power, steel, '1');
      await call(t, power.key, 'POST', `/v1/market/otc-deals/${proposed.id}/signature`, {
        signature: await sign(powerWallet, proposed),
      });
      deal = await call<Deal>(t, steel.key, 'POST', `/v1/market/otc-deals/${proposed.id}/accept`, {
        signature: await sign(steelWallet, proposed),
      });
      // The same deal id and terms, but sold to another buyer: its TradeRecorded event carries the same ref.
      const { domain, types, message } = deal.typedData;
      const copy = { ...message, terms: { ...message.terms, buyer: traderWallet.address } };
      const { ledger } = marketContracts(chain);
      const [buyerSignature, sellerSignature] = await Promise.all([
        traderWallet.signTypedData(domain, types, copy),
        powerWallet.signTypedData(domain, types, copy),
      ]);
      await (await ledger.connect(powerWallet).recordDeal(copy, buyerSignature, sellerSignature)).wait();
      await index();
    });

    it('does not take their record for this deal', async function () {
      expect((await listed(steel.key, deal.id)).status).to.equal('signed');
    });
  });

  describe('when recording fails at acceptance', function () {
    let deal: Deal;
    let refusal: { statusCode: number; code: string };
    let left: Deal;

    before(async function () {
      await setCementApproval(false);
      deal = await propose(cement, steel, '1');
      refusal = (
        await post(steel.key, `/v1/market/otc-deals/${deal.id}/accept`, { signature: await sign(steelWallet, deal) })
      ).json();
      left = await listed(steel.key, deal.id);
      await setCementApproval(true);
    });

    it('answers with the chain refusal', function () {
      expect(refusal).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_REVERTED' });
    });

    it('keeps both signatures: the deal is signed, with its transaction', function () {
      expect([left.status, left.signed, left.transaction !== null]).to.deep.equal([
        'signed',
        { buyer: true, seller: true },
        true,
      ]);
    });

    it('answers a party without a custodial account 202 with the transaction to send from its account', async function () {
      const res = await post(steel.key, `/v1/market/otc-deals/${deal.id}/record`);
      const { ledger } = marketContracts(chain);
      expect([res.statusCode, res.json().status, res.json().transaction.from, res.json().transaction.to]).to.deep.equal(
        [202, 'awaiting-signature', deal.typedData.message.terms.buyer, ledger.target],
      );
    });

    describe('and the custodial party asks Nengtan to record it', function () {
      let recorded: Deal;
      let again: Deal;

      before(async function () {
        recorded = await call<Deal>(t, cement.key, 'POST', `/v1/market/otc-deals/${deal.id}/record`);
        again = await call<Deal>(t, cement.key, 'POST', `/v1/market/otc-deals/${deal.id}/record`);
      });

      it("records it with the party's custodial account", async function () {
        const record = await marketContracts(chain).ledger.trade(recorded.tradeId as string);
        expect([recorded.status, record.recorder.toLowerCase()]).to.deep.equal([
          'recorded',
          (await accountOf(cement)).toLowerCase(),
        ]);
      });

      it('answers a repeated request with the same record', function () {
        expect(again).to.deep.equal(recorded);
      });
    });
  });

  describe('when a party records a signed deal itself and the other then asks Nengtan to', function () {
    let sentHash: string;
    let recorded: Deal;

    before(async function () {
      await setCementApproval(false);
      const deal = await propose(cement, steel, '1');
      await post(steel.key, `/v1/market/otc-deals/${deal.id}/accept`, { signature: await sign(steelWallet, deal) });
      await setCementApproval(true);
      const { transaction } = await listed(steel.key, deal.id);
      const sent = await steelWallet.sendTransaction(transaction as { to: string; data: string });
      await sent.wait();
      sentHash = sent.hash;
      // Not indexed: Nengtan finds the record on chain itself and sends nothing.
      recorded = await call<Deal>(t, cement.key, 'POST', `/v1/market/otc-deals/${deal.id}/record`);
    });

    it('marks it recorded with the transaction the party sent', function () {
      expect([recorded.status, recorded.txHash]).to.deep.equal(['recorded', sentHash]);
    });
  });

  describe('when the accepter is a contract account (a multisig) signing under ERC-1271', function () {
    let wallet: SmartWalletMock;
    let owner: HDNodeWallet;
    let multisig: Participant;
    let deal: Deal;

    before(async function () {
      owner = Wallet.createRandom();
      wallet = await new SmartWalletMock__factory(chain.signer).deploy(owner.address);
      await wallet.waitForDeployment();
      multisig = await createParticipant(t, 'Multisig Trading Desk', ['trader'], {
        address: await wallet.getAddress(),
        signMessage: (message) => owner.signMessage(message),
      });
      deal = await propose(cement, multisig, '1');
    });

    it('refuses a signature the contract account does not accept', async function () {
      const res = await post(multisig.key, `/v1/market/otc-deals/${deal.id}/accept`, {
        signature: await sign(Wallet.createRandom(), deal),
      });
      expect(res.json()).to.include({ statusCode: 422, code: 'NT_ERR_MARKET_SIGNATURE_INVALID' });
    });

    it("takes its owner's signature, checked as TradeLedger checks it, and records the deal", async function () {
      const accepted = await call<Deal>(t, multisig.key, 'POST', `/v1/market/otc-deals/${deal.id}/accept`, {
        signature: await sign(owner, deal),
      });
      const { allowances } = marketContracts(chain);
      expect([accepted.status, await allowances.balanceOf(await wallet.getAddress(), YEAR)]).to.deep.equal([
        'recorded',
        1n,
      ]);
    });
  });
});

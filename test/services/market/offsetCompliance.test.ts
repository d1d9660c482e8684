import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { Wallet, type HDNodeWallet } from 'ethers';
import type { UnsignedTransaction } from '../../../services/custody/clientTransactionReceipt';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { marketContracts } from '../../../services/market/marketContracts';
import { offsetCap } from '../../../services/market/complianceTable';
import { indexChain } from '../../helpers/indexChain';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { sendPrepared, verifiedExternalEnterprise } from '../../helpers/verifiedExternalEnterprise';

const YEAR = 2025;
const PERIOD = { start: '2025-03-01', end: '2025-03-02' };
/**
 * Offset ids by ICarbonAllowance's scheme, worked by hand: flag bit 255 | "CCER" (0x43434552) left-aligned in bytes16
 * (so shifted by 12 bytes) << 16 | vintage.
 */
const ccer = (vintage: number) => ((1n << 255n) + (0x43434552n << (96n + 16n)) + BigInt(vintage)).toString();
const CCER_2021 = ccer(2021);
const CCER_2022 = ccer(2022);

interface ComplianceRow {
  organisation: { id: string; name: string };
  obligationT: string;
  allowancesSurrendered: string;
  offsetsSurrendered: string;
  shortfallT: string;
  status: string;
  surrenderedOffsets: { tokenId: string; program: string; vintage: number; quantity: string }[];
  offsetCap: { capBps: number; capT: string; usedT: string; remainingT: string };
}

describe('market: the 5 % offset cap, offsets by token in compliance, and register names', function () {
  it('works the cap by hand: floor(obligation × bps / 10000), used, and what remains (never below 0)', function () {
    expect([
      offsetCap(100n, 500n, 4n),
      offsetCap(119n, 500n, 0n), // 5.95 t rounds down to 5
      offsetCap(120n, 500n, 6n),
      offsetCap(0n, 500n, 0n),
      offsetCap(10n, 500n, 3n), // cap 0 with offsets above it: 0 remain, not −3
    ]).to.deep.equal([
      { capBps: 500, capT: '5', usedT: '4', remainingT: '1' },
      { capBps: 500, capT: '5', usedT: '0', remainingT: '5' },
      { capBps: 500, capT: '6', usedT: '6', remainingT: '0' },
      { capBps: 500, capT: '0', usedT: '0', remainingT: '0' },
      { capBps: 500, capT: '0', usedT: '3', remainingT: '0' },
    ]);
  });
});

/**
 * An enterprise that signs itself with an obligation of 100 t (96 quarter hours × 1890 kWh × 0.55 kg/kWh of the East
 * grid = 99 792 kg, rounded up to 100 t) in a year with the national 5 % cap: it surrenders CCER 2021 in two
 * surrenders (2 then 1) and 1 CCER 2022 — 4 t of offsets of the 5 t cap, 1 t left — and transfers an allowance and
 * approves the ledger with its own wallet, confirming each with the transaction's hash.
 */
describe('market: offsets by programme and vintage in the compliance table, and self-signed transfers', function () {
  this.timeout(240_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let authority: Participant;
  let steel: Participant; // external
  let cement: Participant; // custodial
  let steelWallet: HDNodeWallet;
  let lastBlock = 0;

  const send = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const res = await t.app.inject({ method, url, headers: auth(steel.key), payload });
    return { statusCode: res.statusCode, body: res.json() };
  };
  /** Prepares with the API (202), sends with Steel's wallet, confirms with the same request and the hash. */
  const selfSigned = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const prepared = await send(method, url, payload);
    expect([prepared.statusCode, prepared.body.status]).to.deep.equal([202, 'awaiting-signature']);
    const txHash = await sendPrepared(steelWallet, prepared.body.transaction as UnsignedTransaction);
    return { txHash, confirm: (request: object = payload) => send(method, url, { ...request, txHash }) };
  };
  const compliance = async (who: Participant) => {
    await indexChain(db.db, chain);
    return call<ComplianceRow[]>(t, who.key, 'GET', `/v1/market/years/${YEAR}/compliance?minBlock=${lastBlock}`);
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
    authority = await createParticipant(t, 'Cap Ecology Department', ['authority']);
    ({ enterprise: steel } = await verifiedExternalEnterprise(
      db.db,
      t,
      chain,
      'Cap Steel',
      steelWallet,
      PERIOD,
      '1890',
    ));
    cement = await createParticipant(t, 'Cap Cement', ['enterprise']);
    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      surrenderDeadline: '2027-12-31',
      offsetCapBps: 500,
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [
        { orgId: steel.orgId, quantity: '100' },
        { orgId: cement.orgId, quantity: '10' },
      ],
    });
    for (const [vintage, quantity] of [
      [2021, '3'],
      [2022, '2'],
    ] as const) {
      await call(t, authority.key, 'POST', '/v1/market/offsets', {
        program: 'CCER',
        vintage,
        orgId: steel.orgId,
        quantity,
        issuanceRef: `CCER-${vintage}-CAP`,
      });
    }
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('has the obligation worked by hand: 100 t, so a cap of 5 t; none of it used before surrendering', async function () {
    const [row] = await compliance(steel);
    expect([row.obligationT, row.surrenderedOffsets, row.offsetCap]).to.deep.equal([
      '100',
      [],
      { capBps: 500, capT: '5', usedT: '0', remainingT: '5' },
    ]);
  });

  describe('after surrendering 10 allowances + 2 CCER 2021, then 1 CCER 2021 + 1 CCER 2022', function () {
    before(async function () {
      for (const surrender of [
        { year: YEAR, allowances: '10', offsets: [{ tokenId: CCER_2021, quantity: '2' }] },
        {
          year: YEAR,
          allowances: '0',
          offsets: [
            { tokenId: CCER_2022, quantity: '1' },
            { tokenId: CCER_2021, quantity: '1' },
          ],
        },
      ]) {
        const sent = await selfSigned('POST', '/v1/market/surrenders', surrender);
        const confirmed = await sent.confirm();
        expect(confirmed.statusCode).to.equal(200);
        lastBlock = confirmed.body.blockNumber;
      }
    });

    it('keeps the one-figure fields: 10 allowances and 4 offsets against 100 t, 86 t short', async function () {
      const [row] = await compliance(steel);
      expect([row.allowancesSurrendered, row.offsetsSurrendered, row.shortfallT, row.status]).to.deep.equal([
        '10',
        '4',
        '86',
        'pending',
      ]);
    });

    it('breaks the offsets down by token, summed over surrenders: CCER 2021 3 t, CCER 2022 1 t', async function () {
      const [row] = await compliance(steel);
      expect(row.surrenderedOffsets).to.deep.equal([
        { tokenId: CCER_2021, program: 'CCER', vintage: 2021, quantity: '3' },
        { tokenId: CCER_2022, program: 'CCER', vintage: 2022, quantity: '1' },
      ]);
    });

    it('shows 4 t of the 5 t cap used and 1 t left', async function () {
      const [row] = await compliance(steel);
      expect(row.offsetCap).to.deep.equal({ capBps: 500, capT: '5', usedT: '4', remainingT: '1' });
    });

    it("gives the authority every enterprise's breakdown; Cement surrendered none (cap 0 of obligation 0)", async function () {
      const rows = await compliance(authority);
      expect(rows.map((r) => [r.organisation.name, r.surrenderedOffsets.length, r.offsetCap.remainingT])).to.deep.equal(
        [
          ['Cap Cement', 0, '0'],
          ['Cap Steel', 2, '1'],
        ],
      );
    });

    it('names offset holdings and events in the register by the API, not by the id', async function () {
      await indexChain(db.db, chain);
      const register = await call<{
        holdings: { organisation: { name: string }; tokenId: string; offset?: unknown; balance: string }[];
        events: { kind: string; tokenId: string; offset?: unknown; quantity: string }[];
      }>(t, authority.key, 'GET', `/v1/market/register?holder=Cap%20Steel&minBlock=${lastBlock}`);
      expect([
        register.holdings.map((h) => [h.tokenId, h.offset ?? null, h.balance]),
        register.events
          .filter((e) => e.offset !== undefined)
          .map((e) => [e.kind, e.offset, e.quantity])
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ]).to.deep.equal([
        [
          [String(YEAR), null, '90'],
          [CCER_2022, { program: 'CCER', vintage: 2022 }, '1'],
        ],
        [
          ['issuance', { program: 'CCER', vintage: 2021 }, '3'],
          ['issuance', { program: 'CCER', vintage: 2022 }, '2'],
          ['surrender', { program: 'CCER', vintage: 2021 }, '1'],
          ['surrender', { program: 'CCER', vintage: 2021 }, '2'],
          ['surrender', { program: 'CCER', vintage: 2022 }, '1'],
        ],
      ]);
    });
  });

  describe('a transfer the enterprise signs itself', function () {
    const transfer = () => ({ asset: 'allowance', tokenId: String(YEAR), toOrgId: cement.orgId, quantity: '2' });
    let sent: Awaited<ReturnType<typeof selfSigned>>;

    before(async function () {
      sent = await selfSigned('POST', '/v1/market/transfers', transfer());
    });

    it('refuses it as the confirmation of another quantity and receiver, naming what differs', async function () {
      const res = await sent.confirm({ ...transfer(), toOrgId: steel.orgId, quantity: '3' });
      expect([res.statusCode, res.body.code, res.body.message]).to.deep.equal([
        422,
        'NT_ERR_CHAIN_TX_MISMATCH',
        `Transaction ${sent.txHash} is a transfer, but not this one: its to, quantity differ`,
      ]);
    });

    it('refuses it as a certificate transfer (another contract)', async function () {
      const res = await sent.confirm({ ...transfer(), asset: 'certificate' });
      expect([res.statusCode, res.body.code, /was sent to/.test(res.body.message)]).to.deep.equal([
        422,
        'NT_ERR_CHAIN_TX_MISMATCH',
        true,
      ]);
    });

    it('confirms the transfer it asked for: mined, and Cement holds 10 + 2', async function () {
      const res = await sent.confirm();
      const receipt = await chain.provider.getTransactionReceipt(sent.txHash);
      lastBlock = res.body.blockNumber;
      await indexChain(db.db, chain);
      const positions = await call<{ tokenId: string; quantity: string }[]>(
        t,
        cement.key,
        'GET',
        `/v1/market/positions?minBlock=${lastBlock}`,
      );
      expect([res.statusCode, res.body.status, res.body.blockNumber, positions]).to.deep.equal([
        200,
        'mined',
        receipt?.blockNumber,
        [{ asset: 'allowance', tokenId: String(YEAR), quantity: '12' }],
      ]);
    });

    it('refuses a surrender hash as a transfer confirmation', async function () {
      const surrender = await selfSigned('POST', '/v1/market/surrenders', { year: YEAR, allowances: '1' });
      const res = await send('POST', '/v1/market/transfers', { ...transfer(), txHash: surrender.txHash });
      expect([res.statusCode, res.body.code]).to.deep.equal([422, 'NT_ERR_CHAIN_TX_MISMATCH']);
    });
  });

  describe('a ledger approval the enterprise signs itself', function () {
    let sent: Awaited<ReturnType<typeof selfSigned>>;

    before(async function () {
      sent = await selfSigned('PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    });

    it('refuses it as the confirmation of a withdrawal, naming what differs', async function () {
      const res = await sent.confirm({ approved: false });
      expect([res.statusCode, res.body.code, res.body.message]).to.deep.equal([
        422,
        'NT_ERR_CHAIN_TX_MISMATCH',
        `Transaction ${sent.txHash} is a ledger approval, but not this one: its approved differ`,
      ]);
    });

    it('confirms it: mined, and the contract has TradeLedger approved for its account', async function () {
      const res = await sent.confirm();
      const { allowances, ledger } = marketContracts(chain);
      expect([
        res.statusCode,
        res.body.status,
        res.body.approved,
        await allowances.isApprovedForAll(steelWallet.address, ledger.target),
      ]).to.deep.equal([200, 'mined', true, true]);
    });
  });
});

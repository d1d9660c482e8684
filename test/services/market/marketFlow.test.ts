import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { call, createParticipant, type Participant } from '../../helpers/participants';
import { runCli } from '../../helpers/runCli';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { indexChain } from '../../helpers/indexChain';

const YEAR = 2025;
const PERIOD = { start: '2025-03-01', end: '2025-03-02' }; // a one-day compliance period keeps the data small

/**
 * A compliance year through the API: the authority opens it and allocates, an enterprise's inventory is notarized and
 * verified, an exchange records a sale that settles on chain, the enterprise surrenders its obligation, and the
 * compliance table, positions, trades and statistics read back from the indexed chain.
 */
describe('market: a compliance year through the API', function () {
  this.timeout(180_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let authority: Participant;
  let steel: Participant;
  let cement: Participant;
  let exchange: Participant;
  let obligation: string;

  const index = () => indexChain(db.db, chain);

  let url: string | undefined;
  /** The app listening on a port, for the command line. */
  const listening = async () => (url ??= await t.app.listen({ host: '127.0.0.1', port: 0 }));

  const refusal = async (key: string, method: 'POST' | 'PUT', url: string, payload: object) =>
    (await t.app.inject({ method, url, headers: auth(key), payload })).json();

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    authority = await createParticipant(t, 'Provincial Ecology Department', ['authority']);
    steel = await createParticipant(t, 'Compliance Steel', ['enterprise']);
    cement = await createParticipant(t, 'Compliance Cement', ['enterprise']);
    exchange = await createParticipant(t, 'Shanghai Environment Exchange', ['exchange']);
    const verifier = await createParticipant(t, 'Market Verifier', ['verifier']);

    // Steel's verified emissions for the period.
    const site = await call(t, steel.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
    await call(t, steel.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
    await call(t, steel.key, 'POST', '/v1/readings', {
      readings: Array.from({ length: 96 }, (_, i) => ({
        meter: 'E',
        start: new Date(Date.parse('2025-02-28T16:00:00Z') + i * 900_000).toISOString(),
        value: '50',
      })),
    });
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
    const inventory = await call(t, steel.key, 'POST', '/v1/inventories', PERIOD);
    await call(t, steel.key, 'POST', `/v1/inventories/${inventory.id}/notarize`);
    await call(t, steel.key, 'POST', `/v1/inventories/${inventory.id}/verifiers`, { verifierOrgId: verifier.orgId });
    await call(t, verifier.key, 'POST', `/v1/verifications/${inventory.id}/attestation`, {
      opinion: 'verified',
      assurance: 'reasonable',
      materialityBps: 500,
      statement: 'Verified.',
    });

    await call(t, authority.key, 'POST', '/v1/market/years', {
      year: YEAR,
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      surrenderDeadline: '2027-12-31',
    });
    await call(t, authority.key, 'POST', `/v1/market/years/${YEAR}/allocations`, {
      allocations: [
        { orgId: steel.orgId, quantity: '1' },
        { orgId: cement.orgId, quantity: '5' },
      ],
    });
    await call(t, cement.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    await call(t, exchange.key, 'POST', '/v1/market/trades', {
      venueRef: 'SEEE-2025-000123',
      buyerOrgId: steel.orgId,
      sellerOrgId: cement.orgId,
      asset: 'allowance',
      tokenId: String(YEAR),
      quantity: '4',
      pricePerUnit: '8650',
      currency: 'CNY',
      paymentRef: 'ICBC-20250410-7781',
      venue: 'SEEE',
    });
    [{ obligationT: obligation }] = await call(t, steel.key, 'GET', `/v1/market/years/${YEAR}/compliance`);
    await call(t, steel.key, 'POST', '/v1/market/surrenders', { year: YEAR, allowances: obligation });
    await index();
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('has a verified obligation of whole tonnes', function () {
    expect(Number(obligation)).to.be.greaterThan(0);
  });

  it('shows the enterprise compliant after surrendering its obligation', async function () {
    const [row] = await call(t, steel.key, 'GET', `/v1/market/years/${YEAR}/compliance`);
    expect(row).to.include({ verified: true, shortfallT: '0', allowancesSurrendered: obligation });
  });

  it('shows the authority every enterprise, the unverified one with its emissions unverified', async function () {
    const rows = await call<{ organisation: { name: string }; verified: boolean }[]>(
      t,
      authority.key,
      'GET',
      `/v1/market/years/${YEAR}/compliance`,
    );
    expect(rows.map((r) => [r.organisation.name, r.verified])).to.deep.equal([
      ['Compliance Cement', false],
      ['Compliance Steel', true],
    ]);
  });

  it('says what the authority allocated each covered enterprise', async function () {
    const rows = await call<{ organisation: { name: string }; covered: boolean; allocatedT: string }[]>(
      t,
      authority.key,
      'GET',
      `/v1/market/years/${YEAR}/compliance`,
    );
    expect(rows.map((r) => [r.organisation.name, r.covered, r.allocatedT])).to.deep.equal([
      ['Compliance Cement', true, '5'],
      ['Compliance Steel', true, '1'],
    ]);
  });

  it('leaves an enterprise the year does not cover out of the table, unless every enterprise is asked for', async function () {
    const uncovered = await createParticipant(t, 'Aaa Uncovered Textiles', ['enterprise']);
    const names = async (query: string) =>
      (
        await call<{ organisation: { id: string }; covered: boolean }[]>(
          t,
          authority.key,
          'GET',
          `/v1/market/years/${YEAR}/compliance${query}`,
        )
      )
        .filter((r) => r.organisation.id === uncovered.orgId)
        .map((r) => r.covered);
    expect([await names(''), await names('?scope=all')]).to.deep.equal([[], [false]]);
  });

  it('gives the authority the register of holdings, and no one else', async function () {
    const rows = await call<{ organisation: { name: string }; tokenId: string; quantity: string }[]>(
      t,
      authority.key,
      'GET',
      `/v1/market/holdings?asset=allowance&tokenId=${YEAR}`,
    );
    const refused = await t.app.inject({ method: 'GET', url: '/v1/market/holdings', headers: auth(steel.key) });
    expect([rows.map((r) => [r.organisation.name, r.quantity]), refused.json().code]).to.deep.equal([
      [
        ['Compliance Steel', String(1 + 4 - Number(obligation))],
        ['Compliance Cement', '1'],
      ].sort((a, b) => Number(b[1]) - Number(a[1]) || a[0].localeCompare(b[0])),
      'NT_ERR_AUTH_ROLE',
    ]);
  });

  interface Register {
    holdings: {
      organisation: { name: string };
      asset: string;
      tokenId: string;
      balance: string;
      compliance: { obligationT: string; allowancesSurrendered: string; shortfallT: string; status: string } | null;
    }[];
    events: {
      kind: string;
      quantity: string;
      from: { organisation: { name: string } | null } | null;
      to: { organisation: { name: string } | null } | null;
    }[];
  }
  const register = (query = '') => call<Register>(t, authority.key, 'GET', `/v1/market/register${query}`);
  const name = (side: { organisation: { name: string } | null } | null) => side?.organisation?.name ?? null;

  it("gives the authority the oversight register: every holder's balance of the year with its obligation and surrender", async function () {
    const { holdings } = await register();
    // Steel: 1 allocated + 4 bought − the obligation surrendered; Cement: 5 allocated − 4 sold.
    expect(holdings.map((h) => [h.organisation.name, h.asset, h.tokenId, h.balance, h.compliance])).to.deep.equal([
      [
        'Compliance Cement',
        'allowance',
        String(YEAR),
        '1',
        { obligationT: '0', allowancesSurrendered: '0', offsetsSurrendered: '0', shortfallT: '0', status: 'pending' },
      ],
      [
        'Compliance Steel',
        'allowance',
        String(YEAR),
        String(1 + 4 - Number(obligation)),
        {
          obligationT: obligation,
          allowancesSurrendered: obligation,
          offsetsSurrendered: '0',
          shortfallT: '0',
          status: 'compliant',
        },
      ],
    ]);
  });

  it('lists in the register the issuances, the sale and the surrender, newest first', async function () {
    const { events } = await register();
    expect(events.map((e) => [e.kind, e.quantity, name(e.from), name(e.to)])).to.deep.equal([
      ['surrender', obligation, 'Compliance Steel', null],
      ['transfer', '4', 'Compliance Cement', 'Compliance Steel'],
      ['issuance', '5', null, 'Compliance Cement'],
      ['issuance', '1', null, 'Compliance Steel'],
    ]);
  });

  it("filters the register's holdings and events by part of a holder name, in any case", async function () {
    const { holdings, events } = await register('?holder=ceMENT');
    expect([holdings.map((h) => h.organisation.name), events.map((e) => [e.kind, e.quantity])]).to.deep.equal([
      ['Compliance Cement'],
      [
        ['transfer', '4'],
        ['issuance', '5'],
      ],
    ]);
  });

  it('takes a register holder name with pattern characters literally', async function () {
    expect(await register('?holder=%25')).to.deep.equal({ holdings: [], events: [] });
  });

  it('refuses the register to an enterprise with the role error', async function () {
    const res = await t.app.inject({ method: 'GET', url: '/v1/market/register', headers: auth(steel.key) });
    expect([res.statusCode, res.json().code]).to.deep.equal([403, 'NT_ERR_AUTH_ROLE']);
  });

  it("reads its own write: a read with the write's block waits for the indexer", async function () {
    const sent = await call<{ blockNumber: number }>(t, cement.key, 'POST', '/v1/market/transfers', {
      asset: 'allowance',
      tokenId: String(YEAR),
      toOrgId: exchange.orgId,
      quantity: '1',
    });
    const read = t.app.inject({
      method: 'GET',
      url: `/v1/market/positions?minBlock=${sent.blockNumber}`,
      headers: auth(exchange.key),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await index();
    const res = await read;
    expect([res.json(), Number(res.headers['x-nengtan-indexed-block']) >= sent.blockNumber]).to.deep.equal([
      [{ asset: 'allowance', tokenId: String(YEAR), quantity: '1' }],
      true,
    ]);
    // Back to where the tests below expect the balances.
    await call(t, exchange.key, 'POST', '/v1/market/transfers', {
      asset: 'allowance',
      tokenId: String(YEAR),
      toOrgId: cement.orgId,
      quantity: '1',
    });
    await index();
  });

  it('settled the trade: the positions read from the indexed chain', async function () {
    const steelPositions = await call(t, steel.key, 'GET', '/v1/market/positions');
    const cementPositions = await call(t, cement.key, 'GET', '/v1/market/positions');
    expect([steelPositions, cementPositions]).to.deep.equal([
      [{ asset: 'allowance', tokenId: String(YEAR), quantity: String(1 + 4 - Number(obligation)) }],
      [{ asset: 'allowance', tokenId: String(YEAR), quantity: '1' }],
    ]);
  });

  it('lists the trade for its parties', async function () {
    const [trade] = await call(t, cement.key, 'GET', '/v1/market/trades');
    expect(trade).to.include({
      kind: 'exchange',
      asset: 'allowance',
      quantity: '4',
      pricePerUnit: '8650',
      currency: 'CNY',
    });
  });

  it('keeps the trade from an organisation that is not a party', async function () {
    const outsider = await createParticipant(t, 'Outsider Ltd', ['enterprise']);
    expect(await call(t, outsider.key, 'GET', '/v1/market/trades')).to.deep.equal([]);
  });

  it('reports statistics per year too', async function () {
    const rows = await call<{ period: string }[]>(
      t,
      steel.key,
      'GET',
      '/v1/market/statistics?asset=allowance&period=year',
    );
    expect(rows.map((r) => r.period)).to.deep.equal([String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear())]);
  });

  it('reports volume and volume-weighted price per vintage', async function () {
    const [row] = await call(t, steel.key, 'GET', '/v1/market/statistics?asset=allowance');
    expect(row).to.include({ tokenId: String(YEAR), volume: '4', vwapMinorUnits: '8650.00', trades: 1 });
  });

  it('prints the compliance table on the command line', async function () {
    const apiUrl = await listening();
    const run = await runCli({ NENGTAN_URL: apiUrl, NENGTAN_KEY: authority.key }, 'compliance', String(YEAR));
    expect([run.status, run.stdout.split('\n').find((l) => l.startsWith('Compliance Steel'))], run.stderr).to.satisfy(
      ([status, line]: [number, string | undefined]) => status === 0 && /\btrue\b.*\bcompliant\b/.test(line ?? ''),
    );
  });

  it("prints the authority's register of holdings on the command line", async function () {
    const apiUrl = await listening();
    const run = await runCli(
      { NENGTAN_URL: apiUrl, NENGTAN_KEY: authority.key },
      'holdings',
      'allowance',
      String(YEAR),
    );
    const lines = run.stdout.split('\n');
    expect(
      [run.status, lines.some((l) => /^Compliance Cement\b.*\ballowance\b.*\b1\s*$/.test(l))],
      run.stderr,
    ).to.deep.equal([0, true]);
  });

  describe('an over-the-counter deal', function () {
    let proposed: { id: string; signed: { buyer: boolean; seller: boolean } };
    let accepted: { status: string; tradeId: string };

    before(async function () {
      await call(t, steel.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
      proposed = await call(t, steel.key, 'POST', '/v1/market/otc-deals', {
        side: 'sell',
        counterpartyOrgId: cement.orgId,
        asset: 'allowance',
        tokenId: String(YEAR),
        quantity: '1',
        pricePerUnit: '9100',
        currency: 'CNY',
        paymentRef: 'BOC-OTC-20250415-01',
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
      });
    });

    after(async function () {
      await call(t, steel.key, 'PUT', '/v1/market/ledger-approvals/allowance', { approved: false });
    });

    it('is signed by the proposing seller only, until accepted', function () {
      expect(proposed.signed).to.deep.equal({ buyer: false, seller: true });
    });

    it('cannot be accepted by an organisation it was not offered to', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/market/otc-deals/${proposed.id}/accept`,
        headers: auth(exchange.key),
        payload: {},
      });
      expect(res.statusCode).to.equal(404);
    });

    it('is recorded on chain when the buyer accepts', async function () {
      accepted = await call(t, cement.key, 'POST', `/v1/market/otc-deals/${proposed.id}/accept`, {});
      expect(accepted.status).to.equal('recorded');
    });

    it('moved the allowance with the record', async function () {
      await index();
      const [trade] = await call(t, cement.key, 'GET', '/v1/market/trades');
      expect(trade).to.include({ tradeId: accepted.tradeId, kind: 'otc', quantity: '1', pricePerUnit: '9100' });
    });

    it('cannot be accepted twice', async function () {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/market/otc-deals/${proposed.id}/accept`,
        headers: auth(cement.key),
        payload: {},
      });
      expect(res.json()).to.include({ statusCode: 409 });
    });
  });

  describe('refusals', function () {
    it('an enterprise cannot open a year', async function () {
      const body = await refusal(steel.key, 'POST', '/v1/market/years', {
        year: 2030,
        periodStart: '2030-01-01',
        periodEnd: '2031-01-01',
        surrenderDeadline: '2031-12-31',
      });
      expect(body).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE', requiredKind: 'authority' });
    });

    it('an enterprise cannot record an exchange trade', async function () {
      const body = await refusal(steel.key, 'POST', '/v1/market/trades', {
        venueRef: 'x',
        buyerOrgId: cement.orgId,
        sellerOrgId: steel.orgId,
        asset: 'allowance',
        tokenId: String(YEAR),
        quantity: '1',
        pricePerUnit: '1',
        currency: 'CNY',
        paymentRef: 'p',
        venue: 'OTC',
      });
      expect(body).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE' });
    });

    it('the chain refuses a sale the seller did not approve, and nothing moves', async function () {
      const body = await refusal(exchange.key, 'POST', '/v1/market/trades', {
        venueRef: 'SEEE-2025-000124',
        buyerOrgId: cement.orgId,
        sellerOrgId: steel.orgId,
        asset: 'allowance',
        tokenId: String(YEAR),
        quantity: '1',
        pricePerUnit: '8700',
        currency: 'CNY',
        paymentRef: 'ICBC-20250411-0001',
        venue: 'SEEE',
      });
      expect(body).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_REVERTED' });
    });

    it('the chain refuses surrendering more than the obligation', async function () {
      const body = await refusal(steel.key, 'POST', '/v1/market/surrenders', { year: YEAR, allowances: '1' });
      expect(body).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_REVERTED' });
    });

    it('the chain refuses a surrender without verified emissions', async function () {
      const body = await refusal(cement.key, 'POST', '/v1/market/surrenders', { year: YEAR, allowances: '1' });
      expect(body.message).to.match(/^emissions for 2025 are not verified yet \(CarbonAllowanceEmissionsNotVerified\(/);
    });
  });

  describe('green certificates through the API', function () {
    let claim: { claimId: string; beneficiaryOrgId: string };
    let withoutClaim: { document: { results: Record<string, string> } };
    let withClaim: typeof withoutClaim;

    let issuer: Participant;
    let wind: Participant;

    before(async function () {
      issuer = await createParticipant(t, 'Green Certificate Issuing Centre', ['certificate_issuer']);
      wind = await createParticipant(t, 'Yancheng Offshore Wind', ['enterprise']);
      withoutClaim = await call(t, steel.key, 'POST', '/v1/inventories/preview', PERIOD);
      await call(t, issuer.key, 'POST', '/v1/certificates/devices', {
        reference: 'GEC-DEV-320900-0042',
        ownerOrgId: wind.orgId,
        technology: 'wind',
        region: 'CN-JS',
        capacityKw: 300_000,
      });
      const issued = await call(t, issuer.key, 'POST', '/v1/certificates/issuances', {
        deviceReference: 'GEC-DEV-320900-0042',
        generationStart: '2025-02-01',
        generationEnd: '2025-03-01',
        mwh: 100,
        evidence: 'generation meter readings 2025-02',
      });
      await call(t, wind.key, 'POST', '/v1/market/transfers', {
        asset: 'certificate',
        tokenId: issued.certificateId,
        toOrgId: steel.orgId,
        quantity: '3',
      });
      claim = await call(t, steel.key, 'POST', '/v1/certificates/claims', {
        certificateId: issued.certificateId,
        mwh: 2,
        consumptionStart: PERIOD.start,
        consumptionEnd: PERIOD.end,
        location: 'CN-JS',
      });
      await index();
      withClaim = await call(t, steel.key, 'POST', '/v1/inventories/preview', PERIOD);
    });

    it('records the claim for the claimant by default', function () {
      expect(claim).to.include({ claimId: '1', beneficiaryOrgId: steel.orgId });
    });

    it("lists the on-chain claim among the beneficiary's certificate claims", async function () {
      const claims = await call<Record<string, unknown>[]>(t, steel.key, 'GET', '/v1/certificate-claims');
      const fields = ['id', 'mwh', 'consumptionStart', 'consumptionEnd', 'region', 'technology'];
      const onChain = claims
        .filter((c) => c.source === 'chain')
        .map((c) => Object.fromEntries(fields.map((f) => [f, c[f]])));
      expect(onChain).to.deep.equal([
        {
          id: `chain:${claim.claimId}`,
          mwh: '2',
          consumptionStart: PERIOD.start,
          consumptionEnd: PERIOD.end,
          region: 'CN-JS',
          technology: 'wind',
        },
      ]);
    });

    it('leaves the unclaimed certificate in the position', async function () {
      const rows = await call<{ asset: string; quantity: string }[]>(t, steel.key, 'GET', '/v1/market/positions');
      expect(rows.find((r) => r.asset === 'certificate')?.quantity).to.equal('1');
    });

    it('lowers market-based Scope 2 of the claimed period', function () {
      expect(Number(withClaim.document.results.scope2MarketBased)).to.be.lessThan(
        Number(withoutClaim.document.results.scope2MarketBased),
      );
    });

    it('refuses a claim of more than the holder has', async function () {
      const body = await refusal(steel.key, 'POST', '/v1/certificates/claims', {
        certificateId: '1',
        mwh: 5,
        consumptionStart: PERIOD.start,
        consumptionEnd: PERIOD.end,
        location: 'CN-JS',
      });
      expect(body).to.include({ statusCode: 422, code: 'NT_ERR_CHAIN_REVERTED' });
    });

    it('lists the device from the indexed chain, with its owner', async function () {
      const devices = await call<{ owner: { name: string }; technology: string; region: string }[]>(
        t,
        steel.key,
        'GET',
        '/v1/certificates/devices',
      );
      expect(devices.map((d) => [d.owner.name, d.technology, d.region])).to.deep.equal([
        ['Yancheng Offshore Wind', 'wind', 'CN-JS'],
      ]);
    });

    it('lets the issuer revoke unclaimed certificates, with a reason', async function () {
      await call(t, issuer.key, 'POST', '/v1/certificates/revocations', {
        certificateId: '1',
        holderOrgId: steel.orgId,
        mwh: 1,
        reason: 'metering error found in the generation data',
      });
      await index();
      const rows = await call<{ asset: string }[]>(t, steel.key, 'GET', '/v1/market/positions');
      expect(rows.filter((r) => r.asset === 'certificate')).to.deep.equal([]);
    });

    it('refuses revocation by an organisation that is not the issuer', async function () {
      const body = await refusal(wind.key, 'POST', '/v1/certificates/revocations', {
        certificateId: '1',
        holderOrgId: wind.orgId,
        mwh: 1,
        reason: 'no',
      });
      expect(body).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE' });
    });

    it('refuses issuance by an organisation that is not a certificate issuer', async function () {
      const body = await refusal(steel.key, 'POST', '/v1/certificates/issuances', {
        deviceReference: 'GEC-DEV-320900-0042',
        generationStart: '2025-03-01',
        generationEnd: '2025-03-02',
        mwh: 1,
        evidence: 'x',
      });
      expect(body).to.include({ statusCode: 403, code: 'NT_ERR_AUTH_ROLE', requiredKind: 'certificate_issuer' });
    });
  });

  describe('a trading desk', function () {
    let desk: Participant;
    let bought: { blockNumber: number };

    before(async function () {
      desk = await createParticipant(t, 'Huadian Carbon Trading Desk', ['trader']);
      bought = await call(t, exchange.key, 'POST', '/v1/market/trades', {
        venueRef: 'SEEE-2025-000200',
        buyerOrgId: desk.orgId,
        sellerOrgId: cement.orgId,
        asset: 'allowance',
        tokenId: String(YEAR),
        quantity: '1',
        pricePerUnit: '8800',
        currency: 'CNY',
        paymentRef: 'CCB-20250420-0007',
        venue: 'SEEE',
      });
    });

    it('buys allowances on the exchange without any role of its own on chain', async function () {
      const index_ = index();
      const rows = await call(t, desk.key, 'GET', `/v1/market/positions?minBlock=${bought.blockNumber}`);
      await index_;
      expect(rows).to.deep.equal([{ asset: 'allowance', tokenId: String(YEAR), quantity: '1' }]);
    });

    it('sells them on to an enterprise from the command line', async function () {
      const run = await runCli(
        { NENGTAN_URL: await listening(), NENGTAN_KEY: desk.key },
        'transfer',
        'allowance',
        String(YEAR),
        steel.orgId,
        '1',
      );
      expect(run.status, run.stderr).to.equal(0);
      const sent = JSON.parse(run.stdout) as { blockNumber: number };
      await index();
      expect(await call(t, desk.key, 'GET', `/v1/market/positions?minBlock=${sent.blockNumber}`)).to.deep.equal([]);
    });

    it('has no compliance obligation and cannot surrender', async function () {
      const rows = await call<{ organisation: { id: string } }[]>(
        t,
        authority.key,
        'GET',
        `/v1/market/years/${YEAR}/compliance?scope=all`,
      );
      const body = await refusal(desk.key, 'POST', '/v1/market/surrenders', { year: YEAR, allowances: '1' });
      expect([rows.some((r) => r.organisation.id === desk.orgId), body.code]).to.deep.equal([
        false,
        'NT_ERR_AUTH_ROLE',
      ]);
    });
  });
});

import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createParticipant, type Participant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** An organisation cannot flood one counterparty with OTC proposals (issue 9, defect 8). */
describe('market: OTC proposals per counterparty', function () {
  this.timeout(120_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let steel: Participant;
  let cement: Participant;
  let power: Participant;
  let answers: LightMyRequestResponse[];

  const propose = (proposer: Participant, counterparty: Participant) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/market/otc-deals',
      headers: auth(proposer.key),
      payload: {
        side: 'sell',
        counterpartyOrgId: counterparty.orgId,
        asset: 'allowance',
        tokenId: '2025',
        quantity: '1',
        pricePerUnit: '9100',
        currency: 'CNY',
        paymentRef: `OTC-${randomBytes(4).toString('hex')}`,
        deadline: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, { OTC_PROPOSALS_PER_HOUR: '2' }, { keystoreSecret: randomBytes(32) });
    steel = await createParticipant(t, 'Steel', ['enterprise']);
    cement = await createParticipant(t, 'Cement', ['enterprise']);
    power = await createParticipant(t, 'Power', ['enterprise']);
    // Three at once: the limit holds for concurrent proposals too.
    answers = await Promise.all([propose(steel, cement), propose(steel, cement), propose(steel, cement)]);
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  it('takes proposals up to the limit and refuses the one past it with 429', function () {
    expect(answers.map((a) => a.statusCode).sort()).to.deep.equal([201, 201, 429]);
  });

  it('codes the refusal NT_ERR_OTC_PROPOSAL_LIMIT with the limit, when to retry and a hint', function () {
    const body = (answers.find((a) => a.statusCode === 429) as LightMyRequestResponse).json();
    expect([body.code, body.limit, body.retryAfterSeconds > 0]).to.deep.equal(['NT_ERR_OTC_PROPOSAL_LIMIT', 2, true]);
    expect(body.hint).to.contain('GET /v1/market/otc-deals');
  });

  it('stored only the proposals it took', async function () {
    const { rows } = await db.db.query<{ n: number }>(
      'select count(*)::integer as n from otc_deals where proposer_org_id = $1::uuid',
      [steel.orgId],
    );
    expect(rows[0].n).to.equal(2);
  });

  it('still lets the proposer offer deals to another counterparty', async function () {
    expect((await propose(steel, power)).statusCode).to.equal(201);
  });

  it('still lets the counterparty propose to the proposer', async function () {
    expect((await propose(cement, steel)).statusCode).to.equal(201);
  });
});

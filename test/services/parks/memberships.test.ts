import { expect } from 'chai';
import { createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { call, createOrg, type Org } from './parkFixture';

/** Joining a park by consent: invite, accept or decline, leave, remove, withdraw; each step recorded with who and when. */
describe('parks (园区): invitations and memberships', function () {
  let db: TestDb;
  let t: TestApp;
  let park: Org;
  let steel: Org;
  let cement: Org;
  let verifier: Org;

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    park = await createOrg(t, 'Binhai Industrial Park 滨海园区', ['park']);
    steel = await createOrg(t, 'Park Steel');
    cement = await createOrg(t, 'Park Cement');
    verifier = await createOrg(t, 'Park Verifier', ['verifier']);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('registers an organisation of kind park and lets the directory filter by it', async function () {
    const org = await call(t, park.key, 'GET', '/v1/organisation');
    expect(org.json().kinds).to.deep.equal(['park']);
    // The kind is in the directory's filter enum (an unknown kind is a 400).
    expect((await call(t, steel.key, 'GET', '/v1/directory?kind=park')).statusCode).to.equal(200);
    expect((await call(t, steel.key, 'GET', '/v1/directory?kind=campus')).statusCode).to.equal(400);
  });

  it('refuses an invitation from an organisation that is not a park, with the role it needs', async function () {
    const res = await call(t, steel.key, 'POST', '/v1/park/invitations', { enterpriseId: cement.orgId });
    expect(res.statusCode).to.equal(403);
    expect(res.json()).to.include({ code: 'NT_ERR_AUTH_ROLE', requiredKind: 'park' });
  });

  it('refuses to invite the park itself, a verifier or an unknown organisation', async function () {
    for (const enterpriseId of [park.orgId, verifier.orgId, '00000000-0000-4000-8000-000000000000']) {
      const res = await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId });
      expect(res.statusCode).to.equal(422);
      expect(res.json().code).to.equal('NT_ERR_PARK_INVITEE');
      expect(res.json().hint).to.contain('GET /v1/directory?kind=enterprise');
    }
  });

  it('invites an enterprise once, recording which key invited and when', async function () {
    const res = await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId: steel.orgId });
    expect(res.statusCode, res.body).to.equal(201);
    expect(res.json()).to.deep.include({
      status: 'invited',
      grantLevel: null,
      invitedBy: park.keyId,
      park: { id: park.orgId, name: 'Binhai Industrial Park 滨海园区' },
      member: { id: steel.orgId, name: 'Park Steel' },
    });
    expect(Date.parse(res.json().invitedAt)).to.be.closeTo(Date.now(), 60_000);
    const again = await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId: steel.orgId });
    expect(again.statusCode).to.equal(409);
    expect(again.json().code).to.equal('NT_ERR_PARK_INVITATION_OPEN');
  });

  it('shows an invitation only to the enterprise invited; no one else can answer it', async function () {
    const mine = (await call(t, steel.key, 'GET', '/v1/park-invitations')).json().invitations;
    expect(mine.map((i: { member: { id: string } }) => i.member.id)).to.deep.equal([steel.orgId]);
    expect((await call(t, cement.key, 'GET', '/v1/park-invitations')).json().invitations).to.deep.equal([]);
    for (const key of [cement.key, park.key]) {
      const res = await call(t, key, 'POST', `/v1/park-invitations/${mine[0].id}/accept`, {});
      expect(res.statusCode).to.equal(404);
      expect(res.json().hint).to.contain('GET /v1/park-invitations');
    }
  });

  it('refuses a grant level other than aggregate or meters', async function () {
    const [invitation] = (await call(t, steel.key, 'GET', '/v1/park-invitations')).json().invitations;
    const res = await call(t, steel.key, 'POST', `/v1/park-invitations/${invitation.id}/accept`, { grantLevel: 'all' });
    expect(res.statusCode).to.equal(400);
  });

  it('accepts with the aggregate grant by default, recording who and when, and only once', async function () {
    const [invitation] = (await call(t, steel.key, 'GET', '/v1/park-invitations')).json().invitations;
    const res = await call(t, steel.key, 'POST', `/v1/park-invitations/${invitation.id}/accept`);
    expect(res.statusCode, res.body).to.equal(200);
    expect(res.json()).to.include({ status: 'active', grantLevel: 'aggregate', respondedBy: steel.keyId });
    expect(res.json().respondedAt).to.be.a('string');
    const again = await call(t, steel.key, 'POST', `/v1/park-invitations/${invitation.id}/accept`);
    expect(again.statusCode).to.equal(409);
    expect(again.json()).to.include({ code: 'NT_ERR_PARK_INVITATION_STATE', state: 'active' });
  });

  it('lists the park its memberships; a member cannot list the park', async function () {
    const res = await call(t, park.key, 'GET', '/v1/park/members');
    expect(res.json().memberships.map((m: { status: string }) => m.status)).to.deep.equal(['active']);
    const refused = await call(t, steel.key, 'GET', '/v1/park/members');
    expect(refused.statusCode).to.equal(403);
  });

  it('lets an enterprise decline, and the park invite it again later', async function () {
    const invited = (await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId: cement.orgId })).json();
    const declined = await call(t, cement.key, 'POST', `/v1/park-invitations/${invited.id}/decline`);
    expect(declined.json()).to.include({ status: 'declined', respondedBy: cement.keyId, grantLevel: null });
    const leave = await call(t, cement.key, 'POST', `/v1/park-invitations/${invited.id}/leave`);
    expect(leave.statusCode).to.equal(409);
    const again = await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId: cement.orgId });
    expect(again.statusCode, again.body).to.equal(201);
  });

  it('lets the park withdraw an unanswered invitation, which can then not be accepted', async function () {
    const [open] = (await call(t, cement.key, 'GET', '/v1/park-invitations'))
      .json()
      .invitations.filter((i: { status: string }) => i.status === 'invited');
    const res = await call(t, park.key, 'POST', `/v1/park/invitations/${open.id}/withdraw`);
    expect(res.json()).to.include({ status: 'withdrawn', endedBy: park.keyId });
    expect((await call(t, cement.key, 'POST', `/v1/park-invitations/${open.id}/accept`)).statusCode).to.equal(409);
  });

  it('lets a member leave at any time, recording who and when', async function () {
    const [membership] = (await call(t, steel.key, 'GET', '/v1/park-invitations')).json().invitations;
    const res = await call(t, steel.key, 'POST', `/v1/park-invitations/${membership.id}/leave`);
    expect(res.json()).to.include({ status: 'left', endedBy: steel.keyId, grantLevel: 'aggregate' });
    expect(res.json().endedAt).to.be.a('string');
    expect((await call(t, steel.key, 'POST', `/v1/park-invitations/${membership.id}/leave`)).statusCode).to.equal(409);
  });

  it('lets the park remove a member, and only the park', async function () {
    const invited = (await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId: steel.orgId })).json();
    await call(t, steel.key, 'POST', `/v1/park-invitations/${invited.id}/accept`, { grantLevel: 'meters' });
    expect((await call(t, steel.key, 'POST', `/v1/park/invitations/${invited.id}/remove`)).statusCode).to.equal(403);
    const res = await call(t, park.key, 'POST', `/v1/park/invitations/${invited.id}/remove`);
    expect(res.json()).to.include({ status: 'removed', endedBy: park.keyId, grantLevel: 'meters' });
  });
});

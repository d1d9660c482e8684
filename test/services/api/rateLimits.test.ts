import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

describe('rate limits per organisation', function () {
  let db: TestDb;
  let t: TestApp;
  let alpha: { orgId: string; adminKey: string };
  let alphaReadKey: string;
  let beta: { orgId: string; adminKey: string };
  let refused: LightMyRequestResponse;

  const meters = (key: string) => t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(key) });

  before(async function () {
    db = await createTestDb();
    // 3 requests a minute: Alpha's key issue and two reads use them up (the platform key counts on its own).
    t = await createTestApp(db.db, undefined, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    alpha = await createOrgViaApi(t, 'Alpha Steel');
    beta = await createOrgViaApi(t, 'Beta Cement');
    const issued = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: auth(alpha.adminKey),
      payload: { name: 'reader', scopes: ['read'] },
    });
    alphaReadKey = issued.json().key;
    await meters(alpha.adminKey);
    await meters(alpha.adminKey);
    refused = await meters(alpha.adminKey);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('refuses the request past the limit with 429', function () {
    expect(refused.statusCode).to.equal(429);
  });

  it('codes the refusal NT_ERR_RATE_LIMITED with a hint and the limit', function () {
    const body = refused.json();
    expect([body.code, body.limit, body.windowSeconds, typeof body.hint]).to.deep.equal([
      'NT_ERR_RATE_LIMITED',
      3,
      60,
      'string',
    ]);
  });

  it('says when to come back in Retry-After', function () {
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).to.be.within(1, 60);
  });

  it('counts every key of the organisation together (another key is refused too)', async function () {
    expect((await meters(alphaReadKey)).statusCode).to.equal(429);
  });

  it('keeps counting other organisations apart', async function () {
    expect((await meters(beta.adminKey)).statusCode).to.equal(200);
  });

  it('never limits /health', async function () {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.app.inject({ method: 'GET', url: '/health' })),
    );
    expect(answers.map((a) => a.statusCode)).to.deep.equal(Array.from({ length: 10 }, () => 200));
  });
});

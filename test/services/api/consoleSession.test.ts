import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** The cookies a response set, by name, with their attribute text. */
function setCookies(res: LightMyRequestResponse): Record<string, string> {
  const header = res.headers['set-cookie'];
  const list = Array.isArray(header) ? header : header ? [header] : [];
  return Object.fromEntries(list.map((c) => [c.slice(0, c.indexOf('=')), c]));
}

function cookieValue(setCookie: string): string {
  return decodeURIComponent(setCookie.slice(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
}

describe('console sessions', function () {
  let db: TestDb;
  let t: TestApp;
  let org: { orgId: string; adminKey: string };

  async function signIn(apiKey: string, headers: Record<string, string> = {}) {
    const res = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { apiKey }, headers });
    const cookies = setCookies(res);
    return {
      res,
      cookies,
      cookie: cookies.nt_session ? `nt_session=${encodeURIComponent(cookieValue(cookies.nt_session))}` : '',
      csrf: res.json().csrfToken as string,
    };
  }

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    org = await createOrgViaApi(t, 'Gamma Glass');
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('signs in with an API key: HttpOnly SameSite=Strict session cookie, no Secure on plain HTTP', async function () {
    const { res, cookies } = await signIn(org.adminKey);
    expect(res.statusCode).to.equal(201);
    expect(cookies.nt_session)
      .to.match(/; HttpOnly/)
      .and.match(/SameSite=Strict/)
      .and.match(/Path=\//);
    expect(cookies.nt_session).not.to.include('Secure');
    expect(cookies.nt_csrf)
      .to.match(/SameSite=Strict/)
      .and.not.match(/HttpOnly/);
    expect(res.json().organisation).to.include({ id: org.orgId, name: 'Gamma Glass' });
  });

  it('does not take an untrusted x-forwarded-proto for HTTPS (no Secure flag without a trusted proxy)', async function () {
    const { cookies } = await signIn(org.adminKey, { 'x-forwarded-proto': 'https' });
    // Fastify trusts x-forwarded-proto only behind a trusted proxy; without one the request is plain HTTP.
    expect(cookies.nt_session).not.to.include('Secure');
  });

  it('never echoes the API key or stores the session id in clear', async function () {
    const { res, cookies } = await signIn(org.adminKey);
    expect(res.body).not.to.include(org.adminKey.split('_')[2]);
    const id = cookieValue(cookies.nt_session);
    const { rows } = await db.db.query<{ n: number }>(
      "select count(*)::int as n from console_sessions where encode(id_hash, 'escape') like '%' || $1 || '%'",
      [id],
    );
    expect(rows[0].n).to.equal(0);
  });

  it('refuses an unknown key with a coded error', async function () {
    const { res } = await signIn('nt_000000000000_' + '0'.repeat(64));
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.include({ code: 'NT_ERR_AUTH_INVALID' });
  });

  it('reads with the session cookie exactly as with the key', async function () {
    const { cookie } = await signIn(org.adminKey);
    const viaSession = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: { cookie } });
    const viaKey = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: auth(org.adminKey) });
    expect(viaSession.statusCode).to.equal(200);
    expect(viaSession.json()).to.deep.equal(viaKey.json());
  });

  it('answers who is signed in', async function () {
    const { cookie } = await signIn(org.adminKey);
    const res = await t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } });
    expect(res.statusCode).to.equal(200);
    expect(res.json().scopes).to.deep.equal(['admin']);
  });

  it('refuses a write with the session cookie but without the CSRF token', async function () {
    const { cookie } = await signIn(org.adminKey);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { cookie },
      payload: { name: 'Kiln hall' },
    });
    expect(res.statusCode).to.equal(403);
    expect(res.json()).to.include({ code: 'NT_ERR_SESSION_CSRF' });
  });

  it('refuses a write whose CSRF token belongs to another session', async function () {
    const first = await signIn(org.adminKey);
    const second = await signIn(org.adminKey);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { cookie: first.cookie, 'x-csrf-token': second.csrf },
      payload: { name: 'Kiln hall' },
    });
    expect(res.json()).to.include({ code: 'NT_ERR_SESSION_CSRF' });
  });

  it('accepts a write with the session cookie and its CSRF token', async function () {
    const { cookie, csrf } = await signIn(org.adminKey);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'Furnace hall' },
    });
    expect(res.statusCode).to.equal(201);
  });

  it('keeps the scopes of the key: a read key session cannot write', async function () {
    const issued = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: auth(org.adminKey),
      payload: { name: 'reader', scopes: ['read'] },
    });
    const { cookie, csrf } = await signIn(issued.json().key);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'Reader hall' },
    });
    expect(res.json()).to.include({ code: 'NT_ERR_AUTH_SCOPE' });
  });

  it('refuses an expired session with a coded error', async function () {
    const { cookie } = await signIn(org.adminKey);
    await db.db.query("update console_sessions set expires_at = now() - interval '1 second'");
    const res = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: { cookie } });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.include({ code: 'NT_ERR_SESSION_INVALID' });
  });

  it('sets the expiry from SESSION_TTL_SECONDS', async function () {
    const short = await createTestApp(db.db, undefined, { SESSION_TTL_SECONDS: '60' });
    const res = await short.app.inject({ method: 'POST', url: '/v1/session', payload: { apiKey: org.adminKey } });
    const left = Date.parse(res.json().expiresAt) - Date.now();
    expect(left).to.be.within(30_000, 61_000);
    expect(setCookies(res).nt_session).to.include('Max-Age=60');
    await short.app.close();
  });

  it('signs out: the session is revoked and the cookies cleared', async function () {
    const { cookie, csrf } = await signIn(org.adminKey);
    const out = await t.app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).to.equal(204);
    expect(setCookies(out).nt_session).to.include('Max-Age=0');
    const after = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: { cookie } });
    expect(after.json()).to.include({ code: 'NT_ERR_SESSION_INVALID' });
  });

  it('ends the sessions of a revoked API key', async function () {
    const issued = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: auth(org.adminKey),
      payload: { name: 'to revoke', scopes: ['read'] },
    });
    const { cookie } = await signIn(issued.json().key);
    await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${issued.json().id}`, headers: auth(org.adminKey) });
    const res = await t.app.inject({ method: 'GET', url: '/v1/meters', headers: { cookie } });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.include({ code: 'NT_ERR_SESSION_INVALID' });
  });
});

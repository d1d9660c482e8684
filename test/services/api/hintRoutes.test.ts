import { expect } from 'chai';
import { ERRORS } from '../../../services/lib/errors';
import { createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Every route an error hint names exists (issue 9, defect 8): the hints of the registry are walked, each `METHOD /path`
 * or bare `/v1/...` mention is taken out and matched against the routes the app registered (`app.routeTable`).
 */
const MENTION = /(?:\b(GET|POST|PUT|PATCH|DELETE) )?(?<=^|[\s(])(\/(?:v1|health|docs)(?:\/[A-Za-z0-9_{}:.-]+)*)/g;

function mentions(text: string): { method: string | null; path: string }[] {
  return [...text.matchAll(MENTION)].map((m) => ({ method: m[1] ?? null, path: m[2].replace(/[.:]+$/, '') }));
}

function pattern(url: string): RegExp {
  const segments = url
    .split('/')
    .map((s) => (s.startsWith(':') ? '(?:\\{[A-Za-z]+\\}|[^/]+)' : s.replace(/\./g, '\\.')));
  return new RegExp(`^${segments.join('/')}/?$`);
}

describe('error hints name routes that exist', function () {
  let db: TestDb;
  let t: TestApp;

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('finds the mentions it checks (the extraction itself)', function () {
    expect(mentions('Freeze it (POST /v1/factor-sets/{id}/freeze), then GET /health.')).to.deep.equal([
      { method: 'POST', path: '/v1/factor-sets/{id}/freeze' },
      { method: 'GET', path: '/health' },
    ]);
    const routes = t.app.routeTable;
    expect(routes.some((r) => r.method === 'POST' && pattern(r.url).test('/v1/factor-sets/{id}/freeze'))).to.equal(
      true,
    );
    expect(routes.some((r) => pattern(r.url).test('/v1/no-such-route'))).to.equal(false);
  });

  it('matches every route mentioned in every hint and message of the registry', function () {
    const routes = t.app.routeTable;
    const missing: string[] = [];
    let checked = 0;
    for (const [code, entry] of Object.entries(ERRORS)) {
      for (const { method, path } of mentions(`${entry.hint} ${entry.message}`)) {
        if (path === '/docs') continue; // served by @fastify/swagger-ui under its own prefix
        checked += 1;
        const found = routes.some((r) => (method === null || r.method === method) && pattern(r.url).test(path));
        if (!found) missing.push(`${code}: ${method ?? '(any)'} ${path}`);
      }
    }
    expect(checked).to.be.greaterThan(20);
    expect(missing).to.deep.equal([]);
  });
});

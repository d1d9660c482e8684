import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import Fastify from 'fastify';
import { consoleSourceHash, consoleIsFresh } from '../../../scripts/console/buildConsole';
import { consoleStatic } from '../../../services/api/consoleStatic';
import { errorHandler } from '../../../services/api/errorHandler';
import { ensureConsoleBundle } from '../../helpers/consoleBundle';
import { createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

describe('console serving', function () {
  let db: TestDb;
  let t: TestApp;

  before(async function () {
    await ensureConsoleBundle();
    db = await createTestDb();
    t = await createTestApp(db.db);
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('serves the console page at / with a self-only content security policy', async function () {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.body).to.include('<div id="app">');
    expect(res.headers['content-security-policy']).to.include("default-src 'self'");
    expect(res.headers['cache-control']).to.equal('no-cache');
  });

  it('serves the hashed assets the page names, cached as immutable', async function () {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).to.be.a('string');
    const res = await t.app.inject({ method: 'GET', url: script as string });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['cache-control']).to.include('immutable');
  });

  it('loads nothing from another origin', async function () {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.body).not.to.match(/(src|href)="(https?:)?\/\//);
  });

  it('keeps the coded 404 for unknown API paths', async function () {
    const res = await t.app.inject({ method: 'GET', url: '/v1/no-such-thing' });
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.include({ code: 'NT_ERR_NOT_FOUND' });
  });

  it('does not serve the build stamp', async function () {
    const res = await t.app.inject({ method: 'GET', url: '/.source-hash' });
    expect(res.statusCode).to.equal(404);
  });

  it('keeps the API docs at /docs', async function () {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).to.equal(200);
  });

  it('records the source hash of the bundle it built', function () {
    expect(consoleIsFresh()).to.equal(true);
    expect(consoleSourceHash()).to.match(/^[0-9a-f]{64}$/);
  });

  it('answers a coded error with a hint when no bundle was built', async function () {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    await consoleStatic(app, path.join(mkdtempSync(path.join(tmpdir(), 'nt-console-')), 'missing'));
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).to.equal(503);
    expect(res.json()).to.include({ code: 'NT_ERR_CONSOLE_NOT_BUILT' });
    expect(res.json().hint).to.include('npm run build:console');
    await app.close();
  });
});

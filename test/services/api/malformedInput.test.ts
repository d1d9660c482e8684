import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Writable } from 'node:stream';
import { buildApp } from '../../../services/api/buildApp';
import { loadConfig } from '../../../services/runtime/config';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { createParticipant, type Participant } from '../../helpers/participants';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** The three causes of 500s the write-route fuzzing found, each answered as the client's mistake with a code. */
describe('malformed input that used to end in a 500', function () {
  this.timeout(120_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let authority: Participant;

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(db.db, chain, {}, { keystoreSecret: randomBytes(32) });
    authority = await createParticipant(t, 'Refusing Authority', ['authority', 'certificate_issuer', 'enterprise']);
  });
  after(async function () {
    await t.app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  const send = (method: 'POST' | 'PUT', url: string, payload: string): Promise<LightMyRequestResponse> =>
    t.app.inject({ method, url, headers: { ...auth(authority.key), 'content-type': 'application/json' }, payload });

  function expectRefusedWith(res: LightMyRequestResponse, code: string): void {
    expect(res.statusCode, res.body).to.equal(400);
    expect(res.json(), res.body).to.include({ code });
  }

  describe('month 13', function () {
    it('refuses 2026-13-01 as a day', async function () {
      const res = await send(
        'POST',
        '/v1/production-volumes',
        JSON.stringify({
          product: 'steel',
          periodStart: '2026-13-01',
          periodEnd: '2027-01-01',
          quantity: '1',
          unit: 't',
        }),
      );
      expectRefusedWith(res, 'NT_ERR_REQUEST_INVALID');
    });

    it('refuses 2026-13-01 wrapped in an array (coerced to a string)', async function () {
      const res = await send(
        'POST',
        '/v1/production-volumes',
        JSON.stringify({
          product: 'steel',
          periodStart: ['2026-13-01'],
          periodEnd: '2027-01-01',
          quantity: '1',
          unit: 't',
        }),
      );
      expectRefusedWith(res, 'NT_ERR_REQUEST_INVALID');
    });

    it('refuses 30 February', async function () {
      const res = await send(
        'POST',
        '/v1/market/years',
        JSON.stringify({
          year: 2026,
          periodStart: '2026-01-01',
          periodEnd: '2026-02-30',
          surrenderDeadline: '2027-06-30',
        }),
      );
      expectRefusedWith(res, 'NT_ERR_REQUEST_INVALID');
    });
  });

  describe('numbers beyond a double', function () {
    it('refuses "-1e400" as a year', async function () {
      const res = await send(
        'POST',
        '/v1/market/years',
        '{"year":"-1e400","periodStart":"2026-01-01","periodEnd":"2027-01-01","surrenderDeadline":"2027-06-30"}',
      );
      expectRefusedWith(res, 'NT_ERR_REQUEST_INVALID');
    });

    it('refuses -Infinity as a year in the path', async function () {
      const res = await send('POST', '/v1/market/years/-Infinity/allocations', '{"allocations":[]}');
      expectRefusedWith(res, 'NT_ERR_REQUEST_INVALID');
    });

    it('refuses 1e400 as a capacity', async function () {
      const res = await send(
        'POST',
        '/v1/certificates/devices',
        `{"reference":"D-1","ownerOrgId":"${authority.orgId}","technology":"wind","region":"East","capacityKw":1e400}`,
      );
      expectRefusedWith(res, 'NT_ERR_REQUEST_INVALID');
    });
  });

  describe('lone surrogates', function () {
    it('refuses a device reference holding \\ud800 before it reaches the chain', async function () {
      const res = await send(
        'POST',
        '/v1/certificates/devices',
        `{"reference":"D-\\ud800","ownerOrgId":"${authority.orgId}","technology":"wind","region":"East","capacityKw":1000}`,
      );
      expectRefusedWith(res, 'NT_ERR_REQUEST_TEXT_INVALID');
    });

    it('refuses an offset issuance reference holding \\udc00', async function () {
      const res = await send(
        'POST',
        '/v1/market/offsets',
        `{"program":"CCER","vintage":2026,"orgId":"${authority.orgId}","quantity":"5","issuanceRef":"x\\udc00"}`,
      );
      expectRefusedWith(res, 'NT_ERR_REQUEST_TEXT_INVALID');
    });

    it('refuses a site name holding \\ud800 before it reaches the database', async function () {
      const res = await send('POST', '/v1/sites', '{"name":"Mill \\ud800"}');
      expectRefusedWith(res, 'NT_ERR_REQUEST_TEXT_INVALID');
    });

    it('accepts a well-formed surrogate pair', async function () {
      const res = await send('POST', '/v1/sites', '{"name":"Mill \\ud83d\\ude00"}');
      expect(res.statusCode, res.body).to.equal(201);
      expect(res.json().name).to.equal('Mill 😀');
    });
  });

  it('answers a URL that is not valid percent-encoded UTF-8 with a code and a hint', async function () {
    const res = await send('PUT', '/v1/market/ledger-approvals/%ED%A0%80', '{}');
    expectRefusedWith(res, 'NT_ERR_REQUEST_INVALID');
    expect(res.json().hint).to.be.a('string').that.is.not.empty;
  });
});

describe('unexpected errors', function () {
  let db: TestDb;
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];

  before(async function () {
    db = await createTestDb();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await buildApp({ config: loadConfig({ NENGTAN_DATA_DIR: ':memory:' }), db: db.db }, { logger: { stream } });
    // A route that fails the way a bug does: no NengtanError, no status.
    app.get('/test/unexpected', async () => {
      throw new TypeError('Cannot read properties of undefined (reading "x")');
    });
  });
  after(async function () {
    await app.close();
    await db.drop();
  });

  it('logs every 5xx with its request id and stack', async function () {
    const res = await app.inject({ method: 'GET', url: '/test/unexpected' });
    expect(res.statusCode).to.equal(500);
    const requestId = res.headers['x-request-id'];
    const logged = lines.filter((l) => l.level === 50 && l.reqId === requestId);
    expect(logged, JSON.stringify(lines)).to.have.length(1);
    const err = logged[0].err as { stack: string; type: string };
    expect(err.type).to.equal('TypeError');
    expect(err.stack).to.match(/malformedInput\.test\.ts/);
  });
});

import { expect } from 'chai';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../services/api/buildApp';
import { kuboDocumentStore } from '../../../services/documents/kuboDocumentStore';
import { loadConfig } from '../../../services/runtime/config';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Secrets planted in every URL setting (user, password, query token) must appear in no answer and no log line:
 * /health, a failing Kubo connection's error, and the logged errors of failing connections.
 */
describe('secrets in configured URLs', function () {
  this.timeout(120_000);
  const SECRETS = ['rpc-user-s3cret', 'rpc-pass-s3cret', 'rpc-apikey-s3cret', 'ipfs-pass-s3cret', 'ipfs-token-s3cret'];
  let db: TestDb;
  let chain: TestChain;
  let app: FastifyInstance;
  let logs = '';

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    const port = new URL(chain.rpcUrl).port;
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString('utf8');
        done();
      },
    });
    app = await buildApp(
      {
        config: loadConfig({ NENGTAN_DATA_DIR: ':memory:' }),
        db: db.db,
        // The real chain, named by a URL that carries credentials and an API key.
        chain: {
          ...chain,
          rpcUrl: `http://rpc-user-s3cret:rpc-pass-s3cret@127.0.0.1:${port}/?apikey=rpc-apikey-s3cret`,
        },
      },
      { logger: { level: 'info', stream } },
    );
  });
  after(async function () {
    await app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  function expectNoSecret(text: string): void {
    for (const secret of SECRETS) expect(text, `leaks ${secret}`).not.to.include(secret);
  }

  it('answers /health with the RPC URL redacted', async function () {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.json().chain.rpcUrl).to.match(/^http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/\?apikey=\*\*\*$/);
    expectNoSecret(res.body);
  });

  it('answers a failing Kubo connection without its credentials', async function () {
    const store = await kuboDocumentStore({
      url: 'http://ipfs-user:ipfs-pass-s3cret@127.0.0.1:9/api/v0?token=ipfs-token-s3cret',
      timeoutMs: 2_000,
    });
    const error = (await store
      .cat('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
      .catch((e: unknown) => e)) as {
      toJSON(): unknown;
    };
    const answer = JSON.stringify(error.toJSON());
    expect(answer).to.include('NT_ERR_DOCUMENT_STORE_UNAVAILABLE');
    expectNoSecret(answer);
  });

  it('logs errors that echo a URL without its secrets', async function () {
    app.log.error(
      {
        err: new Error(
          'connect ECONNREFUSED http://rpc-user-s3cret:rpc-pass-s3cret@127.0.0.1:9/?apikey=rpc-apikey-s3cret',
        ),
      },
      'chain unreachable',
    );
    expect(logs).to.include('chain unreachable');
    expect(logs).to.include('http://***:***@127.0.0.1:9/?apikey=***');
    expectNoSecret(logs);
  });
});

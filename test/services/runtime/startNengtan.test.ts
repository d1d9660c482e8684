import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../services/runtime/config';
import { startNengtan, type Nengtan } from '../../../services/runtime/startNengtan';
import { receiptIsValid, verifyReceipt } from '../../../services/receipts/verifyReceipt';
import type { Receipt } from '../../../services/receipts/receipt';

/** The embedded default end to end: PGlite in a data directory, the in-process chain, the API on a free port. */
describe('startNengtan with embedded defaults', function () {
  this.timeout(120_000);
  let dataDir: string;
  let nengtan: Nengtan | undefined;
  const T0 = Date.parse('2026-11-02T00:00:00Z');

  const env = () => ({
    NENGTAN_DATA_DIR: dataDir,
    PORT: '0',
    CHAIN_PORT: '0',
    BATCH_WINDOW_SECONDS: '0',
    WORKER_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of the API under test
  const call = async (method: string, route: string, key: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${nengtan!.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  before(function () {
    dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-start-'));
  });
  after(async function () {
    await nengtan?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, anchors, and after a restart still serves the same data on the same chain', async function () {
    nengtan = await startNengtan(loadConfig(env()));
    const platformKey = readFileSync(path.join(dataDir, 'platform-key'), 'utf8').trim();
    const { organisation, adminKey } = await call('POST', '/v1/organisations', platformKey, { name: 'Embedded Co' });
    const site = await call('POST', '/v1/sites', adminKey.key, { name: 'Site' });
    const meter = await call('POST', '/v1/meters', adminKey.key, {
      siteId: site.id,
      externalId: 'E-1',
      energyKind: 'electricity',
    });
    await call('POST', '/v1/readings', adminKey.key, {
      readings: Array.from({ length: 8 }, (_, i) => ({
        meter: 'E-1',
        start: new Date(T0 + i * 900_000).toISOString(),
        value: `${i}.5`,
      })),
    });
    let receipt: Receipt | undefined;
    for (let i = 0; ; i++) {
      const res = await fetch(`${nengtan.url}/v1/receipts?meter=${meter.id}&start=${new Date(T0).toISOString()}`, {
        headers: { authorization: `Bearer ${adminKey.key}` },
      });
      if (res.status === 200) {
        receipt = (await res.json()) as Receipt;
        break;
      }
      if (i > 200) throw new Error(`no receipt: ${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(receiptIsValid(await verifyReceipt(receipt, nengtan.chain.rpcUrl))).to.equal(true);
    const contracts = nengtan.chain.deployment;
    await nengtan.stop();

    nengtan = await startNengtan(loadConfig(env()));
    expect(nengtan.chain.deployment.anchorRegistry).to.equal(contracts.anchorRegistry);
    expect(nengtan.chain.embedded?.replayed).to.be.greaterThan(0);
    const batches = await call('GET', '/v1/batches', adminKey.key);
    expect(batches.map((b: { status: string; leafCount: number }) => [b.status, b.leafCount])).to.deep.equal([
      ['anchored', 8],
    ]);
    // The receipt handed out before the restart verifies against the replayed chain.
    const checks = await verifyReceipt(receipt as Receipt, nengtan.chain.rpcUrl);
    expect(checks.filter((c) => !c.ok)).to.deep.equal([]);
    const verification = await call('POST', '/v1/verify', adminKey.key);
    expect(verification).to.deep.include({ ok: true, orgId: organisation.id, readingsChecked: 8 });
  });

  it('refuses a second instance on the same data directory', async function () {
    const error = await startNengtan(loadConfig(env())).catch((e: Error) => e);
    expect(String(error)).to.match(/is in use by process/);
  });
});

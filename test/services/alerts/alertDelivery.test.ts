import { expect } from 'chai';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { startAlertPublisher, alertTopic } from '../../../services/alerts/alertPublisher';
import { backoffMs } from '../../../services/alerts/deliverWebhooks';
import { isPrivateAddress } from '../../../services/alerts/webhookTarget';
import type { AlertWorker } from '../../../services/alerts/alertWorker';
import type { Alert } from '../../../services/alerts/alertStore';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { api, day, ingest, manualWorker, siteWithMeters } from './helpers';

const MQTT_URL = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

/** A real HTTP receiver that answers with the next status of `statuses` (then 200) and keeps what it got. */
function receiver(statuses: number[]) {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  return {
    got,
    server,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function verifies(secret: string, body: string, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(String(header));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('alert delivery: signed webhooks with retries, MQTT, the silent-meter sweep', function () {
  let db: TestDb;
  let t: TestApp;
  let strict: TestApp;
  let worker: AlertWorker;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let meters: Record<string, string>;
  let http: ReturnType<typeof api>;
  const rx = receiver([500]);
  let hookUrl: string;
  let hook: { id: string; secret: string };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db, undefined, { WEBHOOK_ALLOW_PRIVATE: '1' });
    strict = await createTestApp(db.db);
    http = api(t);
    worker = manualWorker(db.db, { allowPrivate: true, baseDelayMs: 100 });
    a = await createOrgViaApi(t, 'Hooked works');
    b = await createOrgViaApi(t, 'Other works');
    meters = await siteWithMeters(t, a.adminKey, 'Line', ['Z']);
    hookUrl = await rx.listen();
  });
  after(async function () {
    await worker.stop();
    await rx.close();
    await t.app.close();
    await strict.app.close();
    await db.drop();
  });

  it('refuses loopback, private and credentialed targets unless the server allows private hosts', async function () {
    for (const url of [
      hookUrl,
      'http://localhost:9/x',
      'http://10.1.2.3/x',
      'http://[::1]:8/x',
      'https://u:p@example.com/x',
      'ftp://example.com/',
    ]) {
      const res = await api(strict).post(a.adminKey, '/v1/webhooks', { url });
      expect(res.statusCode, url).to.equal(422);
      expect(res.json()).to.include({ code: 'NT_ERR_WEBHOOK_TARGET', field: 'url' });
    }
    expect(isPrivateAddress('::ffff:127.0.0.1')).to.equal(true);
    expect(isPrivateAddress('169.254.169.254')).to.equal(true);
    expect(isPrivateAddress('8.8.8.8')).to.equal(false);
  });

  it('registers a webhook and its test delivery arrives signed with the secret', async function () {
    const res = await http.post(a.adminKey, '/v1/webhooks', { url: hookUrl, description: 'ops' });
    expect(res.statusCode, res.body).to.equal(201);
    hook = res.json();
    expect(hook.secret).to.match(/^[0-9a-f]{64}$/);
    const list = (await http.get(a.adminKey, '/v1/webhooks')).json();
    expect(list).to.have.length(1);
    expect(list[0]).to.not.have.property('secret');
    rx.got.length = 0;
    const sent = await http.post(a.adminKey, `/v1/webhooks/${hook.id}/test`);
    // The receiver's first answer is a 500: the test endpoint reports it and does not retry.
    expect(sent.json()).to.deep.equal({ ok: false, status: 500, error: 'HTTP 500' });
    const again = await http.post(a.adminKey, `/v1/webhooks/${hook.id}/test`);
    expect(again.json()).to.deep.include({ ok: true, status: 200 });
    expect(rx.got).to.have.length(2);
    expect(verifies(hook.secret, rx.got[1].body, rx.got[1].headers['x-nengtan-signature'])).to.equal(true);
    expect(verifies('wrong', rx.got[1].body, rx.got[1].headers['x-nengtan-signature'])).to.equal(false);
    expect(JSON.parse(rx.got[1].body)).to.include({ event: 'webhook.test', orgId: a.orgId });
  });

  it('an opened alert goes to the webhook (retried after a 500 with backoff in the database) and to MQTT', async function () {
    const subscriber = await mqtt.connectAsync(MQTT_URL, { clientId: `nt-alerts-test-${process.pid}` });
    const messages: { topic: string; body: { event: string; orgId: string; alert: Alert } }[] = [];
    subscriber.on('message', (topic, payload) => messages.push({ topic, body: JSON.parse(payload.toString()) }));
    await subscriber.subscribeAsync(alertTopic(a.orgId), { qos: 1 });
    const publisher = startAlertPublisher(MQTT_URL, `nt-alerts-pub-${process.pid}`);
    try {
      rx.got.length = 0;
      rx.server.removeAllListeners('request');
      const statuses = [500];
      rx.server.on('request', (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          rx.got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.statusCode = statuses.shift() ?? 204;
          res.end();
        });
      });
      const rule = await http.post(a.adminKey, '/v1/alert-rules', {
        name: 'zeros',
        kind: 'zero_run',
        scope: 'organisation',
        params: { minIntervals: 4 },
      });
      expect(rule.statusCode, rule.body).to.equal(201);
      await ingest(
        t,
        a.adminKey,
        day('Z', '2025-05-05', (i) => (i < 6 ? '0' : '1')),
      );
      await worker.tick();
      const [alert] = (await http.get(a.adminKey, '/v1/alerts')).json();
      expect(alert).to.include({ kind: 'zero_run', observed: '6', state: 'open' });
      expect(rx.got).to.have.length(1);
      const first = (await http.get(a.adminKey, `/v1/webhooks/${hook.id}/deliveries`)).json()[0];
      expect(first).to.include({ status: 'pending', attempts: 1, lastStatus: 500, event: 'alert.opened' });
      expect(Date.parse(first.nextAttemptAt)).to.be.greaterThan(Date.now() - 1_000);
      const delivered = await until('the retry', async () => {
        await worker.tick();
        const d = (await http.get(a.adminKey, `/v1/webhooks/${hook.id}/deliveries`)).json()[0];
        return d.status === 'delivered' ? d : undefined;
      });
      expect(delivered).to.include({ attempts: 2, lastStatus: 204 });
      expect(rx.got).to.have.length(2);
      expect(rx.got[1].body).to.equal(rx.got[0].body);
      expect(verifies(hook.secret, rx.got[1].body, rx.got[1].headers['x-nengtan-signature'])).to.equal(true);
      expect(JSON.parse(rx.got[1].body).alert).to.include({ id: alert.id, kind: 'zero_run', observed: '6' });

      await until('the MQTT connection', async () => ((await publisher.publishPending(db.db)) > 0 ? true : undefined));
      const message = await until('the MQTT message', async () => messages[0]);
      expect(message.topic).to.equal(`nengtan/${a.orgId}/alerts`);
      expect(message.body).to.deep.include({ event: 'alert.opened', orgId: a.orgId });
      expect(message.body.alert.id).to.equal(alert.id);
    } finally {
      await publisher.stop();
      await subscriber.endAsync();
    }
  });

  it('a receiver that is down leaves the delivery pending with the error, then failed after the last attempt', async function () {
    const down = receiver([]);
    const url = await down.listen();
    await down.close();
    const created = (await http.post(a.adminKey, '/v1/webhooks', { url })).json();
    await db.db.query(
      `insert into webhook_deliveries (webhook_id, org_id, event, body) values ($1::uuid, $2::uuid, 'alert.opened', '{}')`,
      [created.id, a.orgId],
    );
    await worker.tick();
    const [d] = (await http.get(a.adminKey, `/v1/webhooks/${created.id}/deliveries`)).json();
    expect(d).to.include({ status: 'pending', attempts: 1, lastStatus: null });
    expect(d.lastError).to.match(/ECONNREFUSED/);
    expect(backoffMs(1, 5_000)).to.equal(5_000);
    expect(backoffMs(4, 5_000)).to.equal(40_000);
    expect(backoffMs(40, 5_000)).to.equal(3_600_000);
    await db.db.query(
      `update webhook_deliveries set attempts = 7, next_attempt_at = now() where webhook_id = $1::uuid`,
      [created.id],
    );
    await worker.tick();
    expect((await http.get(a.adminKey, `/v1/webhooks/${created.id}/deliveries`)).json()[0]).to.include({
      status: 'failed',
      attempts: 8,
    });
    expect((await http.del(a.adminKey, `/v1/webhooks/${created.id}`)).statusCode).to.equal(204);
  });

  it('isolation: webhooks of one organisation are invisible to another', async function () {
    expect((await http.get(b.adminKey, '/v1/webhooks')).json()).to.deep.equal([]);
    expect((await http.post(b.adminKey, `/v1/webhooks/${hook.id}/test`)).statusCode).to.equal(404);
    expect((await http.get(b.adminKey, `/v1/webhooks/${hook.id}/deliveries`)).statusCode).to.equal(404);
    expect(
      (await http.put(b.adminKey, `/v1/webhooks/${hook.id}`, { url: 'https://example.com/' })).statusCode,
    ).to.equal(404);
  });

  it('the sweep raises a completeness alert for a meter that went silent', async function () {
    const res = await http.post(a.adminKey, '/v1/alert-rules', {
      name: 'daily 90 %',
      kind: 'completeness',
      scope: 'meter',
      meterIds: [meters.Z],
    });
    expect(res.statusCode, res.body).to.equal(201);
    const { sweepSilentMeters } = await import('../../../services/alerts/sweepSilentMeters');
    // 6 May 2025 12:00 in Shanghai: the sweep queues 5 May for Z, which has data; then 7 May, a day with nothing.
    await sweepSilentMeters(db.db, Date.parse('2025-05-06T04:00:00Z'));
    await worker.tick();
    expect((await http.get(a.adminKey, `/v1/alerts?kind=completeness`)).json()).to.have.length(0);
    await sweepSilentMeters(db.db, Date.parse('2025-05-08T04:00:00Z'));
    await worker.tick();
    const [alert] = (await http.get(a.adminKey, `/v1/alerts?kind=completeness`)).json();
    expect(alert).to.include({ day: '2025-05-07', observed: '0.00', state: 'open' });
    expect(alert.details).to.include({ measured: 0, expected: 96 });
  });
});

import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface LiveEvent {
  event: string;
  data: { ingest: string | null; anchored: string | null };
}

/** A client of GET /v1/live over a real socket, collecting the events it is sent. */
function openStream(url: string, headers: Record<string, string>) {
  const events: LiveEvent[] = [];
  let ended = false;
  return new Promise<{ status: number; body: string; events: LiveEvent[]; ended: () => boolean; close: () => void }>(
    (resolve, reject) => {
      const request = http.get(url, { headers, agent: false }, (response) => {
        let buffer = '';
        const stream = {
          status: response.statusCode ?? 0,
          body: '',
          events,
          ended: () => ended,
          close: () => request.destroy(),
        };
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          stream.body += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
        });
        response.on('end', () => (ended = true));
        response.on('close', () => (ended = true));
        resolve(stream);
      });
      request.on('error', (error) => (ended ? undefined : reject(error)));
    },
  );
}

async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /v1/live (server-sent events for the console)', function () {
  this.timeout(60_000);
  let db: TestDb;
  let t: TestApp;
  let base: string;
  let steel: { orgId: string; adminKey: string };
  let cement: { orgId: string; adminKey: string };

  async function meter(key: string) {
    const site = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: auth(key),
      payload: { name: 'Plant', gridRegion: 'East' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/v1/meters',
      headers: auth(key),
      payload: { siteId: site.json().id, externalId: 'E1', energyKind: 'electricity', timeZone: 'UTC' },
    });
  }

  async function ingest(key: string, minute: number) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/readings',
      headers: auth(key),
      payload: {
        readings: [{ meter: 'E1', start: new Date(Date.UTC(2026, 10, 1, 0, minute * 15)).toISOString(), value: '1.5' }],
      },
    });
    expect(res.statusCode, res.body).to.be.oneOf([200, 201, 202]);
  }

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db, undefined, { LIVE_POLL_MS: '40', LIVE_MAX_STREAMS: '2' });
    steel = await createOrgViaApi(t, 'Live Steel');
    cement = await createOrgViaApi(t, 'Live Cement');
    await meter(steel.adminKey);
    await meter(cement.adminKey);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  after(async function () {
    await t?.app.close();
    await db?.drop();
  });

  it('sends the current marks, then a readings event when the organisation’s readings arrive', async function () {
    const stream = await openStream(`${base}/v1/live`, auth(steel.adminKey));
    try {
      expect(stream.status).to.equal(200);
      await until(() => stream.events.length > 0, 'the first marks');
      expect(stream.events[0]).to.deep.equal({ event: 'marks', data: { ingest: null, anchored: null } });
      await ingest(steel.adminKey, 0);
      await until(() => stream.events.some((e) => e.event === 'readings'), 'a readings event');
      const readings = stream.events.find((e) => e.event === 'readings') as LiveEvent;
      expect(readings.data.ingest).to.match(/^\d+$/);
    } finally {
      stream.close();
    }
  });

  it('never tells an organisation about another’s readings', async function () {
    const stream = await openStream(`${base}/v1/live`, auth(steel.adminKey));
    try {
      await until(() => stream.events.length > 0, 'the first marks');
      await ingest(cement.adminKey, 1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(stream.events.map((e) => e.event)).to.deep.equal(['marks']);
      await ingest(steel.adminKey, 2);
      await until(() => stream.events.length === 2, 'the organisation’s own readings event');
      expect(stream.events[1].event).to.equal('readings');
    } finally {
      stream.close();
    }
  });

  it('refuses a stream past the limit per organisation with a code, and frees the place when one closes', async function () {
    const first = await openStream(`${base}/v1/live`, auth(steel.adminKey));
    const second = await openStream(`${base}/v1/live`, auth(steel.adminKey));
    const third = await openStream(`${base}/v1/live`, auth(steel.adminKey));
    await until(() => third.ended(), 'the refusal');
    expect([third.status, JSON.parse(third.body).code]).to.deep.equal([429, 'NT_ERR_LIVE_STREAMS']);
    const otherOrganisation = await openStream(`${base}/v1/live`, auth(cement.adminKey));
    expect(otherOrganisation.status).to.equal(200);
    otherOrganisation.close();
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await openStream(`${base}/v1/live`, auth(steel.adminKey));
    expect(again.status).to.equal(200);
    again.close();
    second.close();
  });

  it('ends the stream when its key is revoked', async function () {
    const issued = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: auth(steel.adminKey),
      payload: { name: 'wall screen', scopes: ['read'] },
    });
    expect(issued.statusCode, issued.body).to.equal(201);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stream = await openStream(`${base}/v1/live`, auth(issued.json().key));
    expect(stream.status).to.equal(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${issued.json().id}`,
      headers: auth(steel.adminKey),
    });
    expect(revoked.statusCode).to.equal(204);
    await until(() => stream.ended(), 'the end of the stream', 5000);
  });

  it('refuses a caller without a key or session', async function () {
    const stream = await openStream(`${base}/v1/live`, {});
    await until(() => stream.ended(), 'the refusal');
    expect(stream.status).to.equal(401);
  });
});

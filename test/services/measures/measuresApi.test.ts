import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverDueWebhooks } from '../../../services/alerts/deliverWebhooks';
import { issueApiKey } from '../../../services/registry/apiKeys';
import { createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { caller, syntheticPlant, type Call, type Plant } from './helpers';

// Measures through the API: create, read, change, move through their states, tasks with comments sent to the
// organisation's webhooks (a real local receiver, signature checked), refusals with codes, and isolation.
describe('measures API (CRUD, states, tasks, webhooks, isolation)', function () {
  this.timeout(180_000);
  let db: TestDb;
  let t: TestApp;
  let call: Call;
  let a: { orgId: string; adminKey: string };
  let b: { orgId: string; adminKey: string };
  let plant: Plant;
  let measureId: string;
  let taskId: string;
  let secret: string;
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  let server: Server;

  const led = () => ({
    title: 'LED retrofit 照明改造',
    kind: 'led_retrofit',
    meterIds: [plant.meterId],
    owner: 'Zhao Min',
    expectedEnergy: '25000.5',
    expectedKgce: '3072.56',
    costCny: '98000.00',
    plannedStart: '2024-11-01',
    plannedEnd: '2024-12-30',
    ipmvpOption: 'B',
    baselineId: plant.baselineId,
  });

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db, undefined, { WEBHOOK_ALLOW_PRIVATE: '1' });
    call = caller(t);
    a = await createOrgViaApi(t, 'Air works');
    b = await createOrgViaApi(t, 'Other works');
    plant = await syntheticPlant(call, a.adminKey);
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hook = await call(a.adminKey, 'POST', '/v1/webhooks', {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    });
    expect(hook.statusCode, hook.body).to.equal(201);
    secret = hook.json().secret;
  });
  after(async function () {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.app.close();
    await db.drop();
  });

  it('creates a measure with exact decimals and reads it back', async function () {
    const res = await call(a.adminKey, 'POST', '/v1/measures', led());
    expect(res.statusCode, res.body).to.equal(201);
    const body = res.json();
    measureId = body.id;
    expect(body).to.include({
      status: 'planned',
      implementedOn: null,
      expectedEnergy: '25000.5',
      expectedKgce: '3072.56',
      costCny: '98000.00',
      ipmvpOption: 'B',
      baselineId: plant.baselineId,
    });
    expect((await call(a.adminKey, 'GET', `/v1/measures/${measureId}`)).json()).to.deep.equal(body);
    const list = (await call(a.adminKey, 'GET', '/v1/measures')).json();
    expect(list.map((m: { id: string }) => m.id)).to.deep.equal([measureId]);
  });

  it('changes fields with PATCH and checks the whole measure again', async function () {
    const res = await call(a.adminKey, 'PATCH', `/v1/measures/${measureId}`, { owner: 'Li Na', costCny: '99000' });
    expect(res.json()).to.include({ owner: 'Li Na', costCny: '99000', title: 'LED retrofit 照明改造' });
    const c = await call(a.adminKey, 'PATCH', `/v1/measures/${measureId}`, { ipmvpOption: 'C' });
    expect(c.statusCode).to.equal(422);
    expect(c.json()).to.include({ code: 'NT_ERR_MEASURE_INVALID' });
    const whole = await call(a.adminKey, 'PATCH', `/v1/measures/${measureId}`, {
      ipmvpOption: 'C',
      siteId: plant.siteId,
    });
    expect(whole.json()).to.include({ ipmvpOption: 'C', siteId: plant.siteId });
  });

  it('refuses bad input with codes and hints', async function () {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...led(), kind: 'magic' }, 400, 'NT_ERR_REQUEST_INVALID'],
      [{ ...led(), costCny: '-5' }, 400, 'NT_ERR_REQUEST_INVALID'],
      [{ ...led(), expectedEnergy: '1e5' }, 400, 'NT_ERR_REQUEST_INVALID'],
      [{ ...led(), meterIds: [] }, 422, 'NT_ERR_MEASURE_INVALID'],
      [{ ...led(), ipmvpOption: 'C' }, 422, 'NT_ERR_MEASURE_INVALID'],
      [{ ...led(), plannedEnd: '2024-10-01' }, 422, 'NT_ERR_MEASURE_INVALID'],
      [{ ...led(), baselineId: '00000000-0000-4000-8000-00000000dead' }, 422, 'NT_ERR_MEASURE_INVALID'],
      [{ ...led(), meterIds: ['00000000-0000-4000-8000-00000000beef'] }, 422, 'NT_ERR_MEASURE_INVALID'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await call(a.adminKey, 'POST', '/v1/measures', payload);
      expect(res.statusCode, JSON.stringify(payload)).to.equal(status);
      expect(res.json().code).to.equal(code);
      expect(res.json().hint).to.match(/\/v1\/|\/docs/);
    }
    expect((await call(a.adminKey, 'GET', '/v1/measures/not-a-uuid')).statusCode).to.equal(400);
  });

  it('needs the admin scope to write', async function () {
    const reader = await issueApiKey(db.db, { orgId: a.orgId, name: 'reader', scopes: ['read'] });
    const res = await call(reader.key, 'POST', '/v1/measures', led());
    expect(res.statusCode).to.equal(403);
    expect((await call(reader.key, 'GET', `/v1/measures/${measureId}`)).statusCode).to.equal(200);
  });

  it('moves planned → in_progress → implemented and refuses other moves', async function () {
    const skip = await call(a.adminKey, 'POST', `/v1/measures/${measureId}/status`, {
      status: 'implemented',
      on: '2024-12-31',
    });
    expect(skip.statusCode).to.equal(409);
    expect(skip.json()).to.include({ code: 'NT_ERR_MEASURE_STATE' });
    expect(
      (await call(a.adminKey, 'POST', `/v1/measures/${measureId}/status`, { status: 'in_progress' })).json(),
    ).to.include({
      status: 'in_progress',
    });
    const undated = await call(a.adminKey, 'POST', `/v1/measures/${measureId}/status`, { status: 'implemented' });
    expect(undated.json()).to.include({ code: 'NT_ERR_MEASURE_STATE' });
    const done = await call(a.adminKey, 'POST', `/v1/measures/${measureId}/status`, {
      status: 'implemented',
      on: '2024-12-31',
    });
    expect(done.json()).to.include({ status: 'implemented', implementedOn: '2024-12-31' });
    const cancel = await call(a.adminKey, 'POST', `/v1/measures/${measureId}/status`, { status: 'cancelled' });
    expect(cancel.statusCode).to.equal(409);
    const del = await call(a.adminKey, 'DELETE', `/v1/measures/${measureId}`);
    expect(del.statusCode).to.equal(409);
  });

  it('cancels and deletes a planned measure', async function () {
    const id = (await call(a.adminKey, 'POST', '/v1/measures', { ...led(), title: 'PV roof' })).json().id;
    expect((await call(a.adminKey, 'POST', `/v1/measures/${id}/status`, { status: 'cancelled' })).json()).to.include({
      status: 'cancelled',
    });
    expect((await call(a.adminKey, 'DELETE', `/v1/measures/${id}`)).statusCode).to.equal(204);
    expect((await call(a.adminKey, 'GET', `/v1/measures/${id}`)).statusCode).to.equal(404);
  });

  it('gives tasks to owners, completes them and keeps their comments', async function () {
    const created = await call(a.adminKey, 'POST', `/v1/measures/${measureId}/tasks`, {
      title: 'Replace hall lights',
      owner: 'Zhao Min',
      dueOn: '2024-12-20',
    });
    expect(created.statusCode, created.body).to.equal(201);
    taskId = created.json().id;
    expect(created.json()).to.include({ status: 'open', owner: 'Zhao Min', dueOn: '2024-12-20', comments: 0 });
    const comment = await call(a.adminKey, 'POST', `/v1/measures/${measureId}/tasks/${taskId}/comments`, {
      body: '已到货 delivered',
      author: 'Zhao Min',
    });
    expect(comment.statusCode, comment.body).to.equal(201);
    const done = await call(a.adminKey, 'PATCH', `/v1/measures/${measureId}/tasks/${taskId}`, { status: 'done' });
    expect(done.json()).to.include({ status: 'done', comments: 1 });
    expect(done.json().completedAt).to.be.a('string');
    const comments = (await call(a.adminKey, 'GET', `/v1/measures/${measureId}/tasks/${taskId}/comments`)).json();
    expect(comments.map((c: { body: string }) => c.body)).to.deep.equal(['已到货 delivered']);
    const tasks = (await call(a.adminKey, 'GET', `/v1/measures/${measureId}/tasks`)).json();
    expect(tasks.map((x: { id: string }) => x.id)).to.deep.equal([taskId]);
  });

  it('sends task created and completed to the webhooks, signed, through the alert delivery', async function () {
    const outcome = await deliverDueWebhooks(db.db, { allowPrivate: true });
    expect(outcome.delivered).to.equal(2);
    expect(got.map((g) => g.headers['x-nengtan-event'])).to.deep.equal([
      'measure.task.created',
      'measure.task.completed',
    ]);
    for (const g of got) {
      const signature = `sha256=${createHmac('sha256', secret).update(g.body).digest('hex')}`;
      expect(g.headers['x-nengtan-signature']).to.equal(signature);
      const body = JSON.parse(g.body);
      expect(body).to.deep.include({ orgId: a.orgId, measure: { id: measureId, title: 'LED retrofit 照明改造' } });
      expect(body.task.id).to.equal(taskId);
    }
  });

  it('refuses a task of another measure and a bad task', async function () {
    const other = (await call(a.adminKey, 'POST', '/v1/measures', { ...led(), title: 'Other' })).json().id;
    const wrong = await call(a.adminKey, 'PATCH', `/v1/measures/${other}/tasks/${taskId}`, { status: 'open' });
    expect(wrong.statusCode).to.equal(404);
    expect(wrong.json().hint).to.contain('GET /v1/measures/{id}/tasks');
    const bad = await call(a.adminKey, 'POST', `/v1/measures/${measureId}/tasks`, { title: '', owner: 'x' });
    expect(bad.statusCode).to.equal(400);
  });

  it("hides one organisation's measures, tasks and results from another", async function () {
    expect((await call(b.adminKey, 'GET', '/v1/measures')).json()).to.deep.equal([]);
    for (const url of [
      `/v1/measures/${measureId}`,
      `/v1/measures/${measureId}/results`,
      `/v1/measures/${measureId}/tasks`,
      `/v1/measures/${measureId}/tasks/${taskId}/comments`,
    ]) {
      expect((await call(b.adminKey, 'GET', url)).statusCode, url).to.equal(404);
    }
    expect((await call(b.adminKey, 'PATCH', `/v1/measures/${measureId}`, { owner: 'x' })).statusCode).to.equal(404);
    expect(
      (await call(b.adminKey, 'POST', `/v1/measures/${measureId}/status`, { status: 'cancelled' })).statusCode,
    ).to.equal(404);
    expect((await call(b.adminKey, 'POST', `/v1/measures/${measureId}/tasks`, { title: 'x' })).statusCode).to.equal(
      404,
    );
    const theirs = await call(b.adminKey, 'POST', '/v1/measures', led());
    expect(theirs.statusCode).to.equal(422);
    expect(theirs.json()).to.include({ code: 'NT_ERR_MEASURE_INVALID' });
    // B's webhooks got nothing of A's tasks: every delivery belongs to A.
    const { rows } = await db.db.query<{ org_id: string }>('select distinct org_id from webhook_deliveries');
    expect(rows.map((r) => r.org_id)).to.deep.equal([a.orgId]);
  });
});

import { expect } from 'chai';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

describe('revoking admin keys', function () {
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

  const keyIds = async (key: string): Promise<string[]> =>
    (await t.app.inject({ method: 'GET', url: '/v1/api-keys', headers: auth(key) }))
      .json()
      .filter((k: { revokedAt: string | null }) => k.revokedAt === null)
      .map((k: { id: string }) => k.id);

  it("refuses to revoke an organisation's last admin key, with a hint", async function () {
    const { adminKey } = await createOrgViaApi(t, 'Lonely Admin Co');
    const [id] = await keyIds(adminKey);
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: auth(adminKey) });
    expect(res.statusCode, res.body).to.equal(409);
    expect(res.json()).to.include({ code: 'NT_ERR_AUTH_LAST_ADMIN_KEY' });
    expect(await keyIds(adminKey)).to.deep.equal([id]);
  });

  it('revokes an admin key while another admin key stays', async function () {
    const { adminKey } = await createOrgViaApi(t, 'Two Admins Co');
    const [first] = await keyIds(adminKey);
    const second = await t.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: auth(adminKey),
      payload: { name: 'second admin', scopes: ['admin'] },
    });
    expect(second.statusCode, second.body).to.equal(201);
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${first}`, headers: auth(adminKey) });
    expect(res.statusCode, res.body).to.equal(204);
  });
});

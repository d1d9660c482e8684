import { expect } from 'chai';
import { auth, type TestApp } from '../../helpers/testApp';

export interface Org {
  orgId: string;
  key: string;
  keyId: string;
}

/** An organisation of the given kinds registered by the platform operator, with its admin key. */
export async function createOrg(t: TestApp, name: string, kinds: string[] = ['enterprise']): Promise<Org> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: auth(t.platformKey),
    payload: { name, kinds },
  });
  expect(res.statusCode, res.body).to.equal(201);
  const body = res.json();
  return { orgId: body.organisation.id, key: body.adminKey.key, keyId: body.adminKey.id };
}

export async function call(t: TestApp, key: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: auth(key),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A site in the East grid with one interval meter of `energyKind` named `meter`. */
export async function meter(t: TestApp, org: Org, meterId: string, energyKind: string): Promise<void> {
  const site = await call(t, org.key, 'POST', '/v1/sites', { name: `Site ${meterId}`, gridRegion: 'East' });
  expect(site.statusCode, site.body).to.equal(201);
  const res = await call(t, org.key, 'POST', '/v1/meters', { siteId: site.json().id, externalId: meterId, energyKind });
  expect(res.statusCode, res.body).to.equal(201);
}

/** One local day (Shanghai) of 96 quarter-hour readings of `value` each. */
export async function day(t: TestApp, org: Org, meterId: string, local: string, value: string): Promise<void> {
  const t0 = Date.parse(`${local}T00:00:00+08:00`);
  const readings = Array.from({ length: 96 }, (_, i) => ({
    meter: meterId,
    start: new Date(t0 + i * 900_000).toISOString(),
    value,
  }));
  const res = await call(t, org.key, 'POST', '/v1/readings', { readings });
  expect(res.statusCode, res.body).to.equal(200);
}

/** Production of `product` in tonnes over one local day. */
export async function produced(t: TestApp, org: Org, product: string, local: string, tonnes: string): Promise<void> {
  const next = new Date(Date.parse(`${local}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const res = await call(t, org.key, 'POST', '/v1/production-volumes', {
    product,
    periodStart: local,
    periodEnd: next,
    quantity: tonnes,
    unit: 't',
  });
  expect(res.statusCode, res.body).to.equal(201);
}

/** The park invites the enterprise; the enterprise accepts with `grantLevel`. Returns the invitation id. */
export async function join(t: TestApp, park: Org, member: Org, grantLevel?: 'aggregate' | 'meters'): Promise<string> {
  const invited = await call(t, park.key, 'POST', '/v1/park/invitations', { enterpriseId: member.orgId });
  expect(invited.statusCode, invited.body).to.equal(201);
  const id = invited.json().id as string;
  const accepted = await call(t, member.key, 'POST', `/v1/park-invitations/${id}/accept`, grantLevel && { grantLevel });
  expect(accepted.statusCode, accepted.body).to.equal(200);
  return id;
}

import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import type { RouteEntry } from '../../../services/api/routeTable';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { createParticipant, type Participant } from '../../helpers/participants';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/*
 * Every write route (POST, PUT, PATCH, DELETE), taken from the app's own route table so that a new route is fuzzed
 * without anyone adding it here, gets malformed parameters and bodies: wrong types, numbers JSON can write but
 * JavaScript cannot hold (1e400), -Infinity, month 13, lone surrogates, empty bodies, nested junk. Bodies follow the
 * route's schema with some fields poisoned, so that the junk reaches the handlers behind the validation. None may be
 * answered with a 5xx; every answer carries an NT_ERR_ code and a hint.
 */

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Stand-ins replaced in the JSON text: JSON.stringify cannot write numbers beyond a double's range. */
const TOO_BIG = '\u0000too-big';
const TOO_SMALL = '\u0000too-small';

type Schema = Record<string, unknown>;

const junkScalar: fc.Arbitrary<unknown> = fc.constantFrom(
  TOO_BIG,
  TOO_SMALL,
  '-Infinity',
  'Infinity',
  'NaN',
  '1e400',
  '-1e400',
  '2026-13-01',
  '2026-13-01T00:00:00Z',
  '2026-02-30',
  '2026-00-10',
  '\ud800',
  'a\udc00b',
  '\udbff\ud800',
  '',
  ' ',
  '-1',
  '0',
  -1,
  0,
  1.5,
  2 ** 53 + 2,
  1e21,
  -1e21,
  '9'.repeat(90),
  null,
  true,
  '0x',
  '0x' + 'f'.repeat(40),
  '0x' + 'f'.repeat(64),
  '__proto__',
  'allowance',
  '00000000-0000-0000-0000-000000000000',
);

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: junkScalar },
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !s.includes('\u0000')),
  fc.array(junkScalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), junkScalar, { maxKeys: 3 }),
);

/** A value that passes the schema node where easy to tell: the skeleton junk is planted into. */
function plausible(schema: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant('x');
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const options = (schema.oneOf ?? schema.anyOf) as Schema[];
    return fc.oneof(...options.map((s) => plausible(s, depth + 1)));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectOf(schema, depth);
    case 'array':
      return fc.array(field(schema.items as Schema | undefined, depth + 1), { maxLength: 2 });
    case 'integer':
      return fc.constantFrom(2026, 1, 0);
    case 'number':
      return fc.constantFrom(1, 0.5);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return plausibleString(schema);
    default:
      return fc.constant('x');
  }
}

function plausibleString(schema: Schema): fc.Arbitrary<unknown> {
  const pattern = String(schema.pattern ?? '');
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') return fc.constant('2026-11-01T00:00:00Z');
  if (pattern.includes('\\d{4}-')) return fc.constantFrom('2026-01-01', '2026-12-31');
  if (pattern.includes('{40}')) return fc.constant('0x' + '1'.repeat(40));
  if (pattern.includes('{64}')) return fc.constant('0x' + '2'.repeat(64));
  if (pattern.includes('[0-9]') || pattern.includes('\\d')) return fc.constantFrom('1', '10');
  return fc.constantFrom('x', 'MTR-1', 'kWh');
}

/** A schema-shaped value, or (now and then) junk in its place: most requests carry one poisoned field. */
function field(schema: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: plausible(schema, depth) }, { weight: 1, arbitrary: junk });
}

function objectOf(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, field(s, depth + 1)]));
  const required = ((schema.required ?? []) as string[]).filter((k) => k in record);
  return fc.record(record, { requiredKeys: required });
}

function bodyText(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll(JSON.stringify(TOO_BIG), '1e400')
    .replaceAll(JSON.stringify(TOO_SMALL), '-1e400');
}

const paramJunk: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'x',
    '0',
    '-1',
    '2026',
    '-Infinity',
    'Infinity',
    'NaN',
    '1e400',
    '1e21',
    '2026-13-01',
    '%ED%A0%80',
    '%F0%9F',
    '%00',
    '9'.repeat(90),
    'allowance',
    'certificate',
    '0x' + 'f'.repeat(40),
  ),
  fc.uuid(),
  fc.string({ maxLength: 10 }).map((s) => encodeURIComponent(s)),
);

function queryOf(schema: Schema | undefined): fc.Arbitrary<string> {
  const properties = Object.keys((schema?.properties ?? {}) as Record<string, unknown>);
  if (properties.length === 0) return fc.constant('');
  return fc
    .array(fc.tuple(fc.constantFrom(...properties), paramJunk), { maxLength: 3 })
    .map((pairs) => (pairs.length === 0 ? '' : '?' + pairs.map(([k, v]) => `${k}=${v}`).join('&')));
}

interface FuzzRequest {
  url: string;
  payload?: string;
}

function requestsFor(route: RouteEntry): fc.Arbitrary<FuzzRequest> {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const params = fc.tuple(...names.map(() => paramJunk));
  const schema = (route.schema ?? {}) as Record<string, Schema | undefined>;
  const body: fc.Arbitrary<string | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('', '{}', '[]', 'null', '1e400', '{"a":', '{"__proto__":{"x":1}}'),
    junk.map(bodyText),
    { weight: 6, arbitrary: (schema.body ? plausible(schema.body, 0) : junk).map(bodyText) },
  );
  return fc.tuple(params, queryOf(schema.querystring), body).map(([values, query, payload]) => {
    let url = route.url;
    names.forEach((name, i) => (url = url.replace(`:${name}`, values[i])));
    return { url: url + query, payload };
  });
}

describe('write routes under malformed input', function () {
  this.timeout(600_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let everything: Participant;
  const serverErrors: string[] = [];
  /** 4xx answers without an NT_ERR_ code and a hint. */
  const uncoded: string[] = [];

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: embeddedDocumentStore(db.db) },
    );
    everything = await createParticipant(t, 'Every Role Ltd', [
      'enterprise',
      'verifier',
      'exchange',
      'certificate_issuer',
      'authority',
    ]);
  });
  after(async function () {
    await t.app.close();
    await Promise.all([db.drop(), chain.close()]);
  });

  it('lists the write routes from the route table', function () {
    const writes = t.app.routeTable.filter((r) => WRITE_METHODS.has(r.method));
    expect(writes.length).to.be.greaterThan(30);
    expect(writes.map((r) => `${r.method} ${r.url}`)).to.include('DELETE /v1/api-keys/:id');
  });

  it('answers no malformed request to a write route with a 5xx', async function () {
    for (const route of t.app.routeTable.filter((r) => WRITE_METHODS.has(r.method))) {
      const key = route.url === '/v1/organisations' ? t.platformKey : everything.key;
      await fc.assert(
        fc.asyncProperty(requestsFor(route), async ({ url, payload }) => {
          const res = await t.app.inject({
            method: route.method as 'POST',
            url,
            headers: { ...auth(key), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
            payload,
          });
          if (res.statusCode >= 500) {
            serverErrors.push(`${route.method} ${url} ${payload?.slice(0, 300)} -> ${res.statusCode} ${res.body}`);
          } else if (res.statusCode >= 400 && !(res.json().code && res.json().hint)) {
            uncoded.push(`${route.method} ${url} -> ${res.statusCode} ${res.body}`);
          }
        }),
        { numRuns: 80 },
      );
    }
    expect(serverErrors).to.deep.equal([]);
    expect(uncoded).to.deep.equal([]);
  });
});

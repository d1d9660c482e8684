import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../services/api/buildApp';
import type { DocumentStore } from '../../services/documents/documentStore';
import { loadConfig, type Config } from '../../services/runtime/config';
import type { ChainConnection } from '../../services/chain/connectChain';
import type { Db } from '../../services/db/db';
import { issueApiKey } from '../../services/registry/apiKeys';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  platformKey: string;
}

/** The API over a test database (and optionally a test chain), with a platform operator key. */
export async function createTestApp(
  db: Db,
  chain?: ChainConnection,
  env: Record<string, string> = {},
  options: { keystoreSecret?: Buffer; documents?: DocumentStore } = {},
): Promise<TestApp> {
  // Tests drive thousands of requests a minute from one organisation; the rate-limit tests turn the limit on.
  const config = { ...loadConfig({ NENGTAN_DATA_DIR: ':memory:', RATE_LIMIT_MAX: '0', ...env }) };
  const app = await buildApp({
    config,
    db,
    chain,
    keystoreSecret: options.keystoreSecret,
    documents: options.documents,
  });
  const platform = await issueApiKey(db, { orgId: null, name: 'platform', scopes: ['platform'] });
  return { app, config, platformKey: platform.key };
}

export function auth(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** Creates an organisation through the API and returns its id and admin key. */
export async function createOrgViaApi(t: TestApp, name: string): Promise<{ orgId: string; adminKey: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: auth(t.platformKey),
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`organisation not created: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { orgId: body.organisation.id, adminKey: body.adminKey.key };
}

/** A multipart/form-data body with text fields and one file. */
export function multipartBody(
  fields: Record<string, string>,
  file: { name: string; content: string | Buffer; type?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----nengtan${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
    ),
  );
  parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function json(res: LightMyRequestResponse): Record<string, unknown> {
  return res.json() as Record<string, unknown>;
}

import { existsSync, writeFileSync } from 'node:fs';
import { generateRecipientKeyPair } from '../../services/documents/recipientKeys';
import { apiClient, type ApiClient } from '../cli/apiClient';

export interface DemoOrganisation {
  name: string;
  orgId: string;
  adminKey: string;
}

/** Gives the organisation of `api` a custodial chain account unless it has one. */
export async function ensureChainAccount(api: ApiClient): Promise<void> {
  const accounts = await api.json<{ custody: string }[]>('GET', '/v1/organisation/chain-accounts');
  if (!accounts.some((a) => a.custody === 'custodial')) {
    await api.json('POST', '/v1/organisation/chain-accounts', { custody: 'custodial' });
  }
}

/** Registers an X25519 key for the organisation of `api` (private part in `keyFile`) unless both already exist. */
export async function ensureEncryptionKey(api: ApiClient, keyFile: string): Promise<void> {
  const organisation = await api.json<{ encryptionPublicKey: string | null }>('GET', '/v1/organisation');
  if (organisation.encryptionPublicKey && existsSync(keyFile)) return;
  const pair = generateRecipientKeyPair();
  writeFileSync(keyFile, Buffer.from(pair.privateKey).toString('hex') + '\n', { mode: 0o600 });
  await api.json('PUT', '/v1/organisation/encryption-key', { publicKey: Buffer.from(pair.publicKey).toString('hex') });
}

/** A new organisation of `kinds` with a chain account (and an encryption key when `keyFile` is given). */
export async function registerDemoOrganisation(
  url: string,
  platformKey: string,
  name: string,
  kinds: string[],
  keyFile?: string,
): Promise<DemoOrganisation> {
  const created = await apiClient(url, platformKey).json<{ organisation: { id: string }; adminKey: { key: string } }>(
    'POST',
    '/v1/organisations',
    { name, kinds },
  );
  const api = apiClient(url, created.adminKey.key);
  if (keyFile) await ensureEncryptionKey(api, keyFile);
  await ensureChainAccount(api);
  console.log(`  registered ${name} (${kinds.join(', ')}) with ${keyFile ? 'an X25519 key and ' : ''}a chain account`);
  return { name, orgId: created.organisation.id, adminKey: created.adminKey.key };
}

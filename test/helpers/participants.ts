import { generateRecipientKeyPair } from '../../services/documents/recipientKeys';
import { auth, type TestApp } from './testApp';

export interface Participant {
  orgId: string;
  chainId: string;
  key: string;
  privateKey: Uint8Array;
}

/** An external account: its address and how its holder signs text (EIP-191), an ethers Wallet for an EOA. */
export interface ExternalAccount {
  address: string;
  signMessage(message: string): Promise<string>;
}

/**
 * Registers `external` for the organisation the way its holder does: asks for a challenge and signs it (proof of
 * control). Returns the API's answer.
 */
export async function registerExternalAccount(t: TestApp, key: string, external: ExternalAccount) {
  const challenge = await t.app.inject({
    method: 'POST',
    url: '/v1/organisation/chain-accounts/challenge',
    headers: auth(key),
    payload: { address: external.address },
  });
  if (challenge.statusCode !== 201) throw new Error(`challenge: ${challenge.statusCode} ${challenge.body}`);
  const { nonce, message } = challenge.json() as { nonce: string; message: string };
  return t.app.inject({
    method: 'POST',
    url: '/v1/organisation/chain-accounts',
    headers: auth(key),
    payload: {
      custody: 'external',
      address: external.address,
      challenge: nonce,
      signature: await external.signMessage(message),
    },
  });
}

/**
 * An organisation of the given kinds registered through the API the way a real one is: admin key, X25519 encryption
 * key, and a chain account registered on chain with the roles of its kinds: custodial, or the external account
 * `external` (whose key the caller holds, proven by signing the challenge) when given.
 */
export async function createParticipant(
  t: TestApp,
  name: string,
  kinds: string[],
  external?: ExternalAccount,
): Promise<Participant> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: auth(t.platformKey),
    payload: { name, kinds },
  });
  if (created.statusCode !== 201) throw new Error(`create ${name}: ${created.statusCode} ${created.body}`);
  const { organisation, adminKey } = created.json();
  const pair = generateRecipientKeyPair();
  await t.app.inject({
    method: 'PUT',
    url: '/v1/organisation/encryption-key',
    headers: auth(adminKey.key),
    payload: { publicKey: Buffer.from(pair.publicKey).toString('hex') },
  });
  const account = external
    ? await registerExternalAccount(t, adminKey.key, external)
    : await t.app.inject({
        method: 'POST',
        url: '/v1/organisation/chain-accounts',
        headers: auth(adminKey.key),
        payload: { custody: 'custodial' },
      });
  if (account.statusCode !== 201) throw new Error(`chain account of ${name}: ${account.statusCode} ${account.body}`);
  return { orgId: organisation.id, chainId: organisation.chainId, key: adminKey.key, privateKey: pair.privateKey };
}

/** An API call that must succeed: its JSON, or an error naming the call, status and body. */
export async function call<T = ReturnType<JSON['parse']>>(
  t: TestApp,
  key: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
): Promise<T> {
  const res = await t.app.inject({ method, url, headers: auth(key), payload });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

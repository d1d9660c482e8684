import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { NengtanError } from '../lib/errors';

const KEY_INFO = 'nengtan custodial chain key v1';

/**
 * The secret custodial chain keys are encrypted under: NENGTAN_KEYSTORE_SECRET (64 hex characters), or, for the
 * embedded default, a random secret kept in <dataDir>/keystore-secret (owner-readable only). Undefined when neither
 * is available: custodial accounts are then off.
 */
export function loadKeystoreSecret(options: { secret?: string; dataDir: string | null }): Buffer | undefined {
  if (options.secret) {
    if (!/^[0-9a-fA-F]{64}$/.test(options.secret)) throw new Error('NENGTAN_KEYSTORE_SECRET must be 64 hex characters');
    return Buffer.from(options.secret, 'hex');
  }
  if (!options.dataDir) return undefined;
  const file = path.join(options.dataDir, 'keystore-secret');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

function keyFor(secret: Buffer, address: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(address.toLowerCase()), KEY_INFO, 32));
}

/** A new custodial key: its address and its private key encrypted for storage. */
export function newCustodialKey(secret: Buffer): { address: string; ciphertext: Buffer } {
  const wallet = Wallet.createRandom();
  const address = wallet.address.toLowerCase();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, address), iv);
  cipher.setAAD(Buffer.from(address));
  const body = Buffer.concat([cipher.update(Buffer.from(wallet.privateKey.slice(2), 'hex')), cipher.final()]);
  return { address, ciphertext: Buffer.concat([iv, body, cipher.getAuthTag()]) };
}

/** The wallet of a custodial account; refuses a ciphertext that was altered or belongs to another address. */
export function openCustodialKey(secret: Buffer, address: string, ciphertext: Uint8Array): Wallet {
  const data = Buffer.from(ciphertext);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, address), data.subarray(0, 12));
    decipher.setAAD(Buffer.from(address.toLowerCase()));
    decipher.setAuthTag(data.subarray(data.length - 16));
    const key = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
    const wallet = new Wallet('0x' + key.toString('hex'));
    if (wallet.address.toLowerCase() !== address.toLowerCase()) throw new Error('address mismatch');
    return wallet;
  } catch {
    throw new NengtanError('NT_ERR_INTERNAL', {
      message: `The custodial key of ${address} cannot be opened with this keystore secret`,
    });
  }
}

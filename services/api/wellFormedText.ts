import { NengtanError } from '../lib/errors';

/** A `\uD800`–`\uDFFF` escape: the only way a lone surrogate gets into text decoded from UTF-8 bytes. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

function firstIllFormed(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (!key.isWellFormed()) return at;
    const found = firstIllFormed(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses a parsed JSON document holding a lone surrogate in any string or key. Such a string cannot be encoded as
 * UTF-8: ethers throws on it (a 500 where it names a chain record) and PostgreSQL's driver silently stores U+FFFD
 * instead (a different text than the one sent, under a hash of the original). `json` is the text it was parsed from:
 * without a surrogate escape in it, nothing needs walking.
 */
export function assertWellFormedText(json: string, parsed: unknown): void {
  if (!SURROGATE_ESCAPE.test(json)) return;
  const path = firstIllFormed(parsed, '');
  if (path !== undefined) {
    throw new NengtanError('NT_ERR_REQUEST_TEXT_INVALID', {
      details: { errors: [{ path, message: 'lone surrogate' }] },
    });
  }
}

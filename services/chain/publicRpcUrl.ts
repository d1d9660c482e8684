import type { Config } from '../runtime/config';
import type { ChainConnection } from './connectChain';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The JSON-RPC URL browsers may use to check receipts themselves: RPC_PUBLIC_URL when set; otherwise the embedded
 * chain's own loopback endpoint (it serves reads and signed transactions only, and a browser on the same machine
 * reaches it). An external RPC_URL is never handed out by itself: it may carry credentials or name a private network.
 */
export function publicRpcUrl(config: Pick<Config, 'rpcPublicUrl'>, chain: ChainConnection | undefined): string | null {
  if (config.rpcPublicUrl) return config.rpcPublicUrl;
  if (!chain?.embedded) return null;
  const url = new URL(chain.rpcUrl);
  return LOOPBACK_HOSTS.has(url.hostname) && !url.username && !url.password ? chain.rpcUrl : null;
}

/** The origin of a public RPC URL, as a CSP connect-src entry; undefined when there is none or it is malformed. */
export function rpcOrigin(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

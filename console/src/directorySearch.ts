import { useEffect, useState } from 'preact/hooks';
import { api } from './api';

/**
 * The directory's participants (undefined until the first answer) of `kind` whose name contains `q`, searched 250 ms after the last keystroke. Only the
 * answer to the latest search is kept: an earlier, slower answer arriving last never replaces it.
 */
export function useDirectorySearch<T extends { id: string }>(kind: string, q: string, limit = 10): T[] | undefined {
  const [found, setFound] = useState<T[] | undefined>();
  useEffect(() => {
    let latest = true;
    const timer = setTimeout(() => {
      const query = q.trim() ? `&q=${encodeURIComponent(q.trim())}` : '';
      api<{ participants: T[] }>('GET', `/v1/directory?kind=${kind}&limit=${limit}${query}`).then(
        (r) => latest && setFound(r.participants),
        () => latest && setFound([]),
      );
    }, 250);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [kind, q, limit]);
  return found;
}

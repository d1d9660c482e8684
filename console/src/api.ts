/**
 * The console's API client. The session cookie is HttpOnly and travels by itself; writes add the CSRF token that the
 * server set in the readable `nt_csrf` cookie. Every refusal becomes an ApiError with the API's code and hint.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)nt_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : undefined;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    throw new ApiError(
      res.status,
      String(data.code ?? 'NT_ERR'),
      String(data.message ?? res.statusText),
      String(data.hint ?? ''),
    );
  }
  return data as T;
}

/** The Nengtan HTTP API as the command line sees it: NENGTAN_URL (default from the config) and NENGTAN_KEY. */
export interface ApiClient {
  url: string;
  json<T>(method: string, route: string, body?: unknown): Promise<T>;
  bytes(route: string): Promise<Uint8Array>;
}

/** A refusal by the API: its HTTP status and, for Nengtan errors, the error code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  /** The parsed error body (Nengtan errors: code, message, hint and details), when it was JSON. */
  readonly body?: Record<string, unknown>;

  constructor(method: string, route: string, status: number, body: string) {
    super(`${method} ${route}: ${status} ${body}`);
    this.name = 'ApiError';
    this.status = status;
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) this.body = parsed as Record<string, unknown>;
      this.code = typeof this.body?.code === 'string' ? this.body.code : undefined;
    } catch {
      this.code = undefined;
    }
  }
}

export function apiClient(url: string, key: string | undefined): ApiClient {
  const request = async (method: string, route: string, body?: unknown): Promise<Response> => {
    if (!key) throw new Error('set NENGTAN_KEY to an API key of your organisation');
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new ApiError(method, route, res.status, await res.text());
    return res;
  };
  return {
    url,
    json: async <T>(method: string, route: string, body?: unknown) =>
      (await (await request(method, route, body)).json()) as T,
    bytes: async (route) => new Uint8Array(await (await request('GET', route)).arrayBuffer()),
  };
}

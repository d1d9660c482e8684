/** What GET/POST /v1/session answer: who is signed in. */
export interface Session {
  organisation: { id: string; name: string; kinds: string[] } | null;
  scopes: string[];
  keyPrefix: string;
  expiresAt: string;
}

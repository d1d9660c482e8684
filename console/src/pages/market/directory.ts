import { api } from '../../api';

/** A registered participant as GET /v1/directory shows it (no private data). */
export interface Participant {
  id: string;
  name: string;
  kinds: string[];
}

/** Participants whose name contains `q` (any case), at most `limit`. */
export async function findParticipants(q: string, limit = 20): Promise<Participant[]> {
  const query = q ? `q=${encodeURIComponent(q)}&limit=${limit}` : `limit=${limit}`;
  return (await api<{ participants: Participant[] }>('GET', `/v1/directory?${query}`)).participants;
}

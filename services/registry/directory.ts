import type { Queryable } from '../db/db';
import { toHex } from '../lib/hex';
import type { OrganisationKind } from './organisations';

/**
 * What every participant may know of another: enough to name a counterparty in an OTC deal or a verifier assignment
 * without copying UUIDs, nothing more (no keys, no meters, no figures).
 */
export interface DirectoryEntry {
  id: string;
  name: string;
  kinds: OrganisationKind[];
  /** bytes32 id on chain (ParticipantRegistry). */
  chainId: string;
  /** Accounts registered on chain for it, lower-case, oldest first. */
  accounts: string[];
  /** X25519 key evidence for it is encrypted to, when it has one (verifiers need it). */
  encryptionPublicKey: string | null;
}

export interface DirectoryQuery {
  /** Part of the name, any case. */
  q?: string;
  kind?: OrganisationKind;
  limit: number;
}

interface Row {
  id: string;
  name: string;
  kinds: OrganisationKind[];
  chain_id: Uint8Array;
  encryption_public_key: Uint8Array | null;
  accounts: string[];
}

/**
 * Registered participants: organisations with at least one account registered on chain, by name. Organisations that
 * never registered are not participants of the network and stay out.
 */
export async function listDirectory(db: Queryable, query: DirectoryQuery): Promise<DirectoryEntry[]> {
  const pattern = query.q === undefined ? null : `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<Row>(
    `select o.id, o.name, o.kinds, o.chain_id, o.encryption_public_key,
            array_agg(a.address order by a.created_at, a.address) as accounts
       from organisations o
       join chain_accounts a on a.org_id = o.id and a.registered_tx is not null
      where ($1::text is null or o.name ilike $1)
        and ($2::text is null or $2 = any(o.kinds))
      group by o.id
      order by lower(o.name), o.id
      limit $3`,
    [pattern, query.kind ?? null, query.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kinds: r.kinds,
    chainId: toHex(r.chain_id),
    accounts: r.accounts.map((a) => a.toLowerCase()),
    encryptionPublicKey: r.encryption_public_key ? toHex(r.encryption_public_key) : null,
  }));
}

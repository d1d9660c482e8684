import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { keccak256 } from '../lib/keccak';
import { toHex } from '../lib/hex';

/**
 * The parts an organisation plays: `trader` is a trading desk, a participant without a role of its own; `park` is an
 * industrial park's operator, which sees the figures of the enterprises that consented to it (services/parks).
 */
export type OrganisationKind =
  'enterprise' | 'verifier' | 'exchange' | 'certificate_issuer' | 'authority' | 'trader' | 'park';
export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  'enterprise',
  'verifier',
  'exchange',
  'certificate_issuer',
  'authority',
  'trader',
  'park',
];

export interface Organisation {
  id: string;
  name: string;
  /** The parts it plays on the network (roles in ParticipantRegistry). */
  kinds: OrganisationKind[];
  /** X25519 public key (hex) evidence packages are encrypted to, once registered. */
  encryptionPublicKey: string | null;
  /** bytes32 id on chain, keccak256(utf8(id)). */
  chainId: string;
  createdAt: Date;
}

/** The bytes32 id an organisation has on chain: keccak256 of its UUID's UTF-8 bytes. */
export function organisationChainId(orgId: string): Uint8Array {
  return keccak256(Buffer.from(orgId, 'utf8'));
}

interface OrganisationRow {
  id: string;
  name: string;
  kinds: OrganisationKind[];
  encryption_public_key: Uint8Array | null;
  chain_id: Uint8Array;
  created_at: Date;
}

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    kinds: row.kinds,
    encryptionPublicKey: row.encryption_public_key ? toHex(row.encryption_public_key) : null,
    chainId: toHex(row.chain_id),
    createdAt: row.created_at,
  };
}

export async function createOrganisation(
  db: Queryable,
  input: { name: string; id?: string; kinds?: OrganisationKind[] },
): Promise<Organisation> {
  const id = input.id ?? randomUUID();
  const { rows } = await db.query<OrganisationRow>(
    'insert into organisations (id, name, chain_id, kinds) values ($1::uuid, $2, $3, $4::text[]) returning *',
    [id, input.name, Buffer.from(organisationChainId(id)), input.kinds ?? ['enterprise']],
  );
  return toOrganisation(rows[0]);
}

export async function getOrganisation(db: Queryable, id: string): Promise<Organisation | undefined> {
  const { rows } = await db.query<OrganisationRow>('select * from organisations where id = $1::uuid', [id]);
  return rows[0] && toOrganisation(rows[0]);
}

export async function listOrganisations(db: Queryable): Promise<Organisation[]> {
  const { rows } = await db.query<OrganisationRow>('select * from organisations order by created_at, id');
  return rows.map(toOrganisation);
}

/** Registers the X25519 public key (32 bytes) that evidence for the organisation is encrypted to. */
export async function setEncryptionPublicKey(
  db: Queryable,
  orgId: string,
  publicKey: Uint8Array,
): Promise<Organisation> {
  if (publicKey.length !== 32) throw new Error('an X25519 public key is 32 bytes');
  const { rows } = await db.query<OrganisationRow>(
    'update organisations set encryption_public_key = $2 where id = $1::uuid returning *',
    [orgId, Buffer.from(publicKey)],
  );
  return toOrganisation(rows[0]);
}

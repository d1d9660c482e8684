import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { keccak256 } from '../lib/keccak';
import { toHex } from '../lib/hex';

export interface Organisation {
  id: string;
  name: string;
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
  chain_id: Uint8Array;
  created_at: Date;
}

function toOrganisation(row: OrganisationRow): Organisation {
  return { id: row.id, name: row.name, chainId: toHex(row.chain_id), createdAt: row.created_at };
}

export async function createOrganisation(db: Queryable, input: { name: string; id?: string }): Promise<Organisation> {
  const id = input.id ?? randomUUID();
  const { rows } = await db.query<OrganisationRow>(
    'insert into organisations (id, name, chain_id) values ($1::uuid, $2, $3) returning *',
    [id, input.name, Buffer.from(organisationChainId(id))],
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

import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import type { OrganisationKind } from './organisations';

/**
 * Refuses a call unless the organisation plays `kind` on the network. The same roles are enforced on chain
 * (ParticipantRegistry); checking here too refuses early, with a code and a hint, before any evidence is written.
 */
export async function requireOrganisationKind(db: Queryable, orgId: string, kind: OrganisationKind): Promise<void> {
  const { rows } = await db.query<{ ok: boolean }>(
    'select $2 = any (kinds) as ok from organisations where id = $1::uuid',
    [orgId, kind],
  );
  if (!rows[0]?.ok) {
    throw new NengtanError('NT_ERR_AUTH_ROLE', {
      message: `Only an organisation of kind ${kind} may do this`,
      details: { requiredKind: kind },
    });
  }
}

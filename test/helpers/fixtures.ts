import type { Queryable } from '../../services/db/db';
import { loadConfig, type VeeConfig } from '../../services/runtime/config';
import { createOrganisation, type Organisation } from '../../services/registry/organisations';
import { createSite, type Site } from '../../services/registry/sites';
import { createMeter, type Meter, type MeterInput } from '../../services/registry/meters';

/** VEE settings as the service defaults them. */
export const VEE: VeeConfig = loadConfig({}).vee;

export interface OrgFixture {
  org: Organisation;
  site: Site;
}

export async function orgWithSite(db: Queryable, name = 'Suzhou Demo Steel 苏州示范钢铁'): Promise<OrgFixture> {
  const org = await createOrganisation(db, { name });
  const site = await createSite(db, org.id, { name: 'Plant 1', gridRegion: 'East', province: 'Jiangsu' });
  return { org, site };
}

export async function meter(
  db: Queryable,
  f: OrgFixture,
  input: Partial<MeterInput> & { externalId: string },
): Promise<Meter> {
  return createMeter(db, f.org.id, { siteId: f.site.id, energyKind: 'electricity', ...input });
}

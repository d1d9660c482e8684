import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { NengtanError } from '../lib/errors';
import { isValidTimeZone } from '../lib/time';

export interface Site {
  id: string;
  orgId: string;
  name: string;
  gridRegion: string | null;
  province: string | null;
  timeZone: string;
  createdAt: Date;
}

interface SiteRow {
  id: string;
  org_id: string;
  name: string;
  grid_region: string | null;
  province: string | null;
  time_zone: string;
  created_at: Date;
}

const toSite = (r: SiteRow): Site => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  gridRegion: r.grid_region,
  province: r.province,
  timeZone: r.time_zone,
  createdAt: r.created_at,
});

export interface SiteInput {
  name: string;
  gridRegion?: string | null;
  province?: string | null;
  timeZone?: string;
}

export async function createSite(db: Queryable, orgId: string, input: SiteInput): Promise<Site> {
  const timeZone = input.timeZone ?? 'Asia/Shanghai';
  if (!isValidTimeZone(timeZone)) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `Unknown time zone "${timeZone}"`,
      hint: 'Use an IANA time zone name such as "Asia/Shanghai".',
    });
  }
  const { rows } = await db.query<SiteRow>(
    `insert into sites (id, org_id, name, grid_region, province, time_zone)
     values ($1::uuid, $2::uuid, $3, $4, $5, $6) returning *`,
    [randomUUID(), orgId, input.name, input.gridRegion ?? null, input.province ?? null, timeZone],
  );
  return toSite(rows[0]);
}

export async function listSites(db: Queryable, orgId: string): Promise<Site[]> {
  const { rows } = await db.query<SiteRow>('select * from sites where org_id = $1::uuid order by name, id', [orgId]);
  return rows.map(toSite);
}

export async function getSite(db: Queryable, orgId: string, id: string): Promise<Site | undefined> {
  const { rows } = await db.query<SiteRow>('select * from sites where org_id = $1::uuid and id = $2::uuid', [
    orgId,
    id,
  ]);
  return rows[0] && toSite(rows[0]);
}

import { expect } from 'chai';
import { anchorSealedBatches } from '../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../services/batching/sealBatches';
import type { Db } from '../../services/db/db';
import type { ChainConnection } from '../../services/chain/connectChain';
import { auth, type TestApp } from './testApp';

const QUARTER = 900_000;

/**
 * A site, an electricity meter and `count` quarter-hour readings of an organisation, sealed into one batch and
 * anchored on the test chain. Returns the meter's id and the times of the readings (oldest first).
 */
export async function anchoredReadings(
  t: TestApp,
  db: Db,
  chain: ChainConnection,
  key: string,
  externalId: string,
  options: { count?: number; firstMs?: number } = {},
): Promise<{ meterId: string; starts: string[] }> {
  const count = options.count ?? 4;
  const first = options.firstMs ?? Math.floor(Date.now() / QUARTER) * QUARTER - count * QUARTER;
  const site = await t.app.inject({
    method: 'POST',
    url: '/v1/sites',
    headers: auth(key),
    payload: { name: `Plant ${externalId}`, gridRegion: 'East' },
  });
  const meter = await t.app.inject({
    method: 'POST',
    url: '/v1/meters',
    headers: auth(key),
    payload: { siteId: site.json().id, externalId, energyKind: 'electricity' },
  });
  expect(meter.statusCode, meter.body).to.equal(201);
  const starts = Array.from({ length: count }, (_, i) => new Date(first + i * QUARTER).toISOString());
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/readings',
    headers: auth(key),
    payload: { readings: starts.map((start, i) => ({ meter: externalId, start, value: `${2 + i}.25` })) },
  });
  expect(res.statusCode, res.body).to.equal(200);
  await sealDueBatches(db, { windowSeconds: 0, maxReadings: 100_000 });
  await anchorSealedBatches(db, chain);
  return { meterId: meter.json().id, starts };
}

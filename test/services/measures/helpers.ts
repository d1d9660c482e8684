import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { syntheticSite, type SyntheticSite } from '../../../scripts/bench/syntheticLoads';
import { auth, type TestApp } from '../../helpers/testApp';

export type Call = (
  key: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;

export function caller(t: TestApp): Call {
  return (key, method, url, payload) =>
    t.app.inject({ method, url, headers: auth(key), payload: payload as string | object | undefined });
}

export interface Plant {
  site: SyntheticSite;
  siteId: string;
  meterId: string;
  /** An accepted baseline over 2024 (365 days), and one over two months that fails acceptance. */
  baselineId: string;
  failingBaselineId: string;
}

/**
 * A plant on the East grid with one daily electricity meter: 2024 as it was, then from 2024-12-31 (day 366) a year
 * with 10 % of the load saved (the generator's known step-down), with the outdoor temperature and production drivers.
 */
export async function syntheticPlant(call: Call, key: string, seed = 7): Promise<Plant> {
  const site = syntheticSite(seed, 0.1);
  const days = [...site.baseline, ...site.reporting];
  const siteRes = await call(key, 'POST', '/v1/sites', { name: 'Compressor house', gridRegion: 'East' });
  expect(siteRes.statusCode, siteRes.body).to.be.oneOf([200, 201]);
  const meter = await call(key, 'POST', '/v1/meters', {
    siteId: siteRes.json().id,
    externalId: 'AIR-MAIN',
    energyKind: 'electricity',
    intervalSeconds: 86400,
  });
  expect(meter.statusCode, meter.body).to.be.oneOf([200, 201]);
  const readings = days.map((d) => ({
    meter: 'AIR-MAIN',
    start: `${d.day}T00:00:00+08:00`,
    value: d.energy.toFixed(3),
  }));
  const res = await call(key, 'POST', '/v1/readings', { readings });
  expect(res.statusCode, res.body).to.equal(200);
  const temps = days.map((d) => ({ day: d.day, value: (d.temperature as number).toFixed(4) }));
  const prod = days.map((d) => ({ day: d.day, value: d.drivers.production.toFixed(2) }));
  expect(
    (await call(key, 'POST', '/v1/drivers/outdoor_temp/values', { unit: 'degC', values: temps })).statusCode,
  ).to.equal(200);
  expect((await call(key, 'POST', '/v1/drivers/production/values', { unit: 't', values: prod })).statusCode).to.equal(
    200,
  );
  const baseline = await call(key, 'POST', '/v1/baselines', {
    meterIds: [meter.json().id],
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    temperatureDriver: 'outdoor_temp',
    drivers: ['production'],
  });
  expect(baseline.json(), baseline.body).to.include({ accepted: true });
  const failing = await call(key, 'POST', '/v1/baselines', {
    meterIds: [meter.json().id],
    periodStart: '2024-01-01',
    periodEnd: '2024-03-01',
    temperatureDriver: 'outdoor_temp',
  });
  expect(failing.json(), failing.body).to.include({ accepted: false });
  return {
    site,
    siteId: siteRes.json().id,
    meterId: meter.json().id,
    baselineId: baseline.json().id,
    failingBaselineId: failing.json().id,
  };
}

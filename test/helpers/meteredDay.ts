import { expect } from 'chai';
import { auth, type TestApp } from './testApp';

/** 96 quarter-hour readings of one meter over a local (UTC+8) day, each of the same value. */
export function quarterHoursOfDay(
  meter: string,
  localDay: string,
  value: string,
): { meter: string; start: string; value: string }[] {
  const t0 = Date.parse(`${localDay}T00:00:00+08:00`);
  return Array.from({ length: 96 }, (_, i) => ({ meter, start: new Date(t0 + i * 900_000).toISOString(), value }));
}

/**
 * Through the API: an interval electricity meter "E" on the site and one local day of 96 quarter hours, each of
 * `kWh`, on it (so the day holds 96 × kWh).
 */
export async function electricityMeterWithOneDay(
  t: TestApp,
  adminKey: string,
  siteId: string,
  localDay: string,
  kWh: string,
): Promise<void> {
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: auth(adminKey), payload });
  const meter = await post('/v1/meters', {
    siteId,
    externalId: 'E',
    energyKind: 'electricity',
    registerType: 'interval',
  });
  expect(meter.statusCode, meter.body).to.be.oneOf([200, 201]);
  const readings = await post('/v1/readings', { readings: quarterHoursOfDay('E', localDay, kWh) });
  expect(readings.statusCode, readings.body).to.equal(200);
}

import { expect } from 'chai';
import { splitInterval } from '../../../services/tariffs/intervalSplit';
import { tariffSchedule } from '../../../services/tariffs/tariffSchedule';
import type { Tariff } from '../../../services/tariffs/tariffTypes';

const tariff = (id: string, siteId: string | null, validFrom: string, valleyFrom: string): Tariff => ({
  id,
  siteId,
  energyKind: 'electricity',
  unit: 'kWh',
  currency: 'CNY',
  validFrom,
  price: null,
  periods: [
    { period: 'valley', from: valleyFrom, to: '07:00' },
    { period: 'flat', from: '07:00', to: valleyFrom },
  ],
  prices: { flat: '0.7', valley: '0.3' },
  note: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** Asia/Shanghai is UTC+8: local 2026-03-07 (a Saturday) 23:30 is 15:30 UTC. */
describe('splitInterval: an interval cut at local midnight, period and night boundaries', function () {
  const schedule = tariffSchedule([
    tariff('org-v1', null, '2026-03-01', '23:00'),
    tariff('site-v2', 'site', '2026-03-08', '22:00'),
    tariff('other-site', 'elsewhere', '2026-03-01', '21:00'),
  ]);
  const on = (day: string) => schedule('site', 'electricity', day);
  const split = (startIso: string, seconds: number) => {
    const start = Date.parse(startIso) / 1000;
    return splitInterval(start, start + seconds, 'Asia/Shanghai', on).map((p) => [
      p.seconds,
      p.day,
      p.tariff?.tariff.id,
      p.period,
      p.offHours,
    ]);
  };

  it('cuts 23:30–00:30 at midnight, where the site’s own version takes over from the organisation default', function () {
    expect(split('2026-03-07T15:30:00Z', 3600)).to.deep.equal([
      [1800, '2026-03-07', 'org-v1', 'valley', true],
      [1800, '2026-03-08', 'site-v2', 'valley', true],
    ]);
  });

  it('cuts 22:30–23:30 on a weekday at the 23:00 valley boundary; the night class starts at 22:00', function () {
    expect(split('2026-03-02T14:30:00Z', 3600)).to.deep.equal([
      [1800, '2026-03-02', 'org-v1', 'flat', true],
      [1800, '2026-03-02', 'org-v1', 'valley', true],
    ]);
  });

  it('cuts 05:30–06:30 at 06:00, where the night ends, and counts weekday daytime as working hours', function () {
    expect(split('2026-03-02T21:30:00Z', 3600)).to.deep.equal([
      [1800, '2026-03-03', 'org-v1', 'valley', true],
      [1800, '2026-03-03', 'org-v1', 'valley', false],
    ]);
    expect(split('2026-03-03T02:00:00Z', 900)).to.deep.equal([[900, '2026-03-03', 'org-v1', 'flat', false]]);
  });

  it('counts all of Saturday as off hours, and leaves days before any version unpriced', function () {
    expect(split('2026-03-07T02:00:00Z', 900)).to.deep.equal([[900, '2026-03-07', 'org-v1', 'flat', true]]);
    expect(split('2026-02-27T02:00:00Z', 900)).to.deep.equal([[900, '2026-02-27', undefined, null, false]]);
  });
});

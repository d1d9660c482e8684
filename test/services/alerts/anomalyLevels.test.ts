import { expect } from 'chai';
import { rational, type Rational } from '../../../services/accounting/rational';
import { anomaly, type IntervalValue, type MeterDay } from '../../../services/alerts/conditions';

/**
 * The anomaly rule's day level, on a worked profile (pure: the detector the alert worker calls). Four previous weeks
 * of the same weekday: nights (00:00–08:00 and 18:00–24:00) 8 kWh per quarter hour, working hours (08:00–18:00) 16,
 * with the weeks at 0.98, 1.00, 1.02 and 1.00 of that (relative leave-one-out spread 0.01 → band at k = 8:
 * 8 × 1.4826 × 0.01 ≈ 11.9 % of the expected value).
 * - A warm day: every working hour at 1.15 × 16 = 18.4, nights as usual. Judged against the profile alone, all 40
 *   working intervals are 15 % high and outside the band; with the day's own level (median ratio 1.15 of the
 *   high-load intervals) they are expected at 18.4 and nothing is raised.
 * - The same warm day with one interval at 2 × 18.4 (a spike): raised, 1 interval outside.
 * - An outage: 30 of the 40 working intervals at zero. Their median ratio would be 0; the level is clamped at 0.8
 *   (expected 12.8), so the zeros stay far outside the band and the finding names one of them as the largest
 *   deviation; the 10 working intervals still at 16 are 25 % above the lowered level and count as outside too (40).
 */
describe('alert rules: the anomaly rule follows the day’s own level', function () {
  const DAY_S = 86_400;
  const WEEK_S = 7 * DAY_S;
  const start = Date.parse('2025-07-16T00:00:00+08:00') / 1000;
  const working = (i: number) => i >= 32 && i < 72;
  const base = (i: number) => (working(i) ? 16 : 8);
  const q = (x: number) => rational(BigInt(Math.round(x * 1000)), 1000n);

  const history = new Map<number, Rational>();
  [0.98, 1.0, 1.02, 1.0].forEach((f, w) => {
    for (let i = 0; i < 96; i++) history.set(start - (w + 1) * WEEK_S + i * 900, q(base(i) * f));
  });

  function day(value: (i: number) => number): MeterDay {
    const readings: IntervalValue[] = [];
    for (let i = 0; i < 96; i++) readings.push({ start: start + i * 900, quantity: q(value(i)), flags: 0 });
    return {
      day: '2025-07-16',
      startMs: start * 1000,
      endMs: (start + DAY_S) * 1000,
      intervalSeconds: 900,
      timeZone: 'Asia/Shanghai',
      unit: 'kWh',
      readings,
    };
  }
  const params = { weeks: 4, k: '8', minDeviation: '0' };
  const warm = (i: number) => (working(i) ? 18.4 : 8);

  it('raises nothing on a day whose working hours are all 15 % up (a warm day)', function () {
    expect(anomaly(params, day(warm), history)).to.equal(null);
  });

  it('still raises a spike on that day, against the day’s level', function () {
    const finding = anomaly(
      params,
      day((i) => (i === 50 ? 36.8 : warm(i))),
      history,
    );
    expect(finding).to.not.equal(null);
    expect(finding?.observed).to.equal('36.800000');
    expect(finding?.expected).to.equal('18.400000');
    expect(finding?.details).to.include({ intervalsOutside: 1 });
  });

  it('still raises a long outage: the level is clamped at 0.8 of the profile', function () {
    const finding = anomaly(
      params,
      day((i) => (i >= 36 && i < 66 ? 0 : base(i))),
      history,
    );
    expect(finding).to.not.equal(null);
    expect(finding?.observed).to.equal('0.000000');
    expect(finding?.expected).to.equal('12.800000');
    expect(finding?.details).to.include({ intervalsOutside: 40 });
  });
});

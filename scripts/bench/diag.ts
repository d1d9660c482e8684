import { anomaly, type MeterDay } from '../../services/alerts/conditions';
import type { Rational } from '../../services/accounting/rational';
import { meterYear } from './detection/meterYear';
const year = meterYear(1001);
const history = new Map<number, Rational>();
for (const d of year.days) for (const r of d.readings) history.set(r.start, r.quantity);
const inj = new Set(year.injections.map((i) => i.day));
const byHour: Record<string, number> = {};
year.days.forEach((d, idx) => {
  if (inj.has(idx)) return;
  const day: MeterDay = { day: d.day, startMs: d.startMs, endMs: d.startMs + 86400000, intervalSeconds: 900, timeZone: 'Asia/Shanghai', unit: 'kWh', readings: d.readings };
  const f = anomaly({ weeks: 8, k: '5', minDeviation: '0' }, day, history);
  if (f) { const h = new Date(Date.parse(f.details.at as string) + 8 * 3600000).getUTCHours(); byHour[h] = (byHour[h] ?? 0) + 1; if (Math.random() < 0.1) console.log(f.message, f.details.relativeSpread); }
});
console.log(byHour);

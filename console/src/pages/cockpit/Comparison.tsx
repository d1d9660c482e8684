import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { percentChange } from '../../decimal';
import { t } from '../../i18n';

interface Totals {
  energyKgce: string;
  totalKgCO2e: string;
}
interface Intensity {
  product: string;
  unit: string;
  kgcePerUnit: string | null;
  kgCO2ePerUnitLocation: string | null;
}
interface Month {
  totals: Totals;
  intensity: Intensity[];
}
interface Comparison {
  now: Month | null;
  previous: Month | null;
  lastYear: Month | null;
}

const date = (year: number, month: number) => {
  const d = new Date(year, month, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
};

/** A calendar month's inventory preview, or null when the month has no readings (NT_ERR_ACCOUNTING_NO_DATA). */
async function month(year: number, index: number): Promise<Month | null> {
  try {
    const { totals, document } = await api<{ totals: Totals; document: { intensity: Intensity[] } }>(
      'POST',
      '/v1/inventories/preview',
      { start: date(year, index), end: date(year, index + 1) },
    );
    return { totals, intensity: document.intensity };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NT_ERR_ACCOUNTING_NO_DATA') return null;
    throw error;
  }
}

function Change({ now, before, id }: { now?: string; before?: string; id: string }) {
  const change = now !== undefined && before !== undefined ? percentChange(now, before) : null;
  return (
    <td data-change={id} class={change?.startsWith('+') ? 'up' : change ? 'down' : ''}>
      {change === null ? '—' : `${change} %`}
    </td>
  );
}

/**
 * This month against the month before (环比) and the same month a year ago (同比), energy and CO2e, and the
 * intensity per product where production is recorded. Reloaded when `mark` moves (live).
 */
export function MonthComparison({ mark }: { mark: string }) {
  const [data, setData] = useState<Comparison | undefined>();
  useEffect(() => {
    const now = new Date();
    const [y, m] = [now.getFullYear(), now.getMonth()];
    Promise.all([month(y, m), month(y, m - 1), month(y - 1, m)]).then(
      ([current, previous, lastYear]) => setData({ now: current, previous, lastYear }),
      () => setData({ now: null, previous: null, lastYear: null }),
    );
  }, [mark]);
  if (!data) return null;
  const row = (label: string, pick: (m: Month) => string, id: string) => (
    <tr data-row={id}>
      <th scope="row">{label}</th>
      <td>{data.now ? pick(data.now) : '—'}</td>
      <Change
        now={data.now ? pick(data.now) : undefined}
        before={data.previous ? pick(data.previous) : undefined}
        id={`${id}-mom`}
      />
      <Change
        now={data.now ? pick(data.now) : undefined}
        before={data.lastYear ? pick(data.lastYear) : undefined}
        id={`${id}-yoy`}
      />
    </tr>
  );
  return (
    <div class="comparison">
      <table>
        <thead>
          <tr>
            <th />
            <th>{t('thisMonth')}</th>
            <th>{t('monthOnMonth')}</th>
            <th>{t('yearOnYear')}</th>
          </tr>
        </thead>
        <tbody>
          {row(t('energyKgce'), (m) => m.totals.energyKgce, 'energy')}
          {row(t('emissionsCo2e'), (m) => m.totals.totalKgCO2e, 'co2e')}
        </tbody>
      </table>
      {data.now && data.now.intensity.length > 0 && (
        <table class="intensity">
          <thead>
            <tr>
              <th>{t('product')}</th>
              <th>{t('intensityKgce')}</th>
              <th>{t('intensityCo2e')}</th>
            </tr>
          </thead>
          <tbody>
            {data.now.intensity.map((i) => (
              <tr key={`${i.product}/${i.unit}`} data-product={i.product}>
                <td>{i.product}</td>
                <td>
                  {i.kgcePerUnit ?? '—'} kgce/{i.unit}
                </td>
                <td>
                  {i.kgCO2ePerUnitLocation ?? '—'} kgCO2e/{i.unit}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

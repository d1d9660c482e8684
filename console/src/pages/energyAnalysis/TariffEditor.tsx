import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { periodWord } from './Recommendations';
import { TOU_PERIODS, type PeriodRange, type Site, type Tariff, type TouPeriod } from './types';

interface RangeRow {
  period: TouPeriod;
  from: string;
  to: string;
  months: string;
}

/** A common provincial day (valley at night, peaks morning and evening), as a start to edit. */
const TYPICAL_DAY: RangeRow[] = [
  { period: 'valley', from: '23:00', to: '07:00', months: '' },
  { period: 'flat', from: '07:00', to: '08:00', months: '' },
  { period: 'peak', from: '08:00', to: '11:00', months: '' },
  { period: 'flat', from: '11:00', to: '18:00', months: '' },
  { period: 'peak', from: '18:00', to: '23:00', months: '' },
];

const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

function pricesText(tariff: Tariff) {
  if (tariff.price !== null) return `${tariff.price} / ${tariff.unit}`;
  return TOU_PERIODS.filter((p) => tariff.prices[p] !== undefined)
    .map((p) => `${periodWord(p)} ${tariff.prices[p]}`)
    .join(' · ');
}

function rangesText(tariff: Tariff) {
  return tariff.periods
    .map((r) => `${periodWord(r.period)} ${r.from}–${r.to}${r.months ? ` (${r.months.join(',')})` : ''}`)
    .join('; ');
}

/** The tariff versions and a form for a new one: time-of-use ranges with prices, or one price per unit. */
export function TariffEditor(props: { tariffs: Tariff[]; sites: Site[]; kinds: string[]; onChanged: () => void }) {
  const [siteId, setSiteId] = useState('');
  const [energyKind, setEnergyKind] = useState('electricity');
  const [validFrom, setValidFrom] = useState('');
  const [tou, setTou] = useState(true);
  const [rows, setRows] = useState<RangeRow[]>(TYPICAL_DAY);
  const [prices, setPrices] = useState<Partial<Record<TouPeriod, string>>>({});
  const [price, setPrice] = useState('');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const timeOfUse = tou && energyKind === 'electricity';
  const used = TOU_PERIODS.filter((p) => rows.some((r) => r.period === p));
  const siteName = (id: string | null) => (id ? (props.sites.find((s) => s.id === id)?.name ?? id) : t('eaOrgDefault'));
  const setRow = (i: number, patch: Partial<RangeRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function save(e: Event) {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    const periods: PeriodRange[] = rows.map((r) => ({
      period: r.period,
      from: r.from,
      to: r.to,
      months: r.months.trim() ? r.months.split(',').map((m) => Number(m.trim())) : null,
    }));
    const body = timeOfUse ? { periods, prices: Object.fromEntries(used.map((p) => [p, prices[p] ?? ''])) } : { price };
    try {
      await api('POST', '/v1/tariffs', { siteId: siteId || null, energyKind, validFrom, ...body });
      setSaved(true);
      props.onChanged();
    } catch (err) {
      setError(err);
    }
  }

  async function remove(id: string) {
    setError(undefined);
    try {
      await api('DELETE', `/v1/tariffs/${id}`);
      props.onChanged();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="tariffs">
      <h2>{t('eaTariffsTitle')}</h2>
      <table class="tariff-versions">
        <thead>
          <tr>
            <th>{t('eaEnergyKind')}</th>
            <th>{t('eaScope')}</th>
            <th>{t('eaValidFrom')}</th>
            <th>{t('eaPrices')}</th>
            <th>{t('eaPeriod')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.tariffs.map((x) => (
            <tr key={x.id} data-tariff={x.validFrom}>
              <td>{x.energyKind}</td>
              <td>{siteName(x.siteId)}</td>
              <td>{x.validFrom}</td>
              <td>{pricesText(x)}</td>
              <td>{rangesText(x)}</td>
              <td>
                <button type="button" class="link" onClick={() => void remove(x.id)}>
                  {t('eaDelete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('eaAddTariff')}</h3>
      <form class="tariff-form" onSubmit={(e) => void save(e)}>
        <div class="inline-form">
          <label>
            {t('eaScope')}
            <select value={siteId} onChange={(e) => setSiteId(value(e))}>
              <option value="">{t('eaOrgDefault')}</option>
              {props.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('eaEnergyKind')}
            <select value={energyKind} onChange={(e) => setEnergyKind(value(e))}>
              {props.kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('eaValidFrom')}
            <input type="date" required value={validFrom} onInput={(e) => setValidFrom(value(e))} />
          </label>
          {energyKind === 'electricity' && (
            <label>
              <input type="checkbox" checked={tou} onChange={(e) => setTou((e.target as HTMLInputElement).checked)} />
              {t('eaTou')}
            </label>
          )}
        </div>
        {timeOfUse ? (
          <>
            <table class="tariff-ranges">
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} data-range={i + 1}>
                    <td>
                      <select
                        aria-label={`${t('eaPeriod')} ${i + 1}`}
                        value={r.period}
                        onChange={(e) => setRow(i, { period: value(e) as TouPeriod })}
                      >
                        {TOU_PERIODS.map((p) => (
                          <option key={p} value={p}>
                            {periodWord(p)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        aria-label={`${t('eaRangeFrom')} ${i + 1}`}
                        pattern="\d\d:\d\d"
                        value={r.from}
                        onInput={(e) => setRow(i, { from: value(e) })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${t('eaRangeTo')} ${i + 1}`}
                        pattern="\d\d:\d\d"
                        value={r.to}
                        onInput={(e) => setRow(i, { to: value(e) })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${t('eaMonths')} ${i + 1}`}
                        placeholder={t('eaMonths')}
                        value={r.months}
                        onInput={(e) => setRow(i, { months: value(e) })}
                      />
                    </td>
                    <td>
                      <button type="button" class="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                        {t('eaRemoveRange')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button
              type="button"
              class="link"
              onClick={() => setRows([...rows, { period: 'flat', from: '', to: '', months: '' }])}
            >
              {t('eaAddRange')}
            </button>
            <div class="inline-form">
              {used.map((p) => (
                <label key={p}>
                  {`${periodWord(p)} ${t('eaPrice')}`}
                  <input
                    required
                    inputMode="decimal"
                    value={prices[p] ?? ''}
                    onInput={(e) => setPrices({ ...prices, [p]: value(e) })}
                  />
                </label>
              ))}
            </div>
          </>
        ) : (
          <div class="inline-form">
            <label>
              {t('eaSinglePrice')}
              <input required inputMode="decimal" value={price} onInput={(e) => setPrice(value(e))} />
            </label>
          </div>
        )}
        <button type="submit">{t('eaSave')}</button>
        {saved && <p class="notice">{t('eaTariffSaved')}</p>}
      </form>
      <ErrorBox error={error} />
    </section>
  );
}

import { useState } from 'preact/hooks';
import { ApiError, csrfToken } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { DriverSummary } from './types';

interface Problem {
  index: number;
  field: string;
  message: string;
}

/**
 * The organisation's driver series and an upload of one as CSV text (day,value), sent as text/csv so the API checks
 * every line and names each problem by its line number.
 */
export function DriverPanel(props: { drivers: DriverSummary[]; onUploaded: () => void }) {
  const [error, setError] = useState<unknown>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [stored, setStored] = useState<number | undefined>();

  async function upload(form: HTMLFormElement) {
    setError(undefined);
    setProblems([]);
    setStored(undefined);
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const unit = String(data.get('unit') ?? '').trim();
    const token = csrfToken();
    const res = await fetch(`/v1/drivers/${encodeURIComponent(name)}/values?unit=${encodeURIComponent(unit)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'text/csv', ...(token ? { 'x-csrf-token': token } : {}) },
      body: String(data.get('csv') ?? ''),
    });
    const body = (await res.json()) as {
      stored?: number;
      code?: string;
      message?: string;
      hint?: string;
      errors?: Problem[];
    };
    if (res.ok) {
      setStored(body.stored);
      form.reset();
      props.onUploaded();
      return;
    }
    setError(new ApiError(res.status, body.code ?? 'NT_ERR', body.message ?? res.statusText, body.hint ?? ''));
    setProblems(body.errors ?? []);
  }

  return (
    <div class="panel" data-panel="drivers">
      <h2>{t('blDrivers')}</h2>
      {props.drivers.length === 0 ? (
        <p class="notice">{t('blNoDrivers')}</p>
      ) : (
        <table data-table="drivers">
          <thead>
            <tr>
              <th>{t('blName')}</th>
              <th>{t('blDriverUnit')}</th>
              <th class="num">{t('blDriverDays')}</th>
              <th>{t('blDriverFrom')}</th>
              <th>{t('blDriverTo')}</th>
            </tr>
          </thead>
          <tbody>
            {props.drivers.map((d) => (
              <tr key={d.name} data-driver={d.name}>
                <td>
                  <code>{d.name}</code>
                </td>
                <td>{d.unit}</td>
                <td class="num">{d.days}</td>
                <td>{d.firstDay ?? '—'}</td>
                <td>{d.lastDay ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="controls"
        data-form="driver"
        onSubmit={(e) => {
          e.preventDefault();
          void upload(e.currentTarget).catch(setError);
        }}
      >
        <label>
          {t('blDriverName')}
          <input name="name" required pattern="[a-z][a-z0-9_]{0,63}" />
        </label>
        <label>
          {t('blDriverUnit')}
          <input name="unit" required size={6} />
        </label>
        <label class="wide">
          {t('blDriverCsv')}
          <textarea name="csv" rows={4} cols={40} required placeholder={'day,value\n2024-01-01,3.5'} />
        </label>
        <button type="submit">{t('blUpload')}</button>
      </form>
      {stored !== undefined && (
        <p class="notice" data-field="stored">
          {t('blUploaded')}: {stored}
        </p>
      )}
      <ErrorBox error={error} />
      {problems.length > 0 && (
        <table data-table="driver-problems">
          <thead>
            <tr>
              <th class="num">{t('blLine')}</th>
              <th>{t('blField')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={`${p.index}-${p.field}`}>
                <td class="num">{p.index}</td>
                <td>{p.field}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

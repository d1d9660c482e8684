import { useState } from 'preact/hooks';
import { ApiError, csrfToken } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Meter } from './types';

interface Problem {
  index: number;
  field: string;
  code: string;
  message: string;
  hint: string;
}
interface Result {
  written?: number;
  errorCount?: number;
  errors?: Problem[];
}

const FIXED = '__fixed__';
const NONE = '';

/** The header row's column names (first line; the delimiter the file uses most of , ; or tab). */
function headerOf(text: string): { columns: string[]; delimiter: ',' | ';' | '\t' } {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = ([',', ';', '\t'] as const).reduce((best, d) =>
    first.split(d).length > first.split(best).length ? d : best,
  );
  return { columns: first.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '')), delimiter };
}

const guess = (columns: string[], pattern: RegExp) => columns.find((c) => pattern.test(c)) ?? columns[0] ?? '';

/**
 * CSV upload with the column mapping chosen on screen (POST /v1/readings/csv takes the mapping as JSON). A refused
 * file lists every problem at once, row by row, as the API reports them.
 */
export function CsvUpload(props: { meters: Meter[] }) {
  const [file, setFile] = useState<File | undefined>();
  const [columns, setColumns] = useState<string[]>([]);
  const [delimiter, setDelimiter] = useState<',' | ';' | '\t'>(',');
  const [map, setMap] = useState({ time: '', timeField: 'start', meter: '', fixedMeter: '', value: '', unit: NONE });
  const [result, setResult] = useState<Result | undefined>();
  const [error, setError] = useState<unknown>();
  const active = props.meters.filter((m) => m.retiredAt === null);

  async function choose(chosen: File | undefined) {
    setResult(undefined);
    setError(undefined);
    setFile(chosen);
    if (!chosen) return;
    const header = headerOf(await chosen.slice(0, 64 * 1024).text());
    setColumns(header.columns);
    setDelimiter(header.delimiter);
    setMap({
      time: guess(header.columns, /time|start|date|时间/i),
      timeField: 'start',
      meter: header.columns.find((c) => /meter|表/i.test(c)) ?? FIXED,
      fixedMeter: active[0]?.externalId ?? '',
      value: guess(header.columns, /value|kwh|读数|数值/i),
      unit: header.columns.find((c) => /^unit$|单位/i.test(c)) ?? NONE,
    });
  }

  async function upload() {
    if (!file) return;
    setResult(undefined);
    setError(undefined);
    const mapping = {
      time: map.time,
      timeField: map.timeField,
      meter: map.meter === FIXED ? { value: map.fixedMeter } : map.meter,
      value: map.value,
      ...(map.unit === NONE ? {} : { unit: map.unit }),
      ...(delimiter === ',' ? {} : { delimiter }),
    };
    const body = new FormData();
    body.append('mapping', JSON.stringify(mapping));
    body.append('file', file, file.name);
    const token = csrfToken();
    const res = await fetch('/v1/readings/csv', {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
    });
    const data = (await res.json()) as Result & { code?: string; message?: string; hint?: string };
    if (res.ok || data.errors) setResult(data);
    else setError(new ApiError(res.status, data.code ?? 'NT_ERR', data.message ?? res.statusText, data.hint ?? ''));
  }

  const set = (key: keyof typeof map) => (e: { currentTarget: HTMLSelectElement }) =>
    setMap({ ...map, [key]: e.currentTarget.value });
  const columnSelect = (key: 'time' | 'meter' | 'value' | 'unit', extra?: [string, string]) => (
    <select name={`map-${key}`} value={map[key]} onChange={set(key)}>
      {extra && <option value={extra[0]}>{extra[1]}</option>}
      {columns.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  );

  return (
    <div class="panel" data-panel="csv">
      <h2>{t('mtrCsv')}</h2>
      <p class="help">{t('mtrCsvHelp')}</p>
      <label>
        {t('mtrCsvFile')}{' '}
        <input
          type="file"
          name="csv"
          accept=".csv,text/csv"
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
        />
      </label>
      {columns.length > 0 && (
        <form
          class="controls"
          data-form="csv-mapping"
          onSubmit={(e) => {
            e.preventDefault();
            void upload().catch(setError);
          }}
        >
          <p class="help wide">
            {t('mtrColumnsFound')}: <code>{columns.join(' | ')}</code>
          </p>
          <label>
            {t('mtrCsvTime')}
            {columnSelect('time')}
          </label>
          <label>
            {t('mtrCsvTimeField')}
            <select name="map-timeField" value={map.timeField} onChange={set('timeField')}>
              <option value="start">{t('mtrCsvStart')}</option>
              <option value="end">{t('mtrCsvEnd')}</option>
              <option value="at">{t('mtrCsvAt')}</option>
            </select>
          </label>
          <label>
            {t('mtrCsvMeter')}
            {columnSelect('meter', [FIXED, t('mtrCsvFixedMeter')])}
          </label>
          {map.meter === FIXED && (
            <label>
              {t('mtrMeters')}
              <select name="map-fixedMeter" value={map.fixedMeter} onChange={set('fixedMeter')}>
                {active.map((m) => (
                  <option key={m.id} value={m.externalId}>
                    {m.externalId}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('mtrCsvValue')}
            {columnSelect('value')}
          </label>
          <label>
            {t('mtrCsvUnit')}
            {columnSelect('unit', [NONE, t('mtrCsvNoUnit')])}
          </label>
          <button type="submit">{t('mtrCsvUpload')}</button>
        </form>
      )}
      <ErrorBox error={error} />
      {result?.written !== undefined && (
        <p class="done" data-result="written">
          {t('mtrCsvDone')}: <strong>{result.written}</strong>
        </p>
      )}
      {result?.errors && (
        <div class="problems" role="alert" data-result="problems">
          <p>
            <strong>{result.errorCount ?? result.errors.length}</strong> {t('mtrCsvProblems')}
          </p>
          <table>
            <thead>
              <tr>
                <th>{t('mtrCsvRow')}</th>
                <th>{t('mtrCsvField')}</th>
                <th>code</th>
                <th>{t('mtrCsvMessage')}</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((p) => (
                <tr key={`${p.index}-${p.field}`} data-problem={p.index}>
                  <td>{p.index}</td>
                  <td>{p.field}</td>
                  <td>
                    <code>{p.code}</code>
                  </td>
                  <td>
                    {p.message}
                    <br />
                    <span class="error-hint">
                      {t('errorHint')}: {p.hint}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

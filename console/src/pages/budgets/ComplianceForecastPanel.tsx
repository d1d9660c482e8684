import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { minorToMajor } from '../scenarios/money';
import type { ComplianceForecast, ComplianceWarning } from './complianceTypes';

const WARNINGS: Record<Exclude<ComplianceWarning, null>, MessageKey> = {
  actual_over_cover: 'cfWarnActual',
  forecast_over_cover: 'cfWarnForecast',
  upper_bound_over_cover: 'cfWarnUpper',
};

/** Today in China Standard Time, the day the API also defaults to. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function Row(props: { label: MessageKey; field: string; children: preact.ComponentChildren }) {
  return (
    <tr data-row={props.field}>
      <th>{t(props.label)}</th>
      <td class="num" data-field={props.field}>
        {props.children}
      </td>
    </tr>
  );
}

/** A shortfall's cost in yuan from its minor units, or why there is none. */
function cost(minor: string | null, f: ComplianceForecast): string {
  if (minor === null) return f.coverT.chain ? t('cfNoPrice') : t('cfChainOff');
  return `${minorToMajor(minor)} ${f.lastPrice?.currency ?? ''}`.trim();
}

/**
 * The compliance shortfall forecast of an enterprise (GET /v1/market/years/{year}/compliance-forecast): the year's
 * emissions forecast to its end as whole tonnes owed, against the allowances held and surrendered, and the shortfall's
 * cost at the last traded price. Figures are the API's strings; yuan are the minor units with the point moved.
 */
export function ComplianceForecastPanel() {
  const today = todayInChina();
  const [year, setYear] = useState(today.slice(0, 4));
  const [asOf, setAsOf] = useState(today);
  const [forecast, setForecast] = useState<ComplianceForecast | undefined>();
  const [error, setError] = useState<unknown>();
  async function show() {
    setError(undefined);
    setForecast(undefined);
    try {
      const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
      setForecast(
        await api<ComplianceForecast>(
          'GET',
          `/v1/market/years/${encodeURIComponent(year)}/compliance-forecast${query}`,
        ),
      );
    } catch (e) {
      setError(e);
    }
  }
  const f = forecast;
  return (
    <div class="panel" data-panel="compliance-forecast">
      <h2>{t('cfTitle')}</h2>
      <form
        class="controls"
        data-form="compliance-forecast"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <label>
          {t('cfYear')}
          <input
            name="year"
            type="number"
            min="2000"
            max="2200"
            value={year}
            onInput={(e) => setYear(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('budAsOf')}
          <input name="asOf" type="date" value={asOf} onInput={(e) => setAsOf(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('cfShow')}</button>
      </form>
      <ErrorBox error={error} />
      {f && (
        <>
          <p class={f.warning ? 'verdict warn' : 'verdict ok'} data-field="warning" data-warning={f.warning ?? 'none'}>
            {f.warning ? t(WARNINGS[f.warning]) : t('cfOk')}
          </p>
          <table data-table="compliance-forecast">
            <tbody>
              <Row label="cfEmissionsActual" field="emissions-actual">
                {f.emissionsKg.actual}
              </Row>
              <Row label="cfEmissionsForecast" field="emissions-forecast">
                {f.emissionsKg.forecast}
              </Row>
              <Row label="cfEmissionsInterval" field="emissions-interval">
                {f.emissionsKg.lower !== null && f.emissionsKg.upper !== null
                  ? `${f.emissionsKg.lower} – ${f.emissionsKg.upper} (${Math.round(f.confidence * 100)} %)`
                  : '—'}
              </Row>
              <Row label="cfObligationActual" field="obligation-actual">
                {f.obligationT.actual}
              </Row>
              <Row label="cfObligationForecast" field="obligation-forecast">
                {f.obligationT.forecast}
              </Row>
              <Row label="cfObligationUpper" field="obligation-upper">
                {f.obligationT.upper ?? '—'}
              </Row>
              <Row label="cfHeld" field="held">
                {f.coverT.held}
                {!f.coverT.chain && <span class="notice"> ({t('cfChainOff')})</span>}
              </Row>
              <Row label="cfSurrendered" field="surrendered">
                {f.coverT.surrendered}
                {!f.coverT.chain && <span class="notice"> ({t('cfChainOff')})</span>}
              </Row>
              <Row label="cfShortfall" field="shortfall">
                {f.shortfallT.forecast ?? '—'}
                {f.shortfallT.upper !== null && ` (${t('cfUpTo')} ${f.shortfallT.upper})`}
              </Row>
              <Row label="cfShortfallCost" field="cost">
                {cost(f.shortfallCostMinorUnits.forecast, f)}
              </Row>
            </tbody>
          </table>
          <p class="legend">
            {t('budElapsed')} {f.elapsedDays} · {t('budRemaining')} {f.remainingDays} · {t('budHistory')}{' '}
            {f.historyDays} · {f.rule}
          </p>
        </>
      )}
    </div>
  );
}

import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Meter } from '../meters/types';
import type { Baseline, DriverSummary } from './types';

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

/**
 * Fits a baseline (POST /v1/baselines) over the chosen meters and period with degree days from a temperature driver
 * and any other drivers; the API stores it with its acceptance verdict even when it fails.
 */
export function BaselineForm(props: { meters: Meter[]; drivers: DriverSummary[]; onFitted: (b: Baseline) => void }) {
  const [error, setError] = useState<unknown>();
  async function fit(form: HTMLFormElement) {
    setError(undefined);
    const data = new FormData(form);
    try {
      const baseline = await api<Baseline>('POST', '/v1/baselines', {
        name: text(data, 'name') || null,
        meterIds: data.getAll('meterIds').map(String),
        periodStart: text(data, 'periodStart'),
        periodEnd: text(data, 'periodEnd'),
        temperatureDriver: text(data, 'temperatureDriver') || null,
        drivers: data.getAll('drivers').map(String),
      });
      props.onFitted(baseline);
    } catch (e) {
      setError(e);
    }
  }
  const active = props.meters.filter((m) => m.retiredAt === null);
  return (
    <form
      class="controls"
      data-form="baseline"
      onSubmit={(e) => {
        e.preventDefault();
        void fit(e.currentTarget);
      }}
    >
      <label>
        {t('blName')}
        <input name="name" />
      </label>
      <label>
        {t('blMeters')}
        <select name="meterIds" multiple size={Math.min(4, Math.max(2, active.length))} required>
          {active.map((m) => (
            <option key={m.id} value={m.id}>
              {m.externalId} ({m.unit})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('blStart')}
        <input name="periodStart" type="date" required />
      </label>
      <label>
        {t('blEnd')}
        <input name="periodEnd" type="date" required />
      </label>
      <label>
        {t('blTemperature')}
        <select name="temperatureDriver">
          <option value="">{t('blNoTemperature')}</option>
          {props.drivers.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name} ({d.unit})
            </option>
          ))}
        </select>
      </label>
      <fieldset class="drivers">
        <legend>{t('blOtherDrivers')}</legend>
        {props.drivers.map((d) => (
          <label key={d.name} class="inline">
            <input type="checkbox" name="drivers" value={d.name} /> {d.name}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('blCreate')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

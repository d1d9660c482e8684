import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { Site } from '../meters/types';

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

/** Sets a budget for the organisation or one site; the API checks the period and amounts and its refusal is shown. */
export function BudgetForm(props: { sites: Site[]; onCreated: () => void }) {
  const [error, setError] = useState<unknown>();
  async function create(form: HTMLFormElement) {
    setError(undefined);
    const data = new FormData(form);
    try {
      await api('POST', '/v1/budgets', {
        name: text(data, 'name') || null,
        siteId: text(data, 'siteId') || null,
        periodStart: text(data, 'periodStart'),
        periodEnd: text(data, 'periodEnd'),
        energyKgce: text(data, 'energyKgce') || null,
        co2eKg: text(data, 'co2eKg') || null,
      });
      form.reset();
      props.onCreated();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form
      class="controls"
      data-form="budget"
      onSubmit={(e) => {
        e.preventDefault();
        void create(e.currentTarget);
      }}
    >
      <label>
        {t('budName')}
        <input name="name" />
      </label>
      <label>
        {t('budScope')}
        <select name="siteId">
          <option value="">{t('budWholeOrg')}</option>
          {props.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('budStart')}
        <input name="periodStart" type="date" required />
      </label>
      <label>
        {t('budEnd')}
        <input name="periodEnd" type="date" required />
      </label>
      <label>
        {t('budEnergy')}
        <input name="energyKgce" inputMode="decimal" size={12} />
      </label>
      <label>
        {t('budCo2e')}
        <input name="co2eKg" inputMode="decimal" size={12} />
      </label>
      <button type="submit">{t('budCreate')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

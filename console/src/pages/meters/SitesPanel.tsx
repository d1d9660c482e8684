import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { formFields, type Site } from './types';

/** The organisation's sites and a form to add one. */
export function SitesPanel(props: { sites: Site[]; onChanged: () => void }) {
  const [error, setError] = useState<unknown>();
  async function create(form: HTMLFormElement) {
    setError(undefined);
    const f = formFields(form);
    try {
      await api('POST', '/v1/sites', { name: f.name, gridRegion: f.gridRegion || null });
      form.reset();
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div class="panel" data-panel="sites">
      <h2>{t('mtrSites')}</h2>
      <ul class="site-list">
        {props.sites.map((s) => (
          <li key={s.id} data-site={s.name}>
            {s.name} {s.gridRegion && <span class="muted">· {s.gridRegion}</span>}
          </li>
        ))}
      </ul>
      <form
        class="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void create(e.currentTarget);
        }}
      >
        <label>
          {t('mtrSiteName')}
          <input name="name" required />
        </label>
        <label>
          {t('mtrGridRegion')}
          <input name="gridRegion" />
        </label>
        <button type="submit">{t('mtrCreateSite')}</button>
      </form>
      <ErrorBox error={error} />
    </div>
  );
}

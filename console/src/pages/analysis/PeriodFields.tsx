import { t } from '../../i18n';
import type { Site } from '../meters/types';

/** The period and sites an analysis form sends: `end` is exclusive, no `siteIds` means every site. */
export interface PeriodChoice {
  start: string;
  end: string;
  siteIds?: string[];
}

/** Reads the fields of {@link PeriodFields} from a submitted form, leaving `siteIds` out when none was chosen. */
export function periodFromForm(form: HTMLFormElement): PeriodChoice {
  const data = new FormData(form);
  const siteIds = data.getAll('siteIds').map(String);
  return {
    start: String(data.get('start') ?? ''),
    end: String(data.get('end') ?? ''),
    ...(siteIds.length ? { siteIds } : {}),
  };
}

/** Start date, exclusive end date and, when there is more than one site, a choice of sites: inside an analysis form. */
export function PeriodFields(props: { sites: Site[] }) {
  return (
    <>
      <label>
        {t('scnStart')}
        <input name="start" type="date" required />
      </label>
      <label>
        {t('scnEnd')}
        <input name="end" type="date" required />
      </label>
      {props.sites.length > 1 && (
        <label>
          {t('scnSites')}
          <select name="siteIds" multiple size={Math.min(4, props.sites.length)}>
            {props.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

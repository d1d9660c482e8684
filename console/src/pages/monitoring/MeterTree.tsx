import { t } from '../../i18n';
import type { Meter, Site } from './types';

/** Sites with their meters; a tick adds a meter to the selection (several ticks make a group). */
export function MeterTree(props: {
  sites: Site[];
  meters: Meter[];
  selected: string[];
  onToggle: (meterId: string) => void;
}) {
  if (props.meters.length === 0)
    return (
      <p class="notice" data-empty="meters">
        {t('monNoMeters')} <a href="#/meters">{t('navMeters')}</a>
      </p>
    );
  return (
    <div class="tree" data-tree="meters">
      <p class="help">{t('monTreeHelp')}</p>
      <ul>
        {props.sites.map((site) => (
          <li key={site.id} data-site={site.name}>
            <strong>{site.name}</strong>
            <ul>
              {props.meters
                .filter((m) => m.siteId === site.id)
                .map((m) => (
                  <li key={m.id}>
                    <label class={props.selected.includes(m.id) ? 'selected' : ''}>
                      <input
                        type="checkbox"
                        data-meter={m.externalId}
                        checked={props.selected.includes(m.id)}
                        onChange={() => props.onToggle(m.id)}
                      />{' '}
                      {m.name ? `${m.name} (${m.externalId})` : m.externalId} <span class="unit">{m.unit}</span>
                      {m.retiredAt && <span class="unit"> · {t('mtrRetired')}</span>}
                    </label>
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

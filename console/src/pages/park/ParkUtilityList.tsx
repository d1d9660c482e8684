import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { ParkUtility } from './parkSetupTypes';
import { text, useSubmit } from './useSubmit';

/** Records what one utility delivered over a period, in its kind's unit (the API replaces the same period). */
function OutputForm({ utility, onRecorded }: { utility: ParkUtility; onRecorded: () => void }) {
  const { error, onSubmit } = useSubmit(
    (data) =>
      api('POST', `/v1/park/utilities/${utility.id}/outputs`, {
        periodStart: text(data, 'periodStart'),
        periodEnd: text(data, 'periodEnd'),
        quantity: text(data, 'quantity'),
      }),
    onRecorded,
  );
  return (
    <form class="controls" data-form="utility-output" onSubmit={onSubmit}>
      <label>
        {t('parkFormStart')}
        <input name="periodStart" type="date" required />
      </label>
      <label>
        {t('parkFormEnd')}
        <input name="periodEnd" type="date" required />
      </label>
      <label>
        {t('parkUtilityOutput')} ({utility.unit})
        <input name="quantity" inputMode="decimal" size={12} required />
      </label>
      <button type="submit" name="recordUtilityOutput">
        {t('parkFormRecordOutput')}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

/** The park's utilities with their keys and recorded outputs, each with a form to record another output. */
export function ParkUtilityList(props: {
  utilities: ParkUtility[];
  kindLabels: Record<string, string>;
  onChanged: () => void;
}) {
  const { utilities, kindLabels, onChanged } = props;
  if (utilities.length === 0) return <p class="notice">{t('parkFormNoUtilities')}</p>;
  return (
    <ul class="park-utilities">
      {utilities.map((u) => (
        <li key={u.id} data-park-utility={u.name}>
          <strong>{u.name}</strong> · {kindLabels[u.energyKind] ?? u.energyKind} ({u.unit}) ·{' '}
          <span data-allocation-kind={u.allocation}>
            {u.allocation === 'fixed' ? t('parkAllocationFixed') : t('parkAllocationMetered')}
          </span>
          {u.key.length > 0 && <span data-key> · {u.key.map((k) => `${k.name} ${k.weight}`).join(' : ')}</span>}
          {u.outputs.length > 0 && (
            <ul class="outputs">
              {u.outputs.map((o) => (
                <li key={o.periodStart} data-output={o.periodStart}>
                  {o.periodStart} – {o.periodEnd}: {o.quantity} {u.unit}
                </li>
              ))}
            </ul>
          )}
          <OutputForm utility={u} onRecorded={onChanged} />
        </li>
      ))}
    </ul>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { formFields, type EnergyKind, type Meter, type MeterChange } from './types';

const shown = (values: Record<string, unknown>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join(', ');

/** Corrects CT/PT and the reading unit with a reason, retires the meter, and shows its audit trail. */
export function MeterCorrection(props: {
  meter: Meter;
  kind?: EnergyKind;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { meter } = props;
  const [changes, setChanges] = useState<MeterChange[]>([]);
  const [error, setError] = useState<unknown>();
  const [appliesFrom, setAppliesFrom] = useState<string | null | undefined>();
  const [unit, setUnit] = useState(meter.readingUnit);
  const loadChanges = () => api<MeterChange[]>('GET', `/v1/meters/${meter.id}/changes`).then(setChanges, setError);
  useEffect(() => {
    setAppliesFrom(undefined);
    setError(undefined);
    setUnit(meter.readingUnit);
    void loadChanges();
  }, [meter.id]);

  async function correct(form: HTMLFormElement) {
    setError(undefined);
    const f = formFields(form);
    const body: Record<string, string> = {};
    if (f.ctRatio && f.ctRatio !== meter.ctRatio) body.ctRatio = f.ctRatio;
    if (f.ptRatio && f.ptRatio !== meter.ptRatio) body.ptRatio = f.ptRatio;
    if (f.readingUnit && f.readingUnit !== meter.readingUnit) body.readingUnit = f.readingUnit;
    if (f.reason) body.reason = f.reason;
    try {
      const answer = await api<{ appliesFrom: string | null }>('PATCH', `/v1/meters/${meter.id}`, body);
      setAppliesFrom(answer.appliesFrom);
      props.onChanged();
      await loadChanges();
    } catch (e) {
      setError(e);
    }
  }

  async function retire(form: HTMLFormElement) {
    setError(undefined);
    const f = formFields(form);
    try {
      await api('POST', `/v1/meters/${meter.id}/retire`, f.reason ? { reason: f.reason } : {});
      setAppliesFrom(undefined);
      props.onChanged();
      await loadChanges();
    } catch (e) {
      setError(e);
    }
  }

  const units = props.kind ? Object.keys(props.kind.units) : [meter.readingUnit];
  return (
    <div class="panel correction" data-panel="correction" data-meter={meter.externalId}>
      <h2>
        {t('mtrCorrect')}: {meter.externalId}{' '}
        <button type="button" class="link" onClick={props.onClose}>
          {t('mtrClose')}
        </button>
      </h2>
      {meter.retiredAt !== null && (
        <p class="notice" data-retired={meter.retiredAt}>
          {t('mtrRetired')}: {new Date(meter.retiredAt).toLocaleString()}
        </p>
      )}
      {meter.retiredAt === null && (
        <form
          class="controls"
          data-form="correct"
          onSubmit={(e) => {
            e.preventDefault();
            void correct(e.currentTarget);
          }}
        >
          <label>
            {t('mtrCt')}
            <input name="ctRatio" size={6} defaultValue={meter.ctRatio} key={`ct${meter.ctRatio}`} />
          </label>
          <label>
            {t('mtrPt')}
            <input name="ptRatio" size={6} defaultValue={meter.ptRatio} key={`pt${meter.ptRatio}`} />
          </label>
          <label>
            {t('mtrReadingUnit')}
            <select name="readingUnit" value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
              {units.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </label>
          <label class="wide">
            {t('mtrReason')}
            <input name="reason" size={40} />
          </label>
          <button type="submit">{t('mtrSaveCorrection')}</button>
        </form>
      )}
      {appliesFrom && (
        <p class="applies" data-applies-from={appliesFrom}>
          {t('mtrAppliesFrom')} {new Date(appliesFrom).toLocaleString()}
        </p>
      )}
      {appliesFrom === null && <p class="applies">{t('mtrSaved')}</p>}
      {meter.retiredAt === null && (
        <form
          class="controls"
          data-form="retire"
          onSubmit={(e) => {
            e.preventDefault();
            void retire(e.currentTarget);
          }}
        >
          <label class="wide">
            {t('mtrReason')}
            <input name="reason" size={40} required />
          </label>
          <button type="submit" class="danger">
            {t('mtrRetireConfirm')}
          </button>
        </form>
      )}
      <ErrorBox error={error} />
      <h2>{t('mtrAudit')}</h2>
      {changes.length === 0 ? (
        <p class="notice">{t('mtrNoChanges')}</p>
      ) : (
        <table data-table="audit">
          <thead>
            <tr>
              <th>{t('mtrWhen')}</th>
              <th>{t('mtrWho')}</th>
              <th>{t('mtrAction')}</th>
              <th>{t('mtrBefore')}</th>
              <th>{t('mtrAfter')}</th>
              <th>{t('mtrReasonShort')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.id} data-change={c.id}>
                <td>{new Date(c.changedAt).toLocaleString()}</td>
                <td>
                  {c.changedBy.keyName} ({c.changedBy.keyPrefix})
                </td>
                <td>{t(c.action === 'retire' ? 'mtrActionRetire' : 'mtrActionCorrect')}</td>
                <td>{shown(c.before)}</td>
                <td>{shown(c.after)}</td>
                <td>{c.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

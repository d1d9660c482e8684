import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { formFields, type EnergyKind, type Site } from './types';

/** Registers a meter; the API checks kind, unit and ratios and its refusal is shown with its hint. */
export function CreateMeter(props: { sites: Site[]; kinds: EnergyKind[]; onCreated: () => void }) {
  const [error, setError] = useState<unknown>();
  async function create(form: HTMLFormElement) {
    setError(undefined);
    const f = formFields(form);
    try {
      await api('POST', '/v1/meters', {
        siteId: f.siteId,
        externalId: f.externalId,
        name: f.name || null,
        energyKind: f.energyKind,
        ...(f.ctRatio ? { ctRatio: f.ctRatio } : {}),
        ...(f.ptRatio ? { ptRatio: f.ptRatio } : {}),
      });
      form.reset();
      props.onCreated();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <form
      class="controls create-meter"
      data-form="create-meter"
      onSubmit={(e) => {
        e.preventDefault();
        void create(e.currentTarget);
      }}
    >
      <label>
        {t('mtrSite')}
        <select name="siteId" required>
          {props.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('mtrExternalId')}
        <input name="externalId" required />
      </label>
      <label>
        {t('mtrName')}
        <input name="name" />
      </label>
      <label>
        {t('mtrKind')}
        <select name="energyKind">
          {props.kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.kind} ({k.unit})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('mtrCt')}
        <input name="ctRatio" size={6} placeholder="1" />
      </label>
      <label>
        {t('mtrPt')}
        <input name="ptRatio" size={6} placeholder="1" />
      </label>
      <button type="submit">{t('mtrCreateMeter')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

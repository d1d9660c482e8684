import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import {
  CHANGE_KINDS,
  KIND_LABELS,
  type ChangeKind,
  type EnergyKind,
  type FactorSet,
  type ScenarioChange,
} from './types';

const REGIONS = ['grid_region', 'province', 'national'];
const FUEL_METHODS = ['gbt32151', 'ipcc2006'];
const GWPS = ['AR4', 'AR5', 'AR6'];

/** The form's fields as a change: empty optional fields are left out, so the API applies its own defaults. */
function changeFrom(kind: ChangeKind, form: HTMLFormElement): ScenarioChange {
  const data = new FormData(form);
  const change: ScenarioChange = { kind };
  for (const [name, value] of data.entries()) {
    const text = String(value).trim();
    if (name !== 'kind' && text !== '') change[name] = text;
  }
  return change;
}

function Choice(props: { name: string; label: string; options: string[]; optional?: boolean }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.optional && <option value="">{t('scnUnchanged')}</option>}
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Adds one change to the scenario; the fields follow the kind chosen. */
export function ChangeForm(props: {
  kinds: EnergyKind[];
  factorSets: FactorSet[];
  onAdd: (c: ScenarioChange) => void;
}) {
  const [kind, setKind] = useState<ChangeKind>('production');
  const kinds = props.kinds.map((k) => k.kind);
  const field = (name: string, label: string, required = true) => (
    <label>
      {label}
      <input name={name} inputMode="decimal" size={8} required={required} />
    </label>
  );
  return (
    <form
      class="controls"
      data-form="change"
      onSubmit={(e) => {
        e.preventDefault();
        props.onAdd(changeFrom(kind, e.currentTarget));
        e.currentTarget.reset();
        setKind(kind);
      }}
    >
      <label>
        {t('scnKind')}
        <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as ChangeKind)}>
          {CHANGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(KIND_LABELS[k])}
            </option>
          ))}
        </select>
      </label>
      {kind === 'production' && field('percent', t('scnPercent'))}
      {kind === 'efficiency' && (
        <>
          {field('percent', t('scnSaving'))}
          <Choice name="energyKind" label={t('scnEnergyKind')} options={kinds} optional />
        </>
      )}
      {kind === 'fuel_switch' && (
        <>
          <Choice name="from" label={t('scnFrom')} options={kinds} />
          <Choice name="to" label={t('scnTo')} options={kinds} />
          {field('share', t('scnShare'), false)}
          {field('energyRatio', t('scnRatio'), false)}
        </>
      )}
      {(kind === 'pv' || kind === 'green_power') && field('mwh', t('scnMwh'))}
      {kind === 'method' && (
        <>
          <label>
            {t('scnFactorSet')}
            <select name="factorSetId">
              <option value="">{t('scnUnchanged')}</option>
              {props.factorSets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} v{s.version}
                </option>
              ))}
            </select>
          </label>
          <Choice name="electricityRegion" label={t('scnRegion')} options={REGIONS} optional />
          <Choice name="fuelMethod" label={t('scnFuelMethod')} options={FUEL_METHODS} optional />
          <Choice name="gwp" label={t('scnGwp')} options={GWPS} optional />
        </>
      )}
      <button type="submit">{t('scnAdd')}</button>
    </form>
  );
}

import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';

/**
 * Marks a meter as the output of a conversion unit (a boiler's steam meter) with the meters it consumes and the
 * reference efficiency it should reach (PUT /v1/meters/{id}/conversion); the balance and the optimisation list reload.
 */
export function ConversionUnitForm({ onSaved }: { onSaved: () => void }) {
  const [output, setOutput] = useState('');
  const [inputs, setInputs] = useState('');
  const [name, setName] = useState('');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>();
  const save = (e: Event) => {
    e.preventDefault();
    setError(undefined);
    api('PUT', `/v1/meters/${encodeURIComponent(output.trim())}/conversion`, {
      inputs: inputs
        .split(/[,，\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      name: name.trim() || null,
      referenceEfficiencyPercent: reference.trim() || null,
    }).then(onSaved, setError);
  };
  return (
    <form class="inline-form conversion-unit-form" onSubmit={save}>
      <label>
        {t('balFormOutput')}
        <input required value={output} onInput={(e) => setOutput((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t('balFormInputs')}
        <input required value={inputs} onInput={(e) => setInputs((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t('balFormName')}
        <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t('balFormReference')}
        <input
          inputMode="decimal"
          size={6}
          value={reference}
          onInput={(e) => setReference((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">{t('balFormSave')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

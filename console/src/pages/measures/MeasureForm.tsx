import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { FIELD, KIND_LABEL } from './types';

interface Meter {
  id: string;
  externalId: string;
  name: string | null;
  siteId: string;
}
interface Site {
  id: string;
  name: string;
}

const TEXT_FIELDS: [string, MessageKey, 'text' | 'date'][] = [
  ['owner', 'measuresOwner', 'text'],
  ['expectedEnergy', 'measuresExpected', 'text'],
  ['expectedKgce', 'measuresExpectedKgce', 'text'],
  ['costCny', 'measuresCost', 'text'],
  ['plannedStart', 'measuresPlannedStart', 'date'],
  ['plannedEnd', 'measuresPlannedEnd', 'date'],
  ['baselineId', 'measuresBaseline', 'text'],
];

/** The form that plans a measure; empty fields are left out, so the API names what is missing. */
export function MeasureForm({ meters, sites, onCreated }: { meters: Meter[]; sites: Site[]; onCreated: () => void }) {
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState('compressor_group_control');
  const [option, setOption] = useState<'B' | 'C'>('B');
  const [meterId, setMeterId] = useState('');
  const [siteId, setSiteId] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    const filled = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
    const meter = meterId || meters[0]?.id;
    const site = siteId || sites[0]?.id;
    try {
      await api('POST', '/v1/measures', {
        title,
        kind,
        ipmvpOption: option,
        ...(option === 'B' && meter ? { meterIds: [meter] } : {}),
        ...(option === 'C' && site ? { siteId: site } : {}),
        ...filled,
      });
      setTitle('');
      setFields({});
      onCreated();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <form onSubmit={submit} data-form="measure">
      <h3>{t('measuresCreate')}</h3>
      <div style="display:flex;flex-wrap:wrap;gap:0.75rem;align-items:end">
        <label style={FIELD}>
          {t('measuresTitleField')}
          <input name="title" value={title} required onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label style={FIELD}>
          {t('measuresKind')}
          <select name="kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {Object.keys(KIND_LABEL).map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABEL[k])}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {t('measuresOption')}
          <select name="option" value={option} onChange={(e) => setOption(e.currentTarget.value as 'B' | 'C')}>
            <option value="B">{t('measuresOptionB')}</option>
            <option value="C">{t('measuresOptionC')}</option>
          </select>
        </label>
        {option === 'B' ? (
          <label style={FIELD}>
            {t('measuresMeters')}
            <select name="meter" value={meterId || meters[0]?.id} onChange={(e) => setMeterId(e.currentTarget.value)}>
              {meters.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name ?? m.externalId}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label style={FIELD}>
            {t('measuresSite')}
            <select name="site" value={siteId || sites[0]?.id} onChange={(e) => setSiteId(e.currentTarget.value)}>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {TEXT_FIELDS.map(([field, label, type]) => (
          <label key={field} style={FIELD}>
            {t(label)}
            {type === 'date' ? (
              <input
                name={field}
                type="date"
                value={fields[field] ?? ''}
                onInput={(e) => setFields({ ...fields, [field]: e.currentTarget.value })}
              />
            ) : (
              <input
                name={field}
                size={field === 'baselineId' ? 36 : 10}
                value={fields[field] ?? ''}
                onInput={(e) => setFields({ ...fields, [field]: e.currentTarget.value })}
              />
            )}
          </label>
        ))}
        <button type="submit">{t('measuresCreateButton')}</button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

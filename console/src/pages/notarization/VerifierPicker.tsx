import { useState } from 'preact/hooks';
import { useDirectorySearch } from '../../directorySearch';
import { t } from '../../i18n';

interface Participant {
  id: string;
  name: string;
  chainId: string;
}

/** Finds registered verifiers by name in the directory (no copied UUIDs) and picks one. */
export function VerifierPicker({ onPick }: { onPick: (verifier: Participant) => void }) {
  const [q, setQ] = useState('');
  const found = useDirectorySearch<Participant>('verifier', q);
  return (
    <div class="picker">
      <label>
        {t('verifierSearch')}
        <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </label>
      {found?.length === 0 && <p class="notice">{t('verifierNone')}</p>}
      <ul>
        {found?.map((v) => (
          <li key={v.id} data-verifier={v.name}>
            <span>{v.name}</span> <code title={v.chainId}>{v.chainId.slice(0, 10)}…</code>{' '}
            <button type="button" class="secondary" onClick={() => onPick(v)}>
              {t('verifierAssign')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

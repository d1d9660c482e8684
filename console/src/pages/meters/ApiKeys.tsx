import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { ApiKey } from './types';

const SCOPES = ['read', 'ingest', 'admin'];

/** The organisation's API keys (never their secrets): create with scopes, see a new secret once, revoke. */
export function ApiKeys() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [error, setError] = useState<unknown>();
  const [issued, setIssued] = useState<string | undefined>();
  const load = () => api<ApiKey[]>('GET', '/v1/api-keys').then(setKeys, setError);
  useEffect(() => void load(), []);

  async function create(form: HTMLFormElement) {
    setError(undefined);
    const data = new FormData(form);
    const scopes = SCOPES.filter((s) => data.get(`scope-${s}`) === 'on');
    try {
      const key = await api<{ key: string }>('POST', '/v1/api-keys', { name: String(data.get('name') ?? ''), scopes });
      setIssued(key.key);
      form.reset();
      await load();
    } catch (e) {
      setError(e);
    }
  }

  async function revoke(id: string) {
    setError(undefined);
    try {
      await api('DELETE', `/v1/api-keys/${id}`);
      await load();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div class="panel" data-panel="keys">
      <h2>{t('mtrKeys')}</h2>
      <table data-table="keys">
        <thead>
          <tr>
            <th>{t('mtrKeyName')}</th>
            <th>{t('mtrKeyPrefix')}</th>
            <th>{t('mtrScopes')}</th>
            <th>{t('mtrCreated')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} data-key={k.name}>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}</code>
              </td>
              <td>{k.scopes.join(', ')}</td>
              <td>{new Date(k.createdAt).toLocaleString()}</td>
              <td>
                {k.revokedAt ? (
                  <span class="muted">{t('mtrRevoked')}</span>
                ) : (
                  <button type="button" class="link" onClick={() => void revoke(k.id)}>
                    {t('mtrRevoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="controls"
        data-form="create-key"
        onSubmit={(e) => {
          e.preventDefault();
          void create(e.currentTarget);
        }}
      >
        <label>
          {t('mtrKeyName')}
          <input name="name" required />
        </label>
        {SCOPES.map((s) => (
          <label key={s} class="inline">
            <input type="checkbox" name={`scope-${s}`} defaultChecked={s === 'read'} /> {s}
          </label>
        ))}
        <button type="submit">{t('mtrCreateKey')}</button>
      </form>
      {issued && (
        <p class="issued">
          {t('mtrNewKey')} <code data-issued-key>{issued}</code>
        </p>
      )}
      <ErrorBox error={error} />
    </div>
  );
}

import { useState } from 'preact/hooks';
import { api } from './api';
import { ErrorBox } from './ErrorBox';
import { t } from './i18n';
import type { Session } from './session';

/** Exchanges an API key for a session cookie; the key lives only in this form's state until the answer arrives. */
export function SignIn({
  onSignedIn,
  onToggleLanguage,
}: {
  onSignedIn: (s: Session) => void;
  onToggleLanguage: () => void;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await api<Session>('POST', '/v1/session', { apiKey: key.trim() });
      setKey('');
      onSignedIn(session);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main class="signin">
      <button type="button" class="link language" onClick={onToggleLanguage}>
        {t('language')}
      </button>
      <form onSubmit={submit}>
        <h1>{t('signInTitle')}</h1>
        <label>
          {t('signInKey')}
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        <p class="help">{t('signInKeyHelp')}</p>
        <button type="submit" disabled={busy}>
          {t('signInButton')}
        </button>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}

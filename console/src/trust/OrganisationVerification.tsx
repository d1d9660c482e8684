import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import type { MeterRef, OrganisationVerification as Result } from './trustTypes';

/** POST /v1/verify: every sealed batch re-hashed by the server; tampered readings named by meter, time and id. */
export function OrganisationVerification({ meters }: { meters: MeterRef[] }) {
  const [result, setResult] = useState<Result | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const meterName = new Map(meters.map((m) => [m.id, m.name ?? m.externalId]));

  async function verify() {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api<Result>('POST', '/v1/verify'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const findings = result?.failed.flatMap((b) => b.findings.map((f) => ({ batch: b.seq, ...f }))) ?? [];
  return (
    <div class="org-verification">
      <p class="help">{t('trustVerifyOrgHelp')}</p>
      <button type="button" class="button" disabled={busy} onClick={() => void verify()}>
        {t('trustVerifyOrgButton')}
      </button>
      <ErrorBox error={error} />
      {result && (
        <div class={`verdict ${result.ok ? 'ok' : 'bad'}`} data-org-verdict={result.ok ? 'ok' : 'failed'}>
          <strong>{result.ok ? t('trustVerifyOrgOk') : t('trustVerifyOrgFailed')}</strong>
          <p>
            {t('trustBatchesChecked')}: {result.batches} · {t('trustReadingsChecked')}: {result.readingsChecked} ·{' '}
            {t('trustOpenBatches')}: {result.openBatches}
          </p>
          {findings.length > 0 && (
            <table class="findings">
              <caption>{t('trustTampered')}</caption>
              <thead>
                <tr>
                  <th>{t('trustSeq')}</th>
                  <th>{t('trustFinding')}</th>
                  <th>{t('meter')}</th>
                  <th>{t('trustStart')}</th>
                  <th>{t('trustReadingId')}</th>
                </tr>
              </thead>
              <tbody>
                {findings.map((f, i) => (
                  <tr key={i} data-finding={f.kind} data-reading={f.readingId}>
                    <td>{f.batch}</td>
                    <td>
                      <code>{f.kind}</code> {f.detail}
                    </td>
                    <td>{f.meterId ? (meterName.get(f.meterId) ?? f.meterId) : '—'}</td>
                    <td>{f.intervalStart ? new Date(f.intervalStart).toLocaleString() : '—'}</td>
                    <td>{f.readingId ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}

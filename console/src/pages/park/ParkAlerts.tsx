import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { AlertTable, KIND_LABEL, type Alert } from '../alerts/AlertTable';

interface ParkRule {
  id: string;
  name: string;
  kind: string;
  scope: 'park' | 'member';
  member: { id: string; name: string } | null;
  params: Record<string, unknown>;
}

/**
 * The park's own alerts (预警) from its rules on the members' aggregates, open and acknowledged, with the warnings
 * page's table and buttons: the park acknowledges and resolves them as an enterprise does its own.
 */
export function ParkAlerts({ version }: { version: number }) {
  const [alerts, setAlerts] = useState<Alert[] | undefined>();
  const [rules, setRules] = useState<ParkRule[]>([]);
  const [error, setError] = useState<unknown>();
  const load = () => {
    Promise.all([
      api<Alert[]>('GET', '/v1/alerts?state=open'),
      api<Alert[]>('GET', '/v1/alerts?state=acknowledged'),
      api<{ rules: ParkRule[] }>('GET', '/v1/park/alert-rules'),
    ]).then(([open, acknowledged, r]) => {
      setAlerts([...open, ...acknowledged]);
      setRules(r.rules);
    }, setError);
  };
  useEffect(load, [version]);
  async function move(alert: Alert, action: 'acknowledge' | 'resolve') {
    setError(undefined);
    try {
      await api('POST', `/v1/alerts/${alert.id}/${action}`);
      load();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section class="park-alerts">
      <h2>{t('parkAlerts')}</h2>
      <p class="help">{t('parkAlertsNote')}</p>
      <ErrorBox error={error} />
      {!alerts ? (
        <p class="loading">{t('loading')}</p>
      ) : alerts.length === 0 ? (
        <p class="notice">{t('parkAlertsNone')}</p>
      ) : (
        <AlertTable alerts={alerts} subjectOf={(a) => a.subjectLabel} onMove={move} />
      )}
      {rules.length > 0 && (
        <>
          <h4>{t('parkAlertRules')}</h4>
          <ul class="park-alert-rules">
            {rules.map((r) => (
              <li key={r.id} data-rule={r.name}>
                {r.name} · {KIND_LABEL[r.kind] ? t(KIND_LABEL[r.kind]) : r.kind} · {r.member?.name ?? t('navPark')} ·{' '}
                <code>{JSON.stringify(r.params)}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

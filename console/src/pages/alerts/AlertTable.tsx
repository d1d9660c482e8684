import { t, type MessageKey } from '../../i18n';

/** An alert as GET /v1/alerts returns it (the fields the console shows). */
export interface Alert {
  id: string;
  ruleId: string;
  meterId: string | null;
  subjectKind: 'meter' | 'budget' | 'compliance' | 'group' | 'organisation';
  subjectId: string;
  subjectLabel: string;
  kind: string;
  state: 'open' | 'acknowledged' | 'resolved';
  day: string;
  message: string;
  observed: string | null;
  expected: string | null;
  deviation: string | null;
  openedAt: string;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
}

const NOWRAP = { whiteSpace: 'nowrap' } as const;
export const STATE_LABEL: Record<'' | Alert['state'], MessageKey> = {
  '': 'alertsStateAll',
  open: 'alertsStateOpen',
  acknowledged: 'alertsStateAcknowledged',
  resolved: 'alertsStateResolved',
};
export const KIND_LABEL: Record<string, MessageKey> = {
  threshold: 'alertsKindThreshold',
  completeness: 'alertsKindCompleteness',
  zero_run: 'alertsKindZeroRun',
  flat_line: 'alertsKindFlatLine',
  schedule: 'alertsKindSchedule',
  anomaly: 'alertsKindAnomaly',
  loss: 'alertsKindLoss',
  budget: 'alertsKindBudget',
  compliance: 'alertsKindCompliance',
  total: 'alertsKindTotal',
  intensity: 'alertsKindIntensity',
};

/**
 * Alerts with their state and the acknowledge / resolve buttons: the warnings page's table, also the park page's
 * (a park's alerts are its own, moved by the same POST /v1/alerts/{id}/acknowledge|resolve).
 */
export function AlertTable({
  alerts,
  subjectOf,
  onMove,
}: {
  alerts: Alert[];
  subjectOf: (a: Alert) => string;
  onMove: (a: Alert, action: 'acknowledge' | 'resolve') => Promise<void>;
}) {
  return (
    <table class="alert-list">
      <thead>
        <tr>
          <th style={NOWRAP}>{t('alertsDay')}</th>
          <th style={NOWRAP}>{t('alertsSubject')}</th>
          <th style={NOWRAP}>{t('alertsKind')}</th>
          <th style={NOWRAP}>{t('alertsMessage')}</th>
          <th style={NOWRAP}>{t('alertsObserved')}</th>
          <th style={NOWRAP}>{t('alertsExpected')}</th>
          <th style={NOWRAP}>{t('alertsDeviation')}</th>
          <th style={NOWRAP}>{t('alertsState')}</th>
          <th style={NOWRAP}>{t('alertsActions')}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.id} data-alert={a.id} data-state={a.state} data-kind={a.kind}>
            <td style={NOWRAP}>{a.day}</td>
            <td style={NOWRAP} data-subject={a.subjectKind}>
              {subjectOf(a)}
            </td>
            <td>{KIND_LABEL[a.kind] ? t(KIND_LABEL[a.kind]) : a.kind}</td>
            <td>{a.message}</td>
            <td style={NOWRAP}>{a.observed}</td>
            <td style={NOWRAP}>{a.expected}</td>
            <td style={NOWRAP}>{a.deviation}</td>
            <td style={NOWRAP}>{t(STATE_LABEL[a.state])}</td>
            <td style={NOWRAP}>
              {a.state === 'open' && (
                <button type="button" data-action="acknowledge" onClick={() => void onMove(a, 'acknowledge')}>
                  {t('alertsAcknowledge')}
                </button>
              )}{' '}
              {a.state !== 'resolved' && (
                <button type="button" data-action="resolve" onClick={() => void onMove(a, 'resolve')}>
                  {t('alertsResolve')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

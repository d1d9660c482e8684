import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { AlertTable, type Alert } from '../alerts/AlertTable';
import { ParkAlertRuleForm } from './ParkAlertRuleForm';
import { ParkAlertRuleList } from './ParkAlertRuleList';
import type { BenchmarkRow, ParkRule, RuleMember } from './parkRuleTypes';
import type { Membership } from './parkTypes';

/**
 * The park's own alerts (预警) from its rules on the members' aggregates, open and acknowledged, with the warnings
 * page's table and buttons: the park acknowledges and resolves them as an enterprise does its own. Below, the rules
 * themselves, each deletable, and the form that adds one. The alert worker judges a new rule on the members' recent
 * days in the background, so its alerts come with the next reload (the refresh button).
 */
export function ParkAlerts({ version }: { version: number }) {
  const [alerts, setAlerts] = useState<Alert[] | undefined>();
  const [rules, setRules] = useState<ParkRule[]>([]);
  const [members, setMembers] = useState<RuleMember[]>([]);
  const [benchmarks, setBenchmarks] = useState<BenchmarkRow[]>([]);
  const [error, setError] = useState<unknown>();
  const load = () => {
    Promise.all([
      api<Alert[]>('GET', '/v1/alerts?state=open'),
      api<Alert[]>('GET', '/v1/alerts?state=acknowledged'),
      api<{ rules: ParkRule[] }>('GET', '/v1/park/alert-rules'),
      api<{ memberships: Membership[] }>('GET', '/v1/park/members'),
      api<BenchmarkRow[]>('GET', '/v1/benchmarks'),
    ]).then(([open, acknowledged, r, m, b]) => {
      setAlerts([...open, ...acknowledged]);
      setRules(r.rules);
      setMembers(
        m.memberships
          .filter((x) => x.status === 'active')
          .map((x) => ({ id: x.member.id, name: x.member.name, grantLevel: x.grantLevel })),
      );
      setBenchmarks(b);
    }, setError);
  };
  useEffect(load, [version]);
  async function act(path: string, method: 'POST' | 'DELETE') {
    setError(undefined);
    try {
      await api(method, path);
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
      <button type="button" class="secondary" name="refreshParkAlerts" onClick={load}>
        {t('parkAlertsRefresh')}
      </button>
      {!alerts ? (
        <p class="loading">{t('loading')}</p>
      ) : alerts.length === 0 ? (
        <p class="notice">{t('parkAlertsNone')}</p>
      ) : (
        <AlertTable
          alerts={alerts}
          subjectOf={(a) => a.subjectLabel}
          onMove={(a, action) => act(`/v1/alerts/${a.id}/${action}`, 'POST')}
        />
      )}
      <h3>{t('parkAlertRules')}</h3>
      <ParkAlertRuleList rules={rules} onDelete={(r) => void act(`/v1/alert-rules/${r.id}`, 'DELETE')} />
      <h4>{t('parkRuleAdd')}</h4>
      <ParkAlertRuleForm members={members} benchmarks={benchmarks} onCreated={load} />
    </section>
  );
}

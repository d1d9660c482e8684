import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import { AlertTable, KIND_LABEL, STATE_LABEL, type Alert } from './alerts/AlertTable';

interface Meter {
  id: string;
  externalId: string;
  name: string | null;
}
interface Rule {
  id: string;
  name: string;
  kind: string;
  scope: string;
  meterIds: string[];
  params: Record<string, unknown>;
  enabled: boolean;
}

const STATES = ['', 'open', 'acknowledged', 'resolved'] as const;
const FIELD = { display: 'flex', flexDirection: 'column', gap: '0.25rem' } as const;
/** The parameters the form asks for per kind: field, label, whether it is a whole number, its starting value. */
const PARAM_FIELDS: Record<string, [string, MessageKey, 'int' | 'text', string][]> = {
  threshold: [
    ['metric', 'alertsParamMetric', 'text', 'energy'],
    ['period', 'alertsParamPeriod', 'text', 'day'],
    ['above', 'alertsParamAbove', 'text', ''],
  ],
  completeness: [['minPercent', 'alertsParamMinPercent', 'int', '90']],
  zero_run: [['minIntervals', 'alertsParamMinIntervals', 'int', '8']],
  flat_line: [['minIntervals', 'alertsParamMinIntervals', 'int', '12']],
  schedule: [
    ['start', 'alertsParamStart', 'text', '08:00'],
    ['end', 'alertsParamEnd', 'text', '18:00'],
    ['allowance', 'alertsParamAllowance', 'text', '0'],
  ],
  anomaly: [
    ['weeks', 'alertsParamWeeks', 'int', '12'],
    ['k', 'alertsParamK', 'text', '8'],
  ],
  loss: [['maxPercent', 'alertsParamMaxPercent', 'text', '5']],
  budget: [['trigger', 'alertsParamTrigger', 'text', 'forecast']],
  compliance: [['trigger', 'alertsParamTrigger', 'text', 'forecast']],
  total: [
    ['metric', 'alertsParamMetric', 'text', 'kgce'],
    ['period', 'alertsParamPeriod', 'text', 'day'],
    ['above', 'alertsParamAbove', 'text', ''],
  ],
  intensity: [
    ['metric', 'alertsParamMetric', 'text', 'kgce'],
    ['driver', 'alertsParamDriver', 'text', 'production'],
    ['period', 'alertsParamPeriod', 'text', 'day'],
    ['above', 'alertsParamAbove', 'text', ''],
  ],
};
const CHOICES: Record<string, string[]> = {
  metric: ['energy', 'kgce', 'co2e', 'power'],
  period: ['interval', 'day', 'month'],
  trigger: ['forecast', 'upper'],
};
/** Where a kind takes fewer choices than the field's list (totals add no power; forecasts are organisation-wide). */
const KIND_CHOICES: Record<string, Record<string, string[]>> = {
  total: { metric: ['energy', 'kgce', 'co2e'], period: ['day', 'month'] },
  intensity: { metric: ['kgce', 'co2e'], period: ['day', 'month'] },
};
const SCOPES: Record<string, string[]> = {
  budget: ['organisation'],
  compliance: ['organisation'],
  total: ['group', 'organisation'],
};
const SCOPE_LABEL: Record<string, MessageKey> = {
  organisation: 'alertsScopeOrganisation',
  meter: 'alertsScopeMeter',
  group: 'alertsScopeGroup',
};
const scopesOf = (kind: string) => SCOPES[kind] ?? ['organisation', 'meter', 'group'];

function defaults(kind: string): Record<string, string> {
  return Object.fromEntries(PARAM_FIELDS[kind].map(([field, , , value]) => [field, value]));
}

function RuleForm({ meters, onAdded }: { meters: Meter[]; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('completeness');
  const [scope, setScope] = useState('organisation');
  const [meterId, setMeterId] = useState('');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [params, setParams] = useState<Record<string, string>>(defaults('completeness'));
  const [error, setError] = useState<unknown>();

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    // An empty field is left out, so the API names the missing parameter instead of refusing an empty string.
    const typed = Object.fromEntries(
      PARAM_FIELDS[kind]
        .filter(([field]) => params[field] !== '')
        .map(([field, , type]) => [
          field,
          type === 'int' && /^\d+$/.test(params[field]) ? Number(params[field]) : params[field],
        ]),
    );
    try {
      await api('POST', '/v1/alert-rules', {
        name,
        kind,
        scope,
        ...(scope === 'organisation'
          ? {}
          : { meterIds: scope === 'group' ? groupIds : [meterId || meters[0]?.id].filter(Boolean) }),
        params: typed,
      });
      setName('');
      onAdded();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <form class="rule-form" onSubmit={submit} data-form="alert-rule">
      <h3>{t('alertsAddRule')}</h3>
      <div style="display:flex;flex-wrap:wrap;gap:0.75rem;align-items:end">
        <label style={FIELD}>
          {t('alertsRuleName')}
          <input name="name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label style={FIELD}>
          {t('alertsKind')}
          <select
            name="kind"
            value={kind}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setKind(next);
              setParams(defaults(next));
              if (!scopesOf(next).includes(scope)) setScope(scopesOf(next)[0]);
            }}
          >
            {Object.keys(PARAM_FIELDS).map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABEL[k])}
              </option>
            ))}
          </select>
        </label>
        <label style={FIELD}>
          {t('alertsRuleScope')}
          <select name="scope" value={scope} onChange={(e) => setScope(e.currentTarget.value)}>
            {scopesOf(kind).map((s) => (
              <option key={s} value={s}>
                {t(SCOPE_LABEL[s])}
              </option>
            ))}
          </select>
        </label>
        {scope === 'group' && (
          <label style={FIELD}>
            {t('alertsGroupMeters')}
            <select
              name="meters"
              multiple
              size={Math.min(4, Math.max(2, meters.length))}
              onChange={(e) => setGroupIds([...e.currentTarget.selectedOptions].map((o) => o.value))}
            >
              {meters.map((m) => (
                <option key={m.id} value={m.id} selected={groupIds.includes(m.id)}>
                  {m.name ?? m.externalId}
                </option>
              ))}
            </select>
          </label>
        )}
        {scope === 'meter' && (
          <label style={FIELD}>
            {t('alertsMeter')}
            <select name="meter" value={meterId} onChange={(e) => setMeterId(e.currentTarget.value)}>
              {meters.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name ?? m.externalId}
                </option>
              ))}
            </select>
          </label>
        )}
        {PARAM_FIELDS[kind].map(([field, label]) => (
          <label key={field} style={FIELD}>
            {t(label)}
            {CHOICES[field] ? (
              <select
                name={field}
                value={params[field]}
                onChange={(e) => setParams({ ...params, [field]: e.currentTarget.value })}
              >
                {(KIND_CHOICES[kind]?.[field] ?? CHOICES[field]).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                name={field}
                value={params[field]}
                size={8}
                onInput={(e) => setParams({ ...params, [field]: e.currentTarget.value })}
              />
            )}
          </label>
        ))}
        <button type="submit">{t('alertsAddButton')}</button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

/** Warnings (预警): the alerts with their state and what to do about them, and the rules that raise them. */
export function Alerts() {
  const [state, setState] = useState<(typeof STATES)[number]>('open');
  const [alerts, setAlerts] = useState<Alert[] | undefined>();
  const [rules, setRules] = useState<Rule[]>([]);
  const [meters, setMeters] = useState<Meter[]>([]);
  const [error, setError] = useState<unknown>();

  const load = () => {
    Promise.all([
      api<Alert[]>('GET', `/v1/alerts${state ? `?state=${state}` : ''}`),
      api<Rule[]>('GET', '/v1/alert-rules'),
      api<Meter[]>('GET', '/v1/meters'),
    ]).then(([a, r, m]) => {
      setAlerts(a);
      setRules(r);
      setMeters(m);
    }, setError);
  };
  useEffect(load, [state]);

  async function move(alert: Alert, action: 'acknowledge' | 'resolve') {
    setError(undefined);
    try {
      await api('POST', `/v1/alerts/${alert.id}/${action}`);
      load();
    } catch (e) {
      setError(e);
    }
  }

  const meterName = (id: string) => {
    const m = meters.find((x) => x.id === id);
    return m ? (m.name ?? m.externalId) : id.slice(0, 8);
  };

  return (
    <section class="page alerts">
      <h1>{t('alertsTitle')}</h1>
      <ErrorBox error={error} />
      <label>
        {t('alertsState')}{' '}
        <select name="state" value={state} onChange={(e) => setState(e.currentTarget.value as (typeof STATES)[number])}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(STATE_LABEL[s])}
            </option>
          ))}
        </select>
      </label>
      {!alerts ? (
        <p class="loading">{t('loading')}</p>
      ) : alerts.length === 0 ? (
        <p class="notice">{t('alertsNone')}</p>
      ) : (
        <AlertTable
          alerts={alerts}
          subjectOf={(a) => (a.meterId ? meterName(a.meterId) : a.subjectLabel)}
          onMove={move}
        />
      )}
      <h2 style="margin-top:1.5rem">{t('alertsRules')}</h2>
      {rules.length === 0 ? (
        <p class="notice">{t('alertsRulesNone')}</p>
      ) : (
        <table class="rule-list">
          <thead>
            <tr>
              <th>{t('alertsRuleName')}</th>
              <th>{t('alertsKind')}</th>
              <th>{t('alertsRuleScope')}</th>
              <th>{t('alertsRuleParams')}</th>
              <th>{t('alertsRuleEnabled')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-rule={r.name}>
                <td>{r.name}</td>
                <td>{KIND_LABEL[r.kind] ? t(KIND_LABEL[r.kind]) : r.kind}</td>
                <td>
                  {r.scope === 'organisation' ? t('alertsScopeOrganisation') : r.meterIds.map(meterName).join(', ')}
                </td>
                <td>
                  <code>{JSON.stringify(r.params)}</code>
                </td>
                <td>{r.enabled ? t('alertsYes') : t('alertsNo')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RuleForm meters={meters} onAdded={load} />
    </section>
  );
}

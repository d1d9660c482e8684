import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { RULE_KIND } from './ParkAlertRuleList';
import type { BenchmarkRow, MemberMeter, ParkRule, RuleMember } from './parkRuleTypes';
import { text, useSubmit } from './useSubmit';

/**
 * Adds a park alert rule of any kind: a total for the park or one member (named by name; its meters only when it
 * granted meter data), the park's budgets, or a member's intensity against a level of the park's benchmark table.
 * The API checks everything else and its refusal is shown as worded.
 */
export function ParkAlertRuleForm(props: { members: RuleMember[]; benchmarks: BenchmarkRow[]; onCreated: () => void }) {
  const [kind, setKind] = useState<ParkRule['kind']>('total');
  const [memberId, setMemberId] = useState('');
  const [benchmark, setBenchmark] = useState(0);
  const member = props.members.find((m) => m.id === memberId);
  // Meters are offered only for a member that granted meter data; the API would refuse the others.
  const [meters, setMeters] = useState<MemberMeter[]>([]);
  const [metersError, setMetersError] = useState<unknown>();
  useEffect(() => {
    setMeters([]);
    setMetersError(undefined);
    if (member?.grantLevel !== 'meters') return;
    api<{ meters: MemberMeter[] }>('GET', `/v1/park/members/${member.id}/meters`).then(
      (r) => setMeters(r.meters),
      setMetersError,
    );
  }, [member?.id, member?.grantLevel]);
  const { error, onSubmit } = useSubmit(
    async (data) => {
      const scope = kind === 'budget' || !member ? 'park' : 'member';
      const base = { name: text(data, 'name'), kind, scope, ...(scope === 'member' ? { memberId } : {}) };
      if (kind === 'total') {
        const meterIds = member ? data.getAll('meter').map(String) : [];
        const params = { metric: text(data, 'metric'), period: text(data, 'period'), above: text(data, 'above') };
        return api('POST', '/v1/park/alert-rules', { ...base, ...(meterIds.length ? { meterIds } : {}), params });
      }
      if (kind === 'budget')
        return api('POST', '/v1/park/alert-rules', { ...base, params: { trigger: text(data, 'trigger') } });
      const row = props.benchmarks[Number(text(data, 'benchmark'))];
      return api('POST', '/v1/park/alert-rules', {
        ...base,
        params: {
          product: row?.product ?? '',
          unit: row?.unit ?? '',
          indicator: row?.indicator,
          level: text(data, 'level'),
        },
      });
    },
    () => {
      setKind('total');
      setMemberId('');
      setBenchmark(0);
      props.onCreated();
    },
  );
  const row = props.benchmarks[benchmark] as BenchmarkRow | undefined;
  const levelValue = (v: string | null | undefined) => (v == null ? t('parkRuleLevelMissing') : v);
  return (
    <form class="controls park-alert-rule-form" data-form="park-alert-rule" onSubmit={onSubmit}>
      <label>
        {t('parkRuleName')}
        <input name="name" required />
      </label>
      <label>
        {t('parkRuleKind')}
        <select
          name="kind"
          value={kind}
          onChange={(e) => setKind((e.target as HTMLSelectElement).value as ParkRule['kind'])}
        >
          {(['total', 'budget', 'intensity'] as const).map((k) => (
            <option key={k} value={k}>
              {t(RULE_KIND[k])}
            </option>
          ))}
        </select>
      </label>
      {kind !== 'budget' && (
        <label>
          {t('parkRuleScope')}
          <select name="memberId" value={memberId} onChange={(e) => setMemberId((e.target as HTMLSelectElement).value)}>
            <option value="">{t('parkRuleWholePark')}</option>
            {props.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'total' && (
        <>
          <label>
            {t('parkRuleMetric')}
            <select name="metric">
              <option value="kgce">{t('parkRuleMetricKgce')}</option>
              <option value="co2e">{t('parkRuleMetricCo2e')}</option>
            </select>
          </label>
          <label>
            {t('parkRulePeriod')}
            <select name="period">
              <option value="day">{t('parkRuleDay')}</option>
              <option value="month">{t('parkRuleMonth')}</option>
            </select>
          </label>
          <label>
            {t('parkRuleAbove')}
            <input name="above" inputMode="decimal" size={12} required />
          </label>
          {member?.grantLevel === 'meters' && (
            <fieldset class="park-rule-meters">
              <legend>{t('parkRuleMeters')}</legend>
              <ErrorBox error={metersError} />
              {meters.map((m) => (
                <label key={m.id} class="check">
                  <input type="checkbox" name="meter" value={m.id} data-meter={m.externalId} />
                  {m.externalId}
                  {m.name ? ` · ${m.name}` : ''} ({m.unit})
                </label>
              ))}
            </fieldset>
          )}
        </>
      )}
      {kind === 'budget' && (
        <label>
          {t('parkRuleTrigger')}
          <select name="trigger">
            <option value="forecast">{t('parkRuleTriggerForecast')}</option>
            <option value="upper">{t('parkRuleTriggerUpper')}</option>
          </select>
        </label>
      )}
      {kind === 'intensity' && props.benchmarks.length === 0 && <p class="notice">{t('parkRuleNoBenchmarks')}</p>}
      {kind === 'intensity' && props.benchmarks.length > 0 && (
        <>
          <label>
            {t('parkRuleBenchmark')}
            <select
              name="benchmark"
              value={String(benchmark)}
              onChange={(e) => setBenchmark(Number((e.target as HTMLSelectElement).value))}
            >
              {props.benchmarks.map((b, i) => (
                <option key={`${b.product}/${b.unit}/${b.indicator}`} value={String(i)}>
                  {b.product} ({b.indicator === 'kgco2e_per_unit' ? 'kg CO2e' : 'kgce'}/{b.unit})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('parkRuleLevel')}
            {/* Both levels are offered with the table's value; a missing one is the API's to refuse, with its hint. */}
            <select name="level">
              <option value="baseline">
                {t('parkRuleLevelBaseline')} · {levelValue(row?.baseline)}
              </option>
              <option value="advanced">
                {t('parkRuleLevelAdvanced')} · {levelValue(row?.advanced)}
              </option>
            </select>
          </label>
        </>
      )}
      <button type="submit" name="createParkAlertRule">
        {t('parkRuleAdd')}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';

interface BaseYear {
  year: number;
  currentInventoryId: string;
  restated: boolean;
  policy: { thresholdPct: string; triggers: string[] };
  restatements: {
    id: number;
    reason: string;
    required: boolean;
    cumulativeChangeKgCO2e: string;
    cumulativeChangePct: string | null;
    restatedBy: { keyName: string; keyPrefix: string };
    restatedAt: string;
  }[];
}

interface TriggerEffect {
  trigger: string;
  counted: boolean;
  effectKgCO2e: string;
  sitesRemoved?: { name: string }[];
  sitesAdded?: { name: string }[];
  methodChanges?: { option: string; from: string; to: string }[];
  factorSets?: { from: { name: string; version: number }; to: { name: string; version: number } };
}

interface Recalculation {
  statedKgCO2e: string;
  recalculatedKgCO2e: string;
  triggers: TriggerEffect[];
  cumulativeChangeKgCO2e: string;
  cumulativeChangePct: string | null;
  thresholdPct: string;
  exceedsThreshold: boolean;
}

const triggerName = (trigger: string) => t(`trigger_${trigger}` as MessageKey) ?? trigger;

/** What changed in a step, as the API names it: sites out and in, method options, factor sets. */
function detail(e: TriggerEffect): string {
  const parts = [
    ...(e.sitesRemoved ?? []).map((s) => `− ${s.name}`),
    ...(e.sitesAdded ?? []).map((s) => `+ ${s.name}`),
    ...(e.methodChanges ?? []).map((m) => `${m.option}: ${m.from} → ${m.to}`),
    ...(e.factorSets &&
    e.factorSets.from.name + e.factorSets.from.version !== e.factorSets.to.name + e.factorSets.to.version
      ? [
          `${e.factorSets.from.name} v${e.factorSets.from.version} → ${e.factorSets.to.name} v${e.factorSets.to.version}`,
        ]
      : []),
  ];
  return parts.join('; ');
}

/**
 * The base year (GHG Protocol ch. 5): the year and its policy, the recalculation check as the API answers it (each
 * trigger's effect in kg CO2e, exact), a restatement form and the restatements made, with reason, key and time.
 */
export function BaseYearPanel() {
  const [baseYear, setBaseYear] = useState<BaseYear | null | undefined>();
  const [check, setCheck] = useState<Recalculation | undefined>();
  const [error, setError] = useState<unknown>();
  const [reason, setReason] = useState('');
  const [belowThreshold, setBelowThreshold] = useState(false);
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setBaseYear(await api<BaseYear>('GET', '/v1/base-year'));
      setCheck(await api<Recalculation>('GET', '/v1/base-year/recalculation'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NT_ERR_BASE_YEAR_UNSET') setBaseYear(null);
      else setError(e);
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function restate(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/v1/base-year/restatements', { reason, ...(belowThreshold ? { belowThreshold: true } : {}) });
      setReason('');
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="panel" data-base-year>
      <h2>{t('byTitle')}</h2>
      <ErrorBox error={error} />
      {baseYear === null && <p class="notice">{t('byNone')}</p>}
      {baseYear && (
        <p class="help">
          {t('byYear')}: <strong data-year>{baseYear.year}</strong> (
          {baseYear.restated ? t('byRestated') : t('byOriginal')}) · {t('byThreshold')}: {baseYear.policy.thresholdPct}{' '}
          % · {t('byTriggers')}: {baseYear.policy.triggers.map(triggerName).join('、')}
        </p>
      )}
      {check && (
        <>
          <table data-recalculation>
            <thead>
              <tr>
                <th>{t('byTrigger')}</th>
                <th>{t('byCounted')}</th>
                <th class="num">{t('byEffect')}</th>
                <th>{t('byDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {check.triggers.map((e) => (
                <tr key={e.trigger} data-trigger={e.trigger}>
                  <td>{triggerName(e.trigger)}</td>
                  <td>{e.counted ? t('byYes') : t('byNo')}</td>
                  <td class="num" data-effect>
                    {e.effectKgCO2e}
                  </td>
                  <td>{detail(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="help">
            {t('byStated')}: <span data-stated>{check.statedKgCO2e}</span> · {t('byRecalculated')}:{' '}
            <span data-recalculated>{check.recalculatedKgCO2e}</span> · {t('byCumulative')}:{' '}
            <span data-cumulative>
              {check.cumulativeChangeKgCO2e} ({check.cumulativeChangePct ?? '—'} %)
            </span>
          </p>
          <p class={check.exceedsThreshold ? 'notice' : 'help'} data-required={String(check.exceedsThreshold)}>
            {check.exceedsThreshold ? t('byRequired') : t('byNotRequired')}
          </p>
          <form class="controls" onSubmit={(e) => void restate(e)}>
            <label>
              {t('byReason')}
              <input
                name="reason"
                required
                maxLength={2000}
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </label>
            {!check.exceedsThreshold && (
              <label>
                <input
                  type="checkbox"
                  name="belowThreshold"
                  checked={belowThreshold}
                  onChange={(e) => setBelowThreshold(e.currentTarget.checked)}
                />
                {t('byBelowThreshold')}
              </label>
            )}
            <button type="submit" disabled={busy}>
              {t('byRestate')}
            </button>
          </form>
        </>
      )}
      {baseYear && baseYear.restatements.length > 0 && (
        <>
          <h3>{t('byRestatements')}</h3>
          <table data-restatements>
            <thead>
              <tr>
                <th>{t('byWhen')}</th>
                <th>{t('byReason')}</th>
                <th class="num">{t('byEffect')}</th>
                <th>{t('byWho')}</th>
              </tr>
            </thead>
            <tbody>
              {baseYear.restatements.map((r) => (
                <tr key={r.id} data-restatement={r.id}>
                  <td>{r.restatedAt.slice(0, 19).replace('T', ' ')} UTC</td>
                  <td>{r.reason}</td>
                  <td class="num">
                    {r.cumulativeChangeKgCO2e} ({r.cumulativeChangePct ?? '—'} %)
                  </td>
                  <td>
                    {r.restatedBy.keyName} ({r.restatedBy.keyPrefix})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

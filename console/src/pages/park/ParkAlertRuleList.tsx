import { t, type MessageKey } from '../../i18n';
import type { ParkRule } from './parkRuleTypes';

export const RULE_KIND: Record<ParkRule['kind'], MessageKey> = {
  total: 'parkRuleKindTotal',
  budget: 'parkRuleKindBudget',
  intensity: 'parkRuleKindIntensity',
};

/** The rule's condition in words, from its stored parameters (the API fills in the defaults). */
export function conditionWords(rule: ParkRule): string {
  const p = rule.params;
  switch (rule.kind) {
    case 'total': {
      const metric = p.metric === 'co2e' ? t('parkRuleMetricCo2e') : t('parkRuleMetricKgce');
      const period = p.period === 'month' ? t('parkRuleMonth') : t('parkRuleDay');
      const meters = rule.meterIds.length > 0 ? ` · ${t('parkRuleMetersCount')} ${rule.meterIds.length}` : '';
      return `${metric} ${period} > ${p.above}${meters}`;
    }
    case 'budget':
      return p.trigger === 'upper' ? t('parkRuleTriggerUpper') : t('parkRuleTriggerForecast');
    case 'intensity': {
      const unit = `${p.indicator === 'kgco2e_per_unit' ? 'kg CO2e' : 'kgce'}/${p.unit}`;
      const level = p.level === 'advanced' ? t('parkRuleLevelAdvanced') : t('parkRuleLevelBaseline');
      return `${p.product} ${unit} > ${level}`;
    }
  }
}

/** The park's alert rules with who they watch and what fires them; each can be deleted. */
export function ParkAlertRuleList({ rules, onDelete }: { rules: ParkRule[]; onDelete: (rule: ParkRule) => void }) {
  if (rules.length === 0) return <p class="notice">{t('parkRuleNone')}</p>;
  return (
    <table class="figures park-alert-rules">
      <thead>
        <tr>
          <th>{t('parkRuleName')}</th>
          <th>{t('parkRuleKind')}</th>
          <th>{t('parkRuleScope')}</th>
          <th>{t('parkRuleCondition')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr key={r.id} data-rule={r.name} data-kind={r.kind}>
            <td>{r.name}</td>
            <td>{t(RULE_KIND[r.kind])}</td>
            <td data-scope={r.scope}>{r.member?.name ?? t('parkRuleWholePark')}</td>
            <td data-condition>{conditionWords(r)}</td>
            <td>
              <button type="button" class="secondary" data-action="delete-rule" onClick={() => onDelete(r)}>
                {t('parkRuleDelete')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

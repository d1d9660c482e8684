import { t, type MessageKey } from '../../i18n';
import { FitChart } from './FitChart';
import { SavingsPanel } from './SavingsPanel';
import { criterionValue, percent, statistic, type Baseline } from './types';

const CRITERIA: Record<string, MessageKey> = {
  baselineDays: 'critBaselineDays',
  coverage: 'critCoverage',
  cvRmse: 'critCvRmse',
  nmbe: 'critNmbe',
  rSquared: 'critRSquared',
  modelP: 'critModelP',
  variableP: 'critVariableP',
  strongestVariableP: 'critStrongestVariableP',
};

const criterionLabel = (name: string) => (CRITERIA[name] ? t(CRITERIA[name]) : name);

/** A baseline's model (balance points, terms with their p-values), fit statistics and acceptance, criterion by criterion. */
export function BaselineDetail(props: { baseline: Baseline }) {
  const { model, acceptance } = props.baseline;
  const failed = acceptance.criteria.filter((c) => !c.passed);
  return (
    <>
      <div class="panel" data-panel="baseline" data-accepted={String(acceptance.accepted)}>
        <h2>
          {t('blModel')}: {props.baseline.name ?? props.baseline.periodStart}
        </h2>
        <p class={acceptance.accepted ? 'verdict ok' : 'verdict warn'} data-field="verdict">
          {acceptance.accepted ? t('blVerdictAccepted') : t('blVerdictRejected')}
          {failed.map((c) => (
            <span key={c.criterion} class="failed" data-failed={c.criterion}>
              {' '}
              {criterionLabel(c.criterion)} {criterionValue(c.value)} ({c.limit});
            </span>
          ))}
        </p>
        <table data-table="statistics" class="statistics">
          <tbody>
            <tr>
              <th>{t('blN')}</th>
              <td class="num" data-stat="n">
                {model.n}
              </td>
              <th>{t('blRSquared')}</th>
              <td class="num" data-stat="rSquared">
                {statistic(model.rSquared)}
              </td>
              <th>{t('blAdjRSquared')}</th>
              <td class="num">{statistic(model.adjustedRSquared)}</td>
            </tr>
            <tr>
              <th>{t('blCvRmse')}</th>
              <td class="num" data-stat="cvRmse">
                {percent(model.cvRmse)}
              </td>
              <th>{t('blNmbe')}</th>
              <td class="num" data-stat="nmbe">
                {percent(model.nmbe)}
              </td>
              <th>{t('blModelP')}</th>
              <td class="num" data-stat="modelP">
                {statistic(model.modelP)}
              </td>
            </tr>
            <tr>
              <th>{t('blBalanceHeating')}</th>
              <td class="num">{statistic(model.spec.heatingBalancePoint, 1)}</td>
              <th>{t('blBalanceCooling')}</th>
              <td class="num">{statistic(model.spec.coolingBalancePoint, 1)}</td>
              <th>
                {t('blMeanEnergy')} ({props.baseline.unit})
              </th>
              <td class="num">{statistic(model.meanEnergy, 2)}</td>
            </tr>
          </tbody>
        </table>
        <FitChart baselineId={props.baseline.id} label={t('blFitBaseline')} />
        <table data-table="terms">
          <thead>
            <tr>
              <th>{t('blTerm')}</th>
              <th class="num">{t('blCoefficient')}</th>
              <th class="num">{t('blStdError')}</th>
              <th class="num">{t('blT')}</th>
              <th class="num">{t('blP')}</th>
            </tr>
          </thead>
          <tbody>
            {model.terms.map((term) => (
              <tr key={term.term} data-term={term.term}>
                <td>
                  <code>{term.term}</code>
                </td>
                <td class="num">{statistic(term.coefficient)}</td>
                <td class="num">{statistic(term.standardError)}</td>
                <td class="num">{statistic(term.tStat, 2)}</td>
                <td class="num" data-field="p">
                  {statistic(term.pValue)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table data-table="criteria">
          <thead>
            <tr>
              <th>{t('blCriterion')}</th>
              <th class="num">{t('blValue')}</th>
              <th>{t('blLimit')}</th>
              <th>{t('blResult')}</th>
              <th>{t('blSource')}</th>
            </tr>
          </thead>
          <tbody>
            {acceptance.criteria.map((c) => (
              <tr key={c.criterion} data-criterion={c.criterion} data-passed={String(c.passed)}>
                <td>{criterionLabel(c.criterion)}</td>
                <td class="num">{criterionValue(c.value)}</td>
                <td>
                  <code>{c.limit}</code>
                </td>
                <td class={c.passed ? 'ok' : 'warn'}>{c.passed ? t('blPass') : t('blFail')}</td>
                <td class="muted">{c.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SavingsPanel baseline={props.baseline} />
    </>
  );
}

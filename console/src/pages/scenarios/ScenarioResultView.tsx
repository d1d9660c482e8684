import { percentChange } from '../../decimal';
import { t } from '../../i18n';
import { minorToMajor } from './money';
import { FIGURES, KIND_LABELS, type Allowances, type ScenarioResult } from './types';

function AllowancePosition(props: { allowances: Allowances }) {
  const a = props.allowances;
  if (a.year === null || !a.obligationT || !a.positionT) return <p class="notice">{t('scnNotYear')}</p>;
  return (
    <table data-table="allowances">
      <thead>
        <tr>
          <th>
            {t('scnYear')} {a.year}
          </th>
          <th class="num">{t('scnBase')}</th>
          <th class="num">{t('scnScenario')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th>{t('scnHeld')}</th>
          <td class="num" data-field="held">
            {a.heldT}
          </td>
          <td class="num">{a.heldT}</td>
        </tr>
        <tr data-row="obligation">
          <th>{t('scnObligation')}</th>
          <td class="num" data-field="base">
            {a.obligationT.base}
          </td>
          <td class="num" data-field="scenario">
            {a.obligationT.scenario}
          </td>
        </tr>
        <tr data-row="position">
          <th>{t('scnPosition')}</th>
          <td class="num" data-field="base">
            {a.positionT.base}
          </td>
          <td class="num" data-field="scenario">
            {a.positionT.scenario}
          </td>
        </tr>
        <tr>
          <th>{t('scnLastPrice')}</th>
          <td class="num" colSpan={2} data-field="price">
            {a.lastPrice
              ? `${minorToMajor(a.lastPrice.minorUnitsPerT)} ${a.lastPrice.currency} (${a.lastPrice.day})`
              : t('scnNoPrice')}
          </td>
        </tr>
        <tr>
          <th>{t('scnCost')}</th>
          <td class="num" colSpan={2} data-field="cost">
            {a.costDifferenceMinorUnits && a.lastPrice
              ? `${minorToMajor(a.costDifferenceMinorUnits)} ${a.lastPrice.currency}`
              : '—'}
          </td>
        </tr>
      </tbody>
      {a.rule && (
        <caption class="muted">
          {t('scnRule')}: {a.rule}
        </caption>
      )}
    </table>
  );
}

/** Base and scenario side by side, the difference and its percentage, what each change did, the allowance position. */
export function ScenarioResultView(props: { result: ScenarioResult }) {
  const { figures, changes, allowances } = props.result;
  return (
    <>
      <div class="panel" data-panel="scenario-figures">
        <h2>
          {props.result.period.start} – {props.result.period.end}
        </h2>
        <table data-table="figures">
          <thead>
            <tr>
              <th>{t('scnFigure')}</th>
              <th class="num">{t('scnBase')}</th>
              <th class="num">{t('scnScenario')}</th>
              <th class="num">{t('scnDifference')}</th>
              <th class="num">{t('scnChange')}</th>
            </tr>
          </thead>
          <tbody>
            {FIGURES.map(([key, label]) => {
              const f = figures[key];
              const change = percentChange(f.scenario, f.base);
              return (
                <tr key={key} data-figure={key}>
                  <th>{t(label)}</th>
                  <td class="num" data-field="base">
                    {f.base}
                  </td>
                  <td class="num" data-field="scenario">
                    {f.scenario}
                  </td>
                  <td class={`num ${f.difference.startsWith('-') ? 'ok' : f.difference === '0.000' ? '' : 'warn'}`}>
                    <span data-field="difference">{f.difference}</span>
                  </td>
                  <td class="num" data-field="change">
                    {change === null ? '—' : `${change} %`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <h3>{t('scnApplied')}</h3>
        <table data-table="applied">
          <thead>
            <tr>
              <th>{t('scnKind')}</th>
              <th>{t('scnEffect')}</th>
              <th>{t('scnAssumption')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c, i) => (
              <tr key={i} data-applied={c.kind}>
                <td>{t(KIND_LABELS[c.kind])}</td>
                <td>{c.effect}</td>
                <td class="muted">{c.assumption}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="panel" data-panel="allowances">
        <h2>{t('scnAllowances')}</h2>
        <AllowancePosition allowances={allowances} />
      </div>
    </>
  );
}

import { t } from '../../i18n';
import { ESTIMATE_FLAGS, flagsIn, localTime, SUSPECT_FLAGS, type Series } from './types';

/** The chart's points as the API wrote them (decimal text), with the names of the notable quality flags. */
export function SeriesTable({ series }: { series: Series }) {
  if (series.points.length === 0) return null;
  return (
    <table class="series-table" data-table="series">
      <thead>
        <tr>
          <th>{t('monTime')}</th>
          <th class="num">
            {t('monMean')} ({series.unit})
          </th>
          <th class="num">{t('monMin')}</th>
          <th class="num">{t('monMax')}</th>
          <th>{t('monFlags')}</th>
        </tr>
      </thead>
      <tbody>
        {series.points.map((p, i) => {
          const mask = series.flags[i] ?? 0;
          const estimated = flagsIn(mask, ESTIMATE_FLAGS, series.qualityFlags);
          const suspect = flagsIn(mask, SUSPECT_FLAGS, series.qualityFlags);
          return (
            <tr key={p[0]} data-time={p[0]} class={suspect.length ? 'suspect' : estimated.length ? 'estimated' : ''}>
              <td>{localTime(p[0])}</td>
              <td class="num">{p[1]}</td>
              <td class="num">{p[2]}</td>
              <td class="num">{p[3]}</td>
              <td class="flags">{[...estimated, ...suspect].join(' ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

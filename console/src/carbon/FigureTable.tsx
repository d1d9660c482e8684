import { t } from '../i18n';
import type { Trace } from './carbonTypes';
import type { FigureRow } from './breakdown';

/** A breakdown with location- and market-based figures side by side; every figure opens its trace. */
export function FigureTable({
  id,
  heading,
  rows,
  onTrace,
}: {
  id: string;
  heading: string;
  rows: FigureRow[];
  onTrace: (trace: Trace) => void;
}) {
  const figure = (value: string | null, trace: Trace | null, method: string) =>
    value === null || trace === null ? (
      <td class="num">—</td>
    ) : (
      <td class="num">
        <button type="button" class="figure-link" data-method={method} onClick={() => onTrace(trace)}>
          {value}
        </button>
      </td>
    );
  return (
    <table class="figures-table" data-breakdown={id}>
      <thead>
        <tr>
          <th>{heading}</th>
          <th class="num">{t('carbonLocation')}</th>
          <th class="num">{t('carbonMarket')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-row={r.key}>
            <td>{r.label}</td>
            {figure(r.location, r.locationTrace, 'location')}
            {figure(r.market, r.marketTrace, 'market')}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

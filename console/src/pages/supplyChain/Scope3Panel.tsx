import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';

interface Line {
  purchaseId: string;
  supplier: { name: string };
  product: string;
  unit: string;
  period: { start: string; end: string };
  quantity: string;
  kgCO2ePerUnit: string;
  kgCO2e: string;
}

interface Scope3 {
  category1PurchasedGoods: { lines: Line[]; kgCO2e: string };
  kgCO2e: string;
}

/** The organisation's Scope 3 category 1 for a period, as its inventory preview computes it (exact decimals). */
export function Scope3Panel({ refresh }: { refresh: number }) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [scope3, setScope3] = useState<Scope3 | null | undefined>();
  const [error, setError] = useState<unknown>();
  const compute = () => {
    setError(undefined);
    api<{ document: { scope3?: Scope3 } }>('POST', '/v1/inventories/preview', { start, end }).then(
      (p) => setScope3(p.document.scope3 ?? null),
      setError,
    );
  };
  // A purchase recorded below the figure shown: compute it again for the same period.
  useEffect(() => {
    if (refresh > 0 && start && end) compute();
  }, [refresh]);
  return (
    <div class="sc-scope3">
      <p class="notice">{t('scScope3Help')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          compute();
        }}
        class="sc-fields"
      >
        <label>
          {t('scStart')}
          <input type="date" value={start} onInput={(e) => setStart((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('scEnd')}
          <input type="date" value={end} onInput={(e) => setEnd((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t('scCompute')}</button>
      </form>
      <ErrorBox error={error} />
      {scope3 === null && <p class="notice">{t('scScope3None')}</p>}
      {scope3 && (
        <>
          <p class="sc-total">
            {t('scScope3Total')}: <strong data-scope3-total>{scope3.kgCO2e}</strong>
          </p>
          <table class="sc-lines">
            <thead>
              <tr>
                <th>{t('scSupplier')}</th>
                <th>{t('scProduct')}</th>
                <th>{t('scPeriodShort')}</th>
                <th>{t('scQuantity')}</th>
                <th>{t('scPerUnit')}</th>
                <th>{t('scEmissions')}</th>
              </tr>
            </thead>
            <tbody>
              {scope3.category1PurchasedGoods.lines.map((l) => (
                <tr key={l.purchaseId}>
                  <td>{l.supplier.name}</td>
                  <td>{l.product}</td>
                  <td>
                    {l.period.start} – {l.period.end}
                  </td>
                  <td class="num">
                    {l.quantity} {l.unit}
                  </td>
                  <td class="num">{l.kgCO2ePerUnit}</td>
                  <td class="num">{l.kgCO2e}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { language, t, type MessageKey } from '../i18n';

type Stage = 'raw-materials' | 'upstream-energy' | 'inbound-transport' | 'production';

/** The parts of GET /v1/inventories/{id}/product-footprint the panel shows (services/reports/cradleToGateFootprint.ts). */
interface Footprint {
  allocation: { method: 'mass' | 'economic'; products: { product: string; share: string }[] };
  products: {
    product: string;
    unit: string;
    declaredUnit: string;
    share: string;
    stages: { stage: Stage; kgCO2ePerUnitLocation: string; trace: string }[];
    kgCO2ePerUnitLocation: string;
    kgCO2ePerUnitMarket: string;
    biogenicCO2KgPerUnit: string;
  }[];
  dataQuality: { primaryShare: string };
}

const STAGES: [Stage, MessageKey][] = [
  ['raw-materials', 'footprintStageRaw'],
  ['upstream-energy', 'footprintStageEnergy'],
  ['inbound-transport', 'footprintStageTransport'],
  ['production', 'footprintStageProduction'],
];

function query(method: 'mass' | 'economic', prices: Record<string, string>): string {
  const keys =
    method === 'economic'
      ? Object.entries(prices)
          .filter(([, v]) => v.trim() !== '')
          .map(([p, v]) => `&allocationKey=${encodeURIComponent(`${p}=${v.trim()}`)}`)
          .join('')
      : '';
  return `allocation=${method}${keys}`;
}

/**
 * The cradle-to-gate product footprint of a stored inventory by life-cycle stage, per declared unit, with the
 * allocation between co-products chosen here (mass, or economic value with a price per product), and the
 * product-footprint report of the same allocation in a frame sandboxed like the inventory report.
 */
export function ProductFootprintPanel({ inventoryId }: { inventoryId: string }) {
  const [method, setMethod] = useState<'mass' | 'economic'>('mass');
  const [prices, setPrices] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState(query('mass', {}));
  const [footprint, setFootprint] = useState<Footprint | undefined>();
  const [products, setProducts] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    setError(undefined);
    api<Footprint>('GET', `/v1/inventories/${inventoryId}/product-footprint?${applied}`).then(
      (f) => {
        setFootprint(f);
        if (products.length === 0) setProducts(f.products.map((p) => p.product));
      },
      (e: unknown) => {
        setFootprint(undefined);
        setError(e);
      },
    );
  }, [inventoryId, applied]);

  return (
    <section class="product-footprint" data-footprint={inventoryId}>
      <h3>{t('footprintHeading')}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(query(method, prices));
        }}
      >
        <label>
          {t('footprintAllocation')}{' '}
          <select
            name="allocation"
            value={method}
            onChange={(e) => setMethod((e.target as HTMLSelectElement).value as 'mass' | 'economic')}
          >
            <option value="mass">{t('footprintMass')}</option>
            <option value="economic">{t('footprintEconomic')}</option>
          </select>
        </label>
        {method === 'economic' &&
          products.map((p) => (
            <label key={p}>
              {p} {t('footprintPrice')}{' '}
              <input
                name={`price-${p}`}
                data-price={p}
                inputMode="decimal"
                value={prices[p] ?? ''}
                onInput={(e) => setPrices({ ...prices, [p]: (e.target as HTMLInputElement).value })}
              />
            </label>
          ))}
        <button type="submit">{t('footprintApply')}</button>
      </form>
      <ErrorBox error={error} />
      {footprint && (
        <>
          <table>
            <thead>
              <tr>
                <th>{t('footprintProduct')}</th>
                <th>{t('footprintDeclaredUnit')}</th>
                <th class="num">{t('footprintShare')}</th>
                {STAGES.map(([, label]) => (
                  <th class="num" key={label}>
                    {t(label)}
                  </th>
                ))}
                <th class="num">{t('footprintTotalLocation')}</th>
                <th class="num">{t('footprintTotalMarket')}</th>
                <th class="num">{t('footprintBiogenic')}</th>
              </tr>
            </thead>
            <tbody>
              {footprint.products.map((p) => (
                <tr key={p.product} data-product={p.product}>
                  <td>{p.product}</td>
                  <td>{p.declaredUnit}</td>
                  <td class="num">{p.share}</td>
                  {STAGES.map(([stage]) => {
                    const s = p.stages.find((x) => x.stage === stage);
                    return (
                      <td class="num" key={stage} data-stage={stage} title={s?.trace}>
                        {s?.kgCO2ePerUnitLocation}
                      </td>
                    );
                  })}
                  <td class="num" data-total="location">
                    {p.kgCO2ePerUnitLocation}
                  </td>
                  <td class="num" data-total="market">
                    {p.kgCO2ePerUnitMarket}
                  </td>
                  <td class="num">{p.biogenicCO2KgPerUnit}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="notice">
            {t('footprintPrimary')}: {footprint.dataQuality.primaryShare} %. {t('footprintNotes')}
          </p>
          <iframe
            class="report-frame"
            title={t('footprintReportTitle')}
            sandbox=""
            referrerpolicy="no-referrer"
            src={`/v1/inventories/${inventoryId}/report?kind=product-footprint&lang=${language()}&format=html&disposition=inline&${applied}`}
            data-footprint-report={inventoryId}
          />
        </>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useDirectorySearch } from '../../directorySearch';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { InventoryRecord, Party, ProductionVolume, Share } from './types';

/** The supplier's form: a notarized inventory, one of its products, and a customer found by name in the directory. */
export function ShareFootprint({ ownOrgId, onShared }: { ownOrgId: string | undefined; onShared: () => void }) {
  const [inventories, setInventories] = useState<InventoryRecord[] | undefined>();
  const [products, setProducts] = useState<string[]>([]);
  const [inventoryId, setInventoryId] = useState('');
  const [product, setProduct] = useState('');
  const [basis, setBasis] = useState<'location' | 'market'>('location');
  const [q, setQ] = useState('');
  const found = useDirectorySearch<Party>('enterprise', q)?.filter((p) => p.id !== ownOrgId);
  const [shared, setShared] = useState<Share | undefined>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    Promise.all([
      api<InventoryRecord[]>('GET', '/v1/inventories'),
      api<ProductionVolume[]>('GET', '/v1/production-volumes'),
    ]).then(([all, volumes]) => {
      const notarized = all.filter((i) => i.status === 'notarized');
      setInventories(notarized);
      setInventoryId(notarized[0]?.id ?? '');
      const names = [...new Set(volumes.map((v) => v.product))].sort();
      setProducts(names);
      setProduct(names[0] ?? '');
    }, setError);
  }, []);

  const share = (customer: Party) => {
    setError(undefined);
    api<Share>('POST', '/v1/footprint-shares', { customerOrgId: customer.id, inventoryId, product, basis }).then(
      (s) => {
        setShared(s);
        onShared();
      },
      setError,
    );
  };

  if (!inventories) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  if (inventories.length === 0) return <p class="notice">{t('scNoNotarized')}</p>;
  return (
    <div class="sc-share">
      <p class="notice">{t('scShareHelp')}</p>
      <div class="sc-fields">
        <label>
          {t('scInventory')}
          <select value={inventoryId} onChange={(e) => setInventoryId((e.target as HTMLSelectElement).value)}>
            {inventories.map((i) => (
              <option key={i.id} value={i.id}>
                {i.periodStart} – {i.periodEnd} (v{i.version})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('scProduct')}
          <input list="sc-products" value={product} onInput={(e) => setProduct((e.target as HTMLInputElement).value)} />
          <datalist id="sc-products">
            {products.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </label>
        <label>
          {t('scBasis')}
          <select value={basis} onChange={(e) => setBasis((e.target as HTMLSelectElement).value as typeof basis)}>
            <option value="location">{t('scBasisLocation')}</option>
            <option value="market">{t('scBasisMarket')}</option>
          </select>
        </label>
      </div>
      <div class="picker">
        <label>
          {t('scCustomerSearch')}
          <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        </label>
        {found?.length === 0 && <p class="notice">{t('scCustomerNone')}</p>}
        <ul>
          {found?.map((c) => (
            <li key={c.id} data-customer={c.name}>
              <span>{c.name}</span>{' '}
              <button type="button" class="secondary" onClick={() => share(c)}>
                {t('scShareWith')}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <ErrorBox error={error} />
      {shared && (
        <p class="sc-outcome" data-outcome="shared">
          {t('scShared')}: {shared.customer.name} · {shared.product} · <strong>{shared.kgCO2ePerUnit}</strong> kgCO2e/
          {shared.unit}
        </p>
      )}
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { ShareChecks } from './ShareChecks';
import type { Share, Verification } from './types';

/** The customer's view: footprints received, each verified against the chain, and a purchase form per share. */
export function ReceivedShares({ shares, onPurchased }: { shares: Share[]; onPurchased: () => void }) {
  const [checks, setChecks] = useState<Record<string, Verification>>({});
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    for (const s of shares) {
      api<Verification>('GET', `/v1/footprint-shares/${s.shareId}/verify`).then(
        (v) => setChecks((all) => ({ ...all, [s.shareId]: v })),
        setError,
      );
    }
  }, [shares]);

  if (shares.length === 0) return <p class="notice">{t('scReceivedEmpty')}</p>;
  return (
    <>
      <ErrorBox error={error} />
      {shares.map((s) => (
        <article key={s.shareId} class="sc-received" data-share={s.shareId}>
          <h3>
            {s.supplier.name} · {s.product}: <span class="num">{s.kgCO2ePerUnit}</span> kgCO2e/{s.unit}{' '}
            {s.revokedAt && <span class="sc-fail">({t('scRevoked')})</span>}
          </h3>
          <p>
            {t('scInventoryHash')} <code>{s.inventoryHash}</code>
          </p>
          {checks[s.shareId] ? <ShareChecks verification={checks[s.shareId]} /> : <p class="loading">{t('loading')}</p>}
          {!s.revokedAt && <PurchaseForm share={s} onRecorded={onPurchased} />}
        </article>
      ))}
    </>
  );
}

function PurchaseForm({ share, onRecorded }: { share: Share; onRecorded: () => void }) {
  const [period, setPeriod] = useState('');
  const [quantity, setQuantity] = useState('');
  const [error, setError] = useState<unknown>();
  const record = (e: Event) => {
    e.preventDefault();
    setError(undefined);
    api('POST', '/v1/supplier-purchases', { shareId: share.shareId, period, quantity }).then(() => {
      setQuantity('');
      onRecorded();
    }, setError);
  };
  return (
    <form class="sc-purchase" onSubmit={record}>
      <label>
        {t('scPeriod')}
        <input value={period} onInput={(e) => setPeriod((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t('scQuantity')} ({share.unit})
        <input
          inputMode="decimal"
          value={quantity}
          onInput={(e) => setQuantity((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">{t('scRecord')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

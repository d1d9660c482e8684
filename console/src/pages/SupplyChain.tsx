import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t } from '../i18n';
import type { Session } from '../session';
import { ReceivedShares } from './supplyChain/ReceivedShares';
import { Scope3Panel } from './supplyChain/Scope3Panel';
import { SentShares } from './supplyChain/SentShares';
import { ShareFootprint } from './supplyChain/ShareFootprint';
import type { Share } from './supplyChain/types';
import './supplyChain/supplyChain.css';

/**
 * 供应链碳管理: as a supplier, share a notarized product footprint with a customer found by name; as a customer, the
 * footprints received with their verification against the chain, purchases, and the Scope 3 category 1 figure.
 */
export function SupplyChain({ session }: { session: Session }) {
  const [sent, setSent] = useState<Share[] | undefined>();
  const [received, setReceived] = useState<Share[] | undefined>();
  const [purchases, setPurchases] = useState(0);
  const [error, setError] = useState<unknown>();
  const load = () =>
    Promise.all([
      api<Share[]>('GET', '/v1/footprint-shares/sent'),
      api<Share[]>('GET', '/v1/footprint-shares/received'),
    ]).then(([s, r]) => {
      setSent(s);
      setReceived(r);
    }, setError);
  useEffect(() => void load(), []);

  if (!sent || !received) return error ? <ErrorBox error={error} /> : <p class="loading">{t('loading')}</p>;
  return (
    <section class="page supply-chain">
      <h1>{t('navSupplyChain')}</h1>
      <div class="panel" data-panel="received">
        <h2>{t('scReceived')}</h2>
        <ReceivedShares shares={received} onPurchased={() => setPurchases((n) => n + 1)} />
      </div>
      <div class="panel" data-panel="scope3">
        <h2>{t('scScope3')}</h2>
        <Scope3Panel refresh={purchases} />
      </div>
      <div class="panel" data-panel="share">
        <h2>{t('scShare')}</h2>
        <ShareFootprint ownOrgId={session.organisation?.id} onShared={() => void load()} />
      </div>
      <div class="panel" data-panel="sent">
        <h2>{t('scSent')}</h2>
        <SentShares shares={sent} onChanged={() => void load()} />
      </div>
    </section>
  );
}

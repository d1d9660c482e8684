import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { SignTransaction, type UnsignedTransaction } from './SignTransaction';

interface Claim {
  id: string;
  source: string;
  certificateRef: string;
  mwh: string;
  consumptionStart: string;
  consumptionEnd: string;
  region: string | null;
  technology: string | null;
}
interface Position {
  asset: string;
  tokenId: string;
  quantity: string;
}

interface ClaimRequest {
  certificateId: string;
  mwh: number;
  consumptionStart: string;
  consumptionEnd: string;
  location: string;
}
/** A claim answered: mined (custodial), or the transaction the organisation's external account is to send. */
type Claimed =
  | { status: 'mined'; claimId: string | null; blockNumber: number }
  | { status: 'awaiting-signature'; transaction: UnsignedTransaction };

/** First and last day of last month, as the period a claim is most often for. */
function lastMonth(): [string, string] {
  const now = new Date();
  const day = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return [day(new Date(now.getFullYear(), now.getMonth() - 1, 1)), day(new Date(now.getFullYear(), now.getMonth(), 1))];
}

/**
 * Green certificate claims: the organisation's claims (recorded through the API, or claimed on chain and indexed),
 * and claiming held certificates for a consumption period on chain (they are retired and lower market-based Scope 2).
 * The list reloads with the organisation's `positions`, which the page reads after a write only once the indexer has
 * reached its block; the certificates held are the ones offered to claim. A holder that signs itself is shown the
 * transaction to send (browser wallet or pasted hash), and the same claim is confirmed with its hash.
 */
export function CertificateClaims({
  positions,
  onWritten,
}: {
  positions: Position[];
  onWritten: (block: number) => void;
}) {
  const held = positions.filter((p) => p.asset === 'certificate');
  const [claims, setClaims] = useState<Claim[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [certificate, setCertificate] = useState('');
  const [mwh, setMwh] = useState('');
  const [[start, end], setPeriod] = useState(lastMonth);
  const [location, setLocation] = useState('');
  const [claimed, setClaimed] = useState<string | undefined>();
  useEffect(() => {
    api<Claim[]>('GET', '/v1/certificate-claims').then(setClaims, setError);
  }, [positions]);
  const chosen = certificate || held[0]?.tokenId || '';

  const [toSign, setToSign] = useState<{ request: ClaimRequest; transaction: UnsignedTransaction } | undefined>();

  function mined(sent: { claimId: string | null; blockNumber: number }) {
    setClaimed(sent.claimId ?? '');
    onWritten(sent.blockNumber);
  }

  async function claim(event: Event) {
    event.preventDefault();
    setError(undefined);
    setToSign(undefined);
    const request: ClaimRequest = {
      certificateId: chosen,
      mwh: Number(mwh),
      consumptionStart: start,
      consumptionEnd: end,
      location,
    };
    try {
      const sent = await api<Claimed>('POST', '/v1/certificates/claims', request);
      if (sent.status === 'awaiting-signature') return setToSign({ request, transaction: sent.transaction });
      mined(sent);
    } catch (e) {
      setError(e);
    }
  }

  /** Confirms the claim the external account sent: the same request with its hash; a refusal stays shown there. */
  async function confirmClaim(request: ClaimRequest, txHash: string) {
    const sent = await api<{ claimId: string; blockNumber: number }>('POST', '/v1/certificates/claims', {
      ...request,
      txHash,
    });
    setToSign(undefined);
    mined(sent);
  }

  return (
    <section class="claims">
      <h2>{t('claims')}</h2>
      {held.length === 0 && <p class="notice">{t('claimNoCertificates')}</p>}
      {held.length > 0 && (
        <form class="inline-form" onSubmit={claim}>
          <label>
            {t('claimCertificate')}
            <select value={chosen} onChange={(e) => setCertificate(e.currentTarget.value)}>
              {held.map((h) => (
                <option key={h.tokenId} value={h.tokenId}>
                  #{h.tokenId} ({h.quantity} MWh)
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('claimMwh')}
            <input
              type="text"
              inputMode="numeric"
              pattern="[1-9][0-9]*"
              required
              value={mwh}
              onInput={(e) => setMwh(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('claimStart')}
            <input type="date" required value={start} onInput={(e) => setPeriod([e.currentTarget.value, end])} />
          </label>
          <label>
            {t('claimEnd')}
            <input type="date" required value={end} onInput={(e) => setPeriod([start, e.currentTarget.value])} />
          </label>
          <label>
            {t('claimLocation')}
            <input
              type="text"
              required
              maxLength={31}
              placeholder="CN-JS"
              value={location}
              onInput={(e) => setLocation(e.currentTarget.value)}
            />
          </label>
          <button type="submit">{t('claimSubmit')}</button>
          {claimed !== undefined && (
            <span data-claimed>
              {t('claimDone')} <code>{claimed}</code>
            </span>
          )}
        </form>
      )}
      {toSign && (
        <SignTransaction
          key={toSign.transaction.data}
          transaction={toSign.transaction}
          confirm={(txHash) => confirmClaim(toSign.request, txHash)}
        />
      )}
      <ErrorBox error={error} />
      {claims?.length === 0 && <p class="notice">{t('claimsEmpty')}</p>}
      {claims && claims.length > 0 && (
        <table class="certificate-claims">
          <thead>
            <tr>
              <th>{t('claimRef')}</th>
              <th>{t('claimSource')}</th>
              <th>MWh</th>
              <th>{t('claimPeriod')}</th>
              <th>{t('claimRegion')}</th>
              <th>{t('claimTechnology')}</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.id} data-claim={c.id}>
                <td>{c.certificateRef}</td>
                <td>{c.source}</td>
                <td data-claim-mwh>{c.mwh}</td>
                <td>
                  {c.consumptionStart} – {c.consumptionEnd}
                </td>
                <td>{c.region ?? '—'}</td>
                <td>{c.technology ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

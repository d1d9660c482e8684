import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';

interface Party {
  account: string;
  organisation: { id: string; name: string } | null;
}
interface Register {
  holdings: {
    organisation: { id: string; name: string };
    accounts: string[];
    asset: 'allowance' | 'certificate';
    tokenId: string;
    /** An offset token's programme and vintage, as the API names it. */
    offset?: { program: string; vintage: number };
    balance: string;
    compliance: { obligationT: string; allowancesSurrendered: string; shortfallT: string; status: string } | null;
  }[];
  events: {
    kind: 'issuance' | 'transfer' | 'surrender' | 'retirement';
    asset: 'allowance' | 'certificate';
    tokenId: string;
    offset?: { program: string; vintage: number };
    quantity: string;
    from: Party | null;
    to: Party | null;
    time: string;
    txHash: string;
  }[];
}

const KIND: Record<Register['events'][number]['kind'], MessageKey> = {
  issuance: 'registerIssuance',
  transfer: 'registerTransfer',
  surrender: 'registerSurrender',
  retirement: 'registerRetirement',
};
const STATUS: Record<string, MessageKey> = {
  pending: 'statusPending',
  compliant: 'statusCompliant',
  non_compliant: 'statusNonCompliant',
};

/**
 * An asset and token in words: "配额 2025", "抵销 CCER 2024", "绿证 7"; an offset by the programme and vintage the API
 * names it by (`offset`), so the page decodes no token ids.
 */
function tokenText(row: {
  asset: 'allowance' | 'certificate';
  tokenId: string;
  offset?: { program: string; vintage: number };
}): string {
  if (row.offset) return `${t('statsOffsets')} ${row.offset.program} ${row.offset.vintage}`;
  return `${t(row.asset === 'certificate' ? 'statsCertificates' : 'statsAllowanceOf')} ${row.tokenId}`;
}

const partyText = (p: Party | null) => (p ? (p.organisation?.name ?? p.account) : '—');

/**
 * The authority's oversight register (监管登记簿): every holder's balance per asset and compliance year, with the
 * year's obligation and surrenders, and the recent issuances, transfers and surrenders; filtered by part of a holder's
 * name. Shown to authorities only, and the API refuses it to anyone else.
 */
export function OversightRegister() {
  const [holder, setHolder] = useState('');
  const [register, setRegister] = useState<Register | undefined>();
  const [error, setError] = useState<unknown>();
  const load = (name: string) => {
    setError(undefined);
    const query = name.trim() ? `&holder=${encodeURIComponent(name.trim())}` : '';
    api<Register>('GET', `/v1/market/register?limit=50${query}`).then(setRegister, setError);
  };
  useEffect(() => load(''), []);
  return (
    <section class="oversight-register">
      <h2>{t('registerTitle')}</h2>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          load(holder);
        }}
      >
        <label>
          {t('registerHolder')}
          <input type="search" value={holder} onInput={(e) => setHolder(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('registerFilter')}</button>
      </form>
      <ErrorBox error={error} />
      {register && (
        <>
          <h3>{t('registerHoldings')}</h3>
          {register.holdings.length === 0 ? (
            <p class="notice">{t('registerEmpty')}</p>
          ) : (
            <table class="register">
              <thead>
                <tr>
                  <th>{t('registerHolderColumn')}</th>
                  <th>{t('marketAsset')}</th>
                  <th>{t('registerBalance')}</th>
                  <th>{t('marketObligation')}</th>
                  <th>{t('marketSurrendered')}</th>
                  <th>{t('marketShortfall')}</th>
                  <th>{t('marketStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {register.holdings.map((h) => (
                  <tr
                    key={`${h.organisation.id}/${h.asset}/${h.tokenId}`}
                    data-holding={`${h.organisation.name}/${h.asset}/${h.tokenId}`}
                  >
                    <td title={h.accounts.join(' ')}>{h.organisation.name}</td>
                    <td>{tokenText(h)}</td>
                    <td>{h.balance}</td>
                    <td>{h.compliance?.obligationT ?? '—'}</td>
                    <td>{h.compliance?.allowancesSurrendered ?? '—'}</td>
                    <td>{h.compliance?.shortfallT ?? '—'}</td>
                    <td>
                      {h.compliance
                        ? STATUS[h.compliance.status]
                          ? t(STATUS[h.compliance.status])
                          : h.compliance.status
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('registerEvents')}</h3>
          {register.events.length === 0 ? (
            <p class="notice">{t('registerEventsEmpty')}</p>
          ) : (
            <table class="register-events">
              <thead>
                <tr>
                  <th>{t('marketTime')}</th>
                  <th>{t('registerEventKind')}</th>
                  <th>{t('marketAsset')}</th>
                  <th>{t('marketQuantity')}</th>
                  <th>{t('registerFrom')}</th>
                  <th>{t('registerTo')}</th>
                  <th>{t('marketTx')}</th>
                </tr>
              </thead>
              <tbody>
                {register.events.map((e) => (
                  <tr
                    key={`${e.txHash}/${e.asset}/${e.tokenId}/${partyText(e.from)}/${partyText(e.to)}`}
                    data-register-event={e.kind}
                  >
                    <td>{new Date(e.time).toLocaleString()}</td>
                    <td>{t(KIND[e.kind])}</td>
                    <td>{tokenText(e)}</td>
                    <td>{e.quantity}</td>
                    <td>{partyText(e.from)}</td>
                    <td>{partyText(e.to)}</td>
                    <td>
                      <code title={e.txHash}>{e.txHash.slice(0, 12)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

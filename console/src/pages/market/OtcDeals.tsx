import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { findParticipants } from './directory';
import { OtcProposal } from './OtcProposal';
import { SignTransaction, type UnsignedTransaction } from './SignTransaction';
import { SignTypedData, type DealTypedData } from './SignTypedData';

interface Terms {
  tokenId: string;
  quantity: string;
  pricePerUnit: string;
  currency: string;
}
interface Deal {
  id: string;
  status: 'proposed' | 'signed' | 'recorded';
  proposerOrgId: string;
  counterpartyOrgId: string;
  buyerOrgId: string;
  sellerOrgId: string;
  signed: { buyer: boolean; seller: boolean };
  typedData: DealTypedData & { message: { terms: Terms & { buyer: string; seller: string } } };
  txHash: string | null;
}

const STATUS: Record<Deal['status'], MessageKey> = {
  proposed: 'otcStatusProposed',
  signed: 'otcStatusSigned',
  recorded: 'otcStatusRecorded',
};

/** The ISO 4217 code a deal carries as bytes3 (0x434e59 is CNY). */
const currencyText = (hex: string) =>
  String.fromCharCode(...(hex.slice(2).match(/../g) ?? []).map((byte) => parseInt(byte, 16)));

/**
 * The organisation's OTC deals (proposed by it or offered to it), with what is left to do: the counterparty accepts
 * (its custodial account signs and the deal is recorded on chain), either party records a deal both have signed.
 */
export function OtcDeals({ me, onWritten }: { me: string; onWritten: () => void }) {
  const [deals, setDeals] = useState<Deal[] | undefined>();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<unknown>();
  // A record the organisation's external account is to send: the deal and the transaction the API prepared.
  const [toSign, setToSign] = useState<{ dealId: string; transaction: UnsignedTransaction } | undefined>();
  // A deal the organisation's external account is to sign (EIP-712), as proposer or to accept it.
  const [toSignTyped, setToSignTyped] = useState<{ deal: Deal; role: 'proposer' | 'accepter' } | undefined>();
  // The organisation's accounts whose key it keeps (lower case): those sign in the browser, not through Nengtan.
  const [external, setExternal] = useState<Set<string>>(new Set());
  const load = () =>
    Promise.all([
      api<Deal[]>('GET', '/v1/market/otc-deals'),
      findParticipants('', 500),
      api<{ address: string; custody: string }[]>('GET', '/v1/organisation/chain-accounts'),
    ]).then(([d, people, accounts]) => {
      setDeals(d);
      setNames(new Map(people.map((p) => [p.id, p.name])));
      setExternal(new Set(accounts.filter((a) => a.custody === 'external').map((a) => a.address.toLowerCase())));
    }, setError);
  useEffect(() => void load(), []);

  async function act(deal: Deal, action: 'accept' | 'record') {
    setError(undefined);
    try {
      const answer = await api<{ status: string; transaction?: UnsignedTransaction | null }>(
        'POST',
        `/v1/market/otc-deals/${deal.id}/${action}`,
        {},
      );
      if (answer.status === 'awaiting-signature' && answer.transaction) {
        return setToSign({ dealId: deal.id, transaction: answer.transaction });
      }
      await load();
      onWritten();
    } catch (e) {
      setError(e);
    }
  }

  /** Confirms the record the external account sent; the deal shows recorded at once (the API checked the chain). */
  async function confirmRecord(dealId: string, txHash: string) {
    await api('POST', `/v1/market/otc-deals/${dealId}/record`, { txHash });
    setToSign(undefined);
    await load();
    onWritten();
  }

  /** Sends the external account's signature: the proposer's to /signature, the accepter's with its acceptance. */
  async function submitSignature(deal: Deal, role: 'proposer' | 'accepter', signature: string) {
    await api('POST', `/v1/market/otc-deals/${deal.id}/${role === 'proposer' ? 'signature' : 'accept'}`, {
      signature,
    });
    setToSignTyped(undefined);
    await load();
    onWritten();
  }

  /** The organisation's account in the deal, and whether it is external (its key kept by the organisation). */
  const myAccount = (deal: Deal) => {
    const terms = deal.typedData.message.terms;
    const account = deal.sellerOrgId === me ? terms.seller : terms.buyer;
    return { account, external: external.has(account.toLowerCase()) };
  };
  const signTyped = (deal: Deal, role: 'proposer' | 'accepter', label: MessageKey) => (
    <button
      onClick={() => {
        setError(undefined);
        setToSignTyped({ deal, role });
      }}
    >
      {t(label)}
    </button>
  );

  const nameOf = (id: string) => (id === me ? t('otcUs') : (names.get(id) ?? id));
  const next = (deal: Deal) => {
    if (deal.status === 'signed') return <button onClick={() => void act(deal, 'record')}>{t('otcRecord')}</button>;
    if (deal.status !== 'proposed')
      return deal.txHash ? <code title={deal.txHash}>{deal.txHash.slice(0, 12)}…</code> : null;
    const proposerSide = deal.proposerOrgId === deal.sellerOrgId ? 'seller' : 'buyer';
    if (!deal.signed[proposerSide]) {
      if (deal.proposerOrgId === me && myAccount(deal).external) return signTyped(deal, 'proposer', 'otcSignProposal');
      return t('otcAwaitingExternal');
    }
    if (deal.counterpartyOrgId === me) {
      if (myAccount(deal).external) return signTyped(deal, 'accepter', 'otcAccept');
      return <button onClick={() => void act(deal, 'accept')}>{t('otcAccept')}</button>;
    }
    return t('otcAwaitingThem');
  };
  return (
    <section class="otc">
      <h2>{t('otcDeals')}</h2>
      <OtcProposal me={me} onProposed={() => void load()} />
      <ErrorBox error={error} />
      {toSign && (
        <SignTransaction
          key={toSign.dealId}
          transaction={toSign.transaction}
          confirm={(txHash) => confirmRecord(toSign.dealId, txHash)}
        />
      )}
      {toSignTyped && (
        <SignTypedData
          key={`${toSignTyped.deal.id}-${toSignTyped.role}`}
          account={myAccount(toSignTyped.deal).account}
          typedData={toSignTyped.deal.typedData}
          submit={(signature) => submitSignature(toSignTyped.deal, toSignTyped.role, signature)}
        />
      )}
      {deals?.length === 0 && <p class="notice">{t('otcDealsEmpty')}</p>}
      {deals && deals.length > 0 && (
        <table class="otc-deals">
          <thead>
            <tr>
              <th>{t('otcSeller')}</th>
              <th>{t('otcBuyer')}</th>
              <th>{t('marketToken')}</th>
              <th>{t('marketQuantity')}</th>
              <th>{t('marketPrice')}</th>
              <th>{t('otcProposer')}</th>
              <th>{t('otcSigned')}</th>
              <th>{t('marketStatus')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deals.map((deal) => {
              const terms = deal.typedData.message.terms;
              const signedBy = [
                deal.signed.seller ? t('otcSeller') : '',
                deal.signed.buyer ? t('otcBuyer') : '',
              ].filter(Boolean);
              return (
                <tr key={deal.id} data-deal={deal.id} data-deal-status={deal.status}>
                  <td>{nameOf(deal.sellerOrgId)}</td>
                  <td>{nameOf(deal.buyerOrgId)}</td>
                  <td>{terms.tokenId}</td>
                  <td data-deal-quantity>{terms.quantity}</td>
                  <td>
                    {terms.pricePerUnit} {currencyText(terms.currency)}
                  </td>
                  <td>{nameOf(deal.proposerOrgId)}</td>
                  <td>{signedBy.join(' · ') || '—'}</td>
                  <td>{t(STATUS[deal.status])}</td>
                  <td>{next(deal)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { findParticipants, type Participant } from './directory';

const HOUR_MS = 3_600_000;

/**
 * Proposing an OTC deal: the counterparty is typed by name and picked from the directory's suggestions (no UUIDs to
 * copy); the API signs the proposal with the organisation's custodial account and refuses in words what it cannot do.
 */
export function OtcProposal({ me, onProposed }: { me: string; onProposed: () => void }) {
  const [side, setSide] = useState<'sell' | 'buy'>('sell');
  const [counterparty, setCounterparty] = useState('');
  const [suggestions, setSuggestions] = useState<Participant[]>([]);
  const [asset, setAsset] = useState('allowance');
  const [tokenId, setTokenId] = useState(String(new Date().getFullYear() - 1));
  const [quantity, setQuantity] = useState('');
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [paymentRef, setPaymentRef] = useState('');
  const [hours, setHours] = useState('24');
  const [error, setError] = useState<unknown>();

  async function suggest(name: string) {
    setCounterparty(name);
    if (name.trim().length === 0) return setSuggestions([]);
    try {
      setSuggestions((await findParticipants(name.trim())).filter((p) => p.id !== me));
    } catch {
      setSuggestions([]); // suggestions only: the refusal, if any, shows on submit
    }
  }

  async function propose(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const name = counterparty.trim();
      const chosen = (await findParticipants(name)).find((p) => p.name === name && p.id !== me);
      if (!chosen) throw new Error(t('otcNoCounterparty'));
      await api('POST', '/v1/market/otc-deals', {
        side,
        counterpartyOrgId: chosen.id,
        asset,
        tokenId,
        quantity,
        pricePerUnit: price,
        currency,
        paymentRef,
        deadline: new Date(Date.now() + Number(hours) * HOUR_MS).toISOString(),
      });
      setQuantity('');
      setPaymentRef('');
      onProposed();
    } catch (e) {
      setError(e);
    }
  }

  const text = (label: string, value: string, set: (v: string) => void, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input type="text" required value={value} onInput={(e) => set(e.currentTarget.value)} {...extra} />
    </label>
  );
  return (
    <form class="inline-form otc-propose" onSubmit={propose}>
      <strong>{t('otcPropose')}</strong>
      <label>
        {t('otcSide')}
        <select value={side} onChange={(e) => setSide(e.currentTarget.value as 'sell' | 'buy')}>
          <option value="sell">{t('otcSell')}</option>
          <option value="buy">{t('otcBuy')}</option>
        </select>
      </label>
      <label title={t('otcCounterpartyHelp')}>
        {t('otcCounterparty')}
        <input
          type="text"
          required
          list="otc-counterparties"
          value={counterparty}
          onInput={(e) => void suggest(e.currentTarget.value)}
        />
        <datalist id="otc-counterparties">
          {suggestions.map((p) => (
            <option key={p.id} value={p.name} />
          ))}
        </datalist>
      </label>
      <label>
        {t('marketAsset')}
        <select value={asset} onChange={(e) => setAsset(e.currentTarget.value)}>
          <option value="allowance">{t('assetAllowance')}</option>
          <option value="certificate">{t('assetCertificate')}</option>
        </select>
      </label>
      {text(t('marketToken'), tokenId, setTokenId, { inputMode: 'numeric', pattern: '[0-9]+' })}
      {text(t('marketQuantity'), quantity, setQuantity, { inputMode: 'numeric', pattern: '[1-9][0-9]*' })}
      {text(t('marketPrice'), price, setPrice, { inputMode: 'numeric', pattern: '[1-9][0-9]*' })}
      {text(t('otcCurrency'), currency, setCurrency, { pattern: '[A-Z]{3}', size: '4' })}
      {text(t('otcPaymentRef'), paymentRef, setPaymentRef)}
      {text(t('otcValidHours'), hours, setHours, { inputMode: 'numeric', pattern: '[1-9][0-9]*', size: '4' })}
      <button type="submit">{t('otcSubmit')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

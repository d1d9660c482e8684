import { useState } from 'preact/hooks';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import { wallet } from './SignTransaction';

/** A deal's EIP-712 data as the API gives it (GET /v1/market/otc-deals): the domain's type is implied. */
export interface DealTypedData {
  domain: Record<string, unknown>;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: unknown;
}

/** The domain fields TradeLedger's domain has, in EIP-712's order; wallets hash the domain by this type. */
const DOMAIN_TYPE = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
];

/** The typed data in the form eth_signTypedData_v4 takes: EIP712Domain spelled out among the types. */
export const forWallet = (typedData: DealTypedData) => ({
  ...typedData,
  types: { EIP712Domain: DOMAIN_TYPE, ...typedData.types },
});

/**
 * Has the organisation's external account sign a deal (EIP-712): with the browser wallet (eth_signTypedData_v4 from
 * that account) when there is one, else the data is shown to sign elsewhere and the signature pasted. The signature
 * goes to `submit`; a refusal (a signature of another account, a deal signed meanwhile) is shown in words with its code.
 */
export function SignTypedData(props: {
  account: string;
  typedData: DealTypedData;
  submit: (signature: string) => Promise<void>;
}) {
  const { account, typedData, submit } = props;
  const [signature, setSignature] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'confirming'>('idle');
  const [error, setError] = useState<unknown>();
  const payload = JSON.stringify(forWallet(typedData), null, 2);

  async function run(step: () => Promise<void>) {
    setError(undefined);
    try {
      await step();
    } catch (e) {
      setError(e);
    } finally {
      setState('idle');
    }
  }

  const signWithWallet = () =>
    run(async () => {
      const provider = wallet();
      if (!provider) return;
      setState('sending');
      const signed = (await provider.request({
        method: 'eth_signTypedData_v4',
        params: [account, JSON.stringify(forWallet(typedData))],
      })) as string;
      setSignature(signed);
      setState('confirming');
      await submit(signed);
    });

  return (
    <div class="to-sign" data-to-sign-typed={account}>
      <strong>{t('signTypedTitle')}</strong>
      <pre data-typed-data>{payload}</pre>
      {wallet() ? (
        <button type="button" disabled={state !== 'idle'} onClick={() => void signWithWallet()}>
          {t('signTypedWithWallet')}
        </button>
      ) : (
        <p class="help">{t('signTypedNoWallet')}</p>
      )}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setState('confirming');
            await submit(signature.trim());
          });
        }}
      >
        <label>
          {t('signSignature')}
          <input
            type="text"
            required
            pattern="0x[0-9a-fA-F]+"
            size={70}
            value={signature}
            onInput={(e) => setSignature(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={state !== 'idle'}>
          {t('signSubmit')}
        </button>
      </form>
      {state === 'sending' && (
        <p class="notice" data-sign-state="sending">
          {t('signSending')}
        </p>
      )}
      {state === 'confirming' && (
        <p class="notice" data-sign-state="confirming">
          {t('signConfirming')}
        </p>
      )}
      <ErrorBox error={error} />
    </div>
  );
}

import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';

/** A transaction the API prepared for an organisation that signs with its own (external) account. */
export interface UnsignedTransaction {
  to: string;
  from: string;
  data: string;
  chainId: number;
}

/** The browser wallet, if any (EIP-1193: MetaMask and the like put it at window.ethereum). */
export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}
export const wallet = () => (window as unknown as { ethereum?: Eip1193 }).ethereum;

const PENDING_RETRIES = 30;
const PENDING_WAIT_MS = 2000;

/**
 * Shows a transaction to sign and send from the organisation's external account, and confirms it with its hash: sent
 * with the browser wallet (eth_sendTransaction from that account) when there is one, else copied, sent elsewhere and
 * its hash pasted. A confirmation the chain has not mined deep enough yet (NT_ERR_CHAIN_TX_PENDING) is asked again,
 * a bounded number of times; any other refusal is shown in words with its code.
 */
export function SignTransaction(props: {
  transaction: UnsignedTransaction;
  confirm: (txHash: string) => Promise<void>;
}) {
  const { transaction, confirm } = props;
  const [hash, setHash] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'confirming'>('idle');
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>();
  const payload = JSON.stringify(transaction, null, 2);

  async function confirmHash(txHash: string) {
    setState('confirming');
    for (let attempt = 1; ; attempt++) {
      try {
        return await confirm(txHash);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'NT_ERR_CHAIN_TX_PENDING') || attempt >= PENDING_RETRIES) throw e;
        await new Promise((resolve) => setTimeout(resolve, PENDING_WAIT_MS));
      }
    }
  }

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

  const sendWithWallet = () =>
    run(async () => {
      const provider = wallet();
      if (!provider) return;
      setState('sending');
      const txHash = (await provider.request({
        method: 'eth_sendTransaction',
        params: [
          {
            from: transaction.from,
            to: transaction.to,
            data: transaction.data,
            chainId: `0x${transaction.chainId.toString(16)}`,
          },
        ],
      })) as string;
      setHash(txHash);
      await confirmHash(txHash);
    });

  return (
    <div class="to-sign" data-to-sign={transaction.from}>
      <strong>{t('signTitle')}</strong>
      <p>{t('signExplain')}</p>
      <pre data-transaction>{payload}</pre>
      {wallet() ? (
        <button type="button" disabled={state !== 'idle'} onClick={() => void sendWithWallet()}>
          {t('signWithWallet')}
        </button>
      ) : (
        <p class="help">{t('signNoWallet')}</p>
      )}{' '}
      <button
        type="button"
        class="link"
        onClick={() => void navigator.clipboard?.writeText(payload).then(() => setCopied(true), setError)}
      >
        {copied ? t('signCopied') : t('signCopy')}
      </button>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => confirmHash(hash.trim()));
        }}
      >
        <label>
          {t('signTxHash')}
          <input
            type="text"
            required
            pattern="0x[0-9a-fA-F]{64}"
            size={70}
            value={hash}
            onInput={(e) => setHash(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={state !== 'idle'}>
          {t('signConfirm')}
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

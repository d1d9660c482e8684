import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n';
import { SigningSteps, useSigning } from './SigningSteps';

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
  const [copied, setCopied] = useState(false);
  const signing = useSigning();
  const payload = JSON.stringify(transaction, null, 2);

  async function confirmHash(txHash: string) {
    signing.setState('confirming');
    for (let attempt = 1; ; attempt++) {
      try {
        return await confirm(txHash);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'NT_ERR_CHAIN_TX_PENDING') || attempt >= PENDING_RETRIES) throw e;
        await new Promise((resolve) => setTimeout(resolve, PENDING_WAIT_MS));
      }
    }
  }

  const sendWithWallet = () =>
    signing.run(async () => {
      const provider = wallet();
      if (!provider) return;
      signing.setState('sending');
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
      <SigningSteps
        signing={signing}
        hasWallet={wallet() !== undefined}
        withWallet="signWithWallet"
        noWallet="signNoWallet"
        onWallet={() => void sendWithWallet()}
        beside={
          <button
            type="button"
            class="link"
            onClick={() => void navigator.clipboard?.writeText(payload).then(() => setCopied(true), signing.setError)}
          >
            {copied ? t('signCopied') : t('signCopy')}
          </button>
        }
        pasteLabel="signTxHash"
        pastePattern="0x[0-9a-fA-F]{64}"
        pasted={hash}
        onPasted={setHash}
        submit="signConfirm"
        onSubmit={() => void signing.run(() => confirmHash(hash.trim()))}
      />
    </div>
  );
}

import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { SigningSteps, useSigning } from './SigningSteps';
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
  const signing = useSigning();
  const payload = JSON.stringify(forWallet(typedData), null, 2);

  const signWithWallet = () =>
    signing.run(async () => {
      const provider = wallet();
      if (!provider) return;
      signing.setState('sending');
      const signed = (await provider.request({
        method: 'eth_signTypedData_v4',
        params: [account, JSON.stringify(forWallet(typedData))],
      })) as string;
      setSignature(signed);
      signing.setState('confirming');
      await submit(signed);
    });

  return (
    <div class="to-sign" data-to-sign-typed={account}>
      <strong>{t('signTypedTitle')}</strong>
      <pre data-typed-data>{payload}</pre>
      <SigningSteps
        signing={signing}
        hasWallet={wallet() !== undefined}
        withWallet="signTypedWithWallet"
        noWallet="signTypedNoWallet"
        onWallet={() => void signWithWallet()}
        pasteLabel="signSignature"
        pastePattern="0x[0-9a-fA-F]+"
        pasted={signature}
        onPasted={setSignature}
        submit="signSubmit"
        onSubmit={() =>
          void signing.run(async () => {
            signing.setState('confirming');
            await submit(signature.trim());
          })
        }
      />
    </div>
  );
}

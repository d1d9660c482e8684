import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';

/** Where a signing stands: waiting for the user, for the browser wallet, or for the API's confirmation. */
export type SignState = 'idle' | 'sending' | 'confirming';

/**
 * The state of one signing: `run` clears the last refusal, runs a step (the wallet's or the pasted value's) and keeps
 * its refusal to show; the state returns to idle however it ends.
 */
export function useSigning() {
  const [state, setState] = useState<SignState>('idle');
  const [error, setError] = useState<unknown>();
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
  return { state, setState, error, setError, run };
}

/**
 * The steps every external signing shows: the browser wallet's button (or why there is none), the form that takes
 * what was signed elsewhere (a transaction hash, a signature), what is being waited for, and a refusal in words with
 * its code and hint. `beside` goes after the wallet's button (copying the payload, say).
 */
export function SigningSteps(props: {
  signing: ReturnType<typeof useSigning>;
  withWallet: MessageKey;
  noWallet: MessageKey;
  hasWallet: boolean;
  onWallet: () => void;
  beside?: ComponentChildren;
  pasteLabel: MessageKey;
  pastePattern: string;
  pasted: string;
  onPasted: (value: string) => void;
  submit: MessageKey;
  onSubmit: () => void;
}) {
  const { signing, beside } = props;
  return (
    <>
      {props.hasWallet ? (
        <button type="button" disabled={signing.state !== 'idle'} onClick={props.onWallet}>
          {t(props.withWallet)}
        </button>
      ) : (
        <p class="help">{t(props.noWallet)}</p>
      )}
      {beside !== undefined && ' '}
      {beside}
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <label>
          {t(props.pasteLabel)}
          <input
            type="text"
            required
            pattern={props.pastePattern}
            size={70}
            value={props.pasted}
            onInput={(e) => props.onPasted(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={signing.state !== 'idle'}>
          {t(props.submit)}
        </button>
      </form>
      {signing.state === 'sending' && (
        <p class="notice" data-sign-state="sending">
          {t('signSending')}
        </p>
      )}
      {signing.state === 'confirming' && (
        <p class="notice" data-sign-state="confirming">
          {t('signConfirming')}
        </p>
      )}
      <ErrorBox error={signing.error} />
    </>
  );
}

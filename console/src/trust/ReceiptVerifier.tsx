import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import { checkReceipt, receiptHolds, type ReceiptCheckResult, type ReceiptToCheck } from './checkReceipt';
import type { Chain, MeterRef } from './trustTypes';

interface Verdict {
  receipt: ReceiptToCheck & { reading: { meter?: { externalId: string }; intervalStart?: string } };
  results: ReceiptCheckResult[];
}

/** A datetime-local value (the browser's time zone) as an ISO instant. */
const instantOf = (local: string) => new Date(local).toISOString();

/**
 * Verifies receipts in the browser: one fetched by meter and time (or handed in from a batch's readings), or one
 * pasted by the user. The server only supplies the receipt and says which chain to ask; the verdict is the chain's.
 */
export function ReceiptVerifier({
  chain,
  chainError,
  meters,
  pick,
}: {
  chain: Chain | undefined;
  chainError: unknown;
  meters: MeterRef[];
  /** A reading chosen from a batch's readings: its receipt is fetched and verified at once. */
  pick: { readingId: number } | undefined;
}) {
  const [verdict, onVerdict] = useState<Verdict | undefined>();
  const [meter, setMeter] = useState(meters[0]?.id ?? '');
  const [start, setStart] = useState('');
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function verify(receipt: Verdict['receipt']) {
    if (!chain) return;
    const results = await checkReceipt(receipt, {
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      anchorRegistry: chain.contracts.anchorRegistry,
    });
    onVerdict({ receipt, results });
  }

  async function run(task: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    onVerdict(undefined);
    try {
      await task();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (pick && chain)
      void run(async () => verify(await api<Verdict['receipt']>('GET', `/v1/readings/${pick.readingId}/receipt`)));
  }, [pick, chain]);

  const byMeter = (e: Event) => {
    e.preventDefault();
    void run(async () =>
      verify(
        await api<Verdict['receipt']>(
          'GET',
          `/v1/receipts?meter=${encodeURIComponent(meter)}&start=${encodeURIComponent(instantOf(start))}`,
        ),
      ),
    );
  };
  const byPaste = () =>
    void run(async () => {
      let receipt: Verdict['receipt'];
      try {
        receipt = JSON.parse(pasted) as Verdict['receipt'];
      } catch {
        throw new Error(t('trustPastedInvalid'));
      }
      if (typeof receipt !== 'object' || receipt === null || !Array.isArray(receipt.leafValues))
        throw new Error(t('trustPastedInvalid'));
      await verify(receipt);
    });

  const holds = verdict ? receiptHolds(verdict.results) : false;
  return (
    <div class="receipt-verifier">
      <p class="help">{t('trustReceiptHelp')}</p>
      <ErrorBox error={chainError} />
      {chain && (
        <dl class="chain-facts">
          <dt>{t('trustChainId')}</dt>
          <dd data-chain-id>{chain.chainId}</dd>
          <dt>{t('trustRpc')}</dt>
          <dd>
            <code>{chain.rpcUrl}</code>
          </dd>
          <dt>{t('trustContract')}</dt>
          <dd>
            <code>{chain.contracts.anchorRegistry}</code>
          </dd>
        </dl>
      )}
      <form class="controls" onSubmit={byMeter}>
        <label>
          {t('meter')}
          <select value={meter} onChange={(e) => setMeter(e.currentTarget.value)} name="meter">
            {meters.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name ?? m.externalId}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('trustStart')}
          <input
            type="datetime-local"
            step={60}
            required
            value={start}
            onInput={(e) => setStart(e.currentTarget.value)}
            name="start"
          />
        </label>
        <button type="submit" disabled={!chain || busy || !meter}>
          {t('trustFetchAndVerify')}
        </button>
      </form>
      <label class="paste">
        {t('trustPasted')}
        <textarea rows={4} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} name="receipt" />
      </label>
      <button type="button" class="button" disabled={!chain || busy || !pasted.trim()} onClick={byPaste}>
        {t('trustVerifyPasted')}
      </button>
      {busy && <p class="notice">{t('trustChecking')}</p>}
      <ErrorBox error={error} />
      {verdict && (
        <div class={`verdict ${holds ? 'ok' : 'bad'}`} data-verdict={holds ? 'valid' : 'invalid'}>
          <strong>
            {holds
              ? t('trustReceiptValid')
              : `${t('trustReceiptInvalid')} ${verdict.results
                  .filter((r) => !r.ok)
                  .map((r) => t(`trustCheck_${r.id}` as MessageKey))
                  .join('；')}`}
          </strong>
          {verdict.receipt.reading.meter && (
            <p>
              {t('trustReading')}: {verdict.receipt.reading.meter.externalId} ·{' '}
              {verdict.receipt.reading.intervalStart
                ? new Date(verdict.receipt.reading.intervalStart).toLocaleString()
                : ''}{' '}
              · {verdict.receipt.reading.quantity}
            </p>
          )}
          <ul class="checks">
            {verdict.results.map((r) => (
              <li key={r.id} class={r.ok ? 'ok' : 'bad'} data-check={r.id} data-ok={String(r.ok)}>
                <span class="mark">{r.ok ? '✓' : '✗'}</span> {t(`trustCheck_${r.id}` as MessageKey)}
                <code>{r.detail}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

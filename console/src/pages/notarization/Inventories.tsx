import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { VerifierPicker } from './VerifierPicker';

interface InventoryRecord {
  id: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  status: 'draft' | 'notarized' | 'superseded';
  inventoryHash: string;
  totals: { totalKgCO2e?: string };
}
/** What notarize and assign answer: done (a transaction on chain) or a transaction for the caller to sign. */
interface ChainOutcome {
  status: string;
  txHash?: string;
  transaction?: { to: string; from: string; data: string; chainId: number };
}

const STATUS: Record<InventoryRecord['status'], MessageKey> = {
  draft: 'statusDraft',
  notarized: 'statusNotarized',
  superseded: 'statusSuperseded',
};

function Outcome({ outcome, done }: { outcome: ChainOutcome; done: MessageKey }) {
  if (outcome.transaction)
    return (
      <div class="outcome" data-outcome="awaiting-signature">
        <p>{t('awaitingSignature')}</p>
        <pre>{JSON.stringify(outcome.transaction, null, 2)}</pre>
      </div>
    );
  return (
    <p class="outcome" data-outcome={outcome.status}>
      {t(done)} <code>{outcome.txHash ?? ''}</code>
    </p>
  );
}

/** The enterprise's side: store an inventory for a period, notarize it, and assign an independent verifier. */
export function Inventories() {
  const [list, setList] = useState<InventoryRecord[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string | undefined>();
  const [outcomes, setOutcomes] = useState<Record<string, { outcome: ChainOutcome; done: MessageKey }>>({});
  const [picking, setPicking] = useState<string | undefined>();
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');

  const reload = () => api<InventoryRecord[]>('GET', '/v1/inventories').then(setList, setError);
  useEffect(() => void reload(), []);

  async function act(id: string, done: MessageKey, call: () => Promise<ChainOutcome>) {
    setBusy(id);
    setError(undefined);
    try {
      const outcome = await call();
      setOutcomes((o) => ({ ...o, [id]: { outcome, done } }));
      await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  }

  async function store(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/v1/inventories', { start, end });
      await reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section>
      <h2>{t('inventoriesTitle')}</h2>
      <form class="inline-form" onSubmit={store}>
        <strong>{t('inventoryNew')}</strong>
        <label>
          {t('inventoryStart')}
          <input type="date" required value={start} onInput={(e) => setStart((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('inventoryEnd')}
          <input type="date" required value={end} onInput={(e) => setEnd((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t('inventorySave')}</button>
      </form>
      <ErrorBox error={error} />
      {list?.length === 0 && <p class="notice">{t('inventoriesEmpty')}</p>}
      {list && list.length > 0 && (
        <table class="inventories">
          <thead>
            <tr>
              <th>{t('inventoryPeriod')}</th>
              <th>{t('inventoryVersion')}</th>
              <th>{t('inventoryStatus')}</th>
              <th>{t('inventoryTotal')}</th>
              <th>{t('inventoryHash')}</th>
              <th>{t('inventoryActions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((inventory) => (
              <tr key={inventory.id} data-inventory={inventory.id} data-status={inventory.status}>
                <td>
                  {inventory.periodStart} – {inventory.periodEnd}
                </td>
                <td>{inventory.version}</td>
                <td>{t(STATUS[inventory.status])}</td>
                <td>{inventory.totals.totalKgCO2e ?? '—'}</td>
                <td>
                  <code title={inventory.inventoryHash}>{inventory.inventoryHash.slice(0, 12)}…</code>
                </td>
                <td>
                  {inventory.status === 'draft' && (
                    <button
                      type="button"
                      class="secondary"
                      disabled={busy === inventory.id}
                      onClick={() =>
                        act(inventory.id, 'notarized', () =>
                          api<ChainOutcome>('POST', `/v1/inventories/${inventory.id}/notarize`),
                        )
                      }
                    >
                      {t('notarize')}
                    </button>
                  )}
                  {inventory.status === 'notarized' && (
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => setPicking(picking === inventory.id ? undefined : inventory.id)}
                    >
                      {t('assignVerifier')}
                    </button>
                  )}
                  {picking === inventory.id && (
                    <VerifierPicker
                      onPick={(verifier) => {
                        setPicking(undefined);
                        void act(inventory.id, 'verifierAssigned', () =>
                          api<ChainOutcome>('POST', `/v1/inventories/${inventory.id}/verifiers`, {
                            verifierOrgId: verifier.id,
                          }),
                        );
                      }}
                    />
                  )}
                  {outcomes[inventory.id] && <Outcome {...outcomes[inventory.id]} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

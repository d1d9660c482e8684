import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';
import { SignTransaction, type UnsignedTransaction } from './SignTransaction';

interface ComplianceRow {
  organisation: { id: string; name: string };
  allocatedT: string;
  verified: boolean;
  obligationT: string;
  allowancesSurrendered: string;
  offsetsSurrendered: string;
  shortfallT: string;
  status: string;
  /** The offsets surrendered for the year per token, by programme and vintage. */
  surrenderedOffsets: { tokenId: string; program: string; vintage: number; quantity: string }[];
  /** The year's offset cap on this obligation (floor of obligation × capBps / 10000), what is used and left. */
  offsetCap: { capBps: number; capT: string; usedT: string; remainingT: string };
}

/** A position as GET /v1/market/positions gives it: offsets carry their programme and vintage. */
export interface Position {
  asset: string;
  tokenId: string;
  offset?: { program: string; vintage: number };
  quantity: string;
}

interface SurrenderRequest {
  year: number;
  allowances: string;
  offsets: { tokenId: string; quantity: string }[];
}
/** A surrender answered: mined (custodial), or the transaction the organisation's external account is to send. */
type Surrendered =
  | { status: 'mined'; txHash: string; blockNumber: number }
  | { status: 'awaiting-signature'; transaction: UnsignedTransaction };

const STATUS: Record<string, MessageKey> = {
  pending: 'statusPending',
  compliant: 'statusCompliant',
  non_compliant: 'statusNonCompliant',
};

/**
 * The compliance table of a year as the API answers it (the authority sees every covered enterprise, others their own
 * row), with the offsets surrendered per programme and vintage and how much of the year's offset cap (5 % of the
 * obligation in the national market) they use and leave, and, for an enterprise, surrendering allowances and the offsets it holds (by programme and vintage) against its
 * verified emissions. An enterprise that signs itself is shown the transaction to send (browser wallet or pasted hash)
 * and the same surrender is confirmed with its hash; the table then reads from the surrender's block.
 */
export function Compliance({
  canSurrender,
  positions,
  onWritten,
}: {
  canSurrender: boolean;
  /** The organisation's positions: the offsets it holds are offered to surrender. */
  positions: Position[];
  /** Told the block of a write, so the rest of the page reads what it wrote. */
  onWritten: (block: number) => void;
}) {
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [rows, setRows] = useState<ComplianceRow[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [quantity, setQuantity] = useState('');
  // Offsets to surrender, by token id: what was typed for each held offset.
  const [offsets, setOffsets] = useState<Record<string, string>>({});
  const [surrendered, setSurrendered] = useState<string | undefined>();
  const [toSign, setToSign] = useState<{ request: SurrenderRequest; transaction: UnsignedTransaction } | undefined>();
  const heldOffsets = positions.filter((p) => p.offset !== undefined);
  const load = (minBlock?: number) => {
    setError(undefined);
    const wait = minBlock === undefined ? '' : `?minBlock=${minBlock}`;
    api<ComplianceRow[]>('GET', `/v1/market/years/${year}/compliance${wait}`).then(setRows, setError);
  };
  useEffect(() => load(), []);

  function mined(sent: { txHash: string; blockNumber: number }) {
    setSurrendered(sent.txHash);
    setOffsets({});
    load(sent.blockNumber);
    onWritten(sent.blockNumber);
  }

  async function surrender(event: Event) {
    event.preventDefault();
    setError(undefined);
    setToSign(undefined);
    const request: SurrenderRequest = {
      year: Number(year),
      allowances: quantity,
      offsets: heldOffsets
        .filter((p) => (offsets[p.tokenId] ?? '') !== '')
        .map((p) => ({ tokenId: p.tokenId, quantity: offsets[p.tokenId] })),
    };
    try {
      const sent = await api<Surrendered>('POST', '/v1/market/surrenders', request);
      if (sent.status === 'awaiting-signature') return setToSign({ request, transaction: sent.transaction });
      mined(sent);
    } catch (e) {
      setError(e);
    }
  }

  /** Confirms the surrender the external account sent: the same request with its hash; a refusal stays shown there. */
  async function confirmSurrender(request: SurrenderRequest, txHash: string) {
    const sent = await api<{ txHash: string; blockNumber: number }>('POST', '/v1/market/surrenders', {
      ...request,
      txHash,
    });
    setToSign(undefined);
    mined(sent);
  }

  return (
    <section>
      <h2>{t('marketCompliance')}</h2>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label>
          {t('marketYear')}
          <input
            type="number"
            min="2000"
            max="2200"
            required
            value={year}
            onInput={(e) => setYear((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('marketShow')}</button>
      </form>
      <ErrorBox error={error} />
      {rows?.length === 0 && <p class="notice">{t('marketComplianceEmpty')}</p>}
      {rows && rows.length > 0 && (
        <table class="compliance">
          <thead>
            <tr>
              <th>{t('marketOrganisation')}</th>
              <th>{t('marketAllocated')}</th>
              <th>{t('marketVerified')}</th>
              <th>{t('marketObligation')}</th>
              <th>{t('marketSurrendered')}</th>
              <th>{t('marketOffsets')}</th>
              <th>{t('marketShortfall')}</th>
              <th>{t('marketStatus')}</th>
              <th>{t('marketOffsetsByToken')}</th>
              <th>{t('marketOffsetCap')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.organisation.id} data-organisation={r.organisation.name} data-status={r.status}>
                <td>{r.organisation.name}</td>
                <td>{r.allocatedT}</td>
                <td>{r.verified ? t('yes') : t('no')}</td>
                <td>{r.obligationT}</td>
                <td>{r.allowancesSurrendered}</td>
                <td>{r.offsetsSurrendered}</td>
                <td data-shortfall class={r.shortfallT !== '0' ? 'shortfall' : ''}>
                  {r.shortfallT}
                </td>
                <td>{STATUS[r.status] ? t(STATUS[r.status]) : r.status}</td>
                <td data-offsets-by-token>
                  {r.surrenderedOffsets.length === 0
                    ? '—'
                    : r.surrenderedOffsets.map((o) => (
                        <div key={o.tokenId} data-offset={`${o.program}/${o.vintage}`} title={o.tokenId}>
                          {o.program} {o.vintage}: {o.quantity}
                        </div>
                      ))}
                </td>
                <td
                  data-offset-cap={`${r.offsetCap.usedT}/${r.offsetCap.capT}`}
                  title={`${r.offsetCap.capBps / 100} %`}
                >
                  {r.offsetCap.capT} ({t('marketOffsetCapUsed')} {r.offsetCap.usedT}, {t('marketOffsetCapRemaining')}{' '}
                  <span data-offset-cap-remaining>{r.offsetCap.remainingT}</span>)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canSurrender && (
        <form class="inline-form" onSubmit={surrender}>
          <strong>{t('marketSurrender')}</strong>
          <label>
            {t('marketSurrenderQuantity')}
            <input
              type="text"
              inputMode="numeric"
              pattern="[0-9]+"
              required
              value={quantity}
              onInput={(e) => setQuantity((e.target as HTMLInputElement).value)}
            />
          </label>
          {heldOffsets.map((p) => (
            <label key={p.tokenId}>
              {t('marketSurrenderOffset')} {p.offset?.program} {p.offset?.vintage}
              <input
                type="text"
                inputMode="numeric"
                pattern="[1-9][0-9]*"
                size={6}
                placeholder={`≤ ${p.quantity}`}
                data-surrender-offset={`${p.offset?.program}/${p.offset?.vintage}`}
                value={offsets[p.tokenId] ?? ''}
                onInput={(e) => setOffsets({ ...offsets, [p.tokenId]: (e.target as HTMLInputElement).value })}
              />
            </label>
          ))}
          <button type="submit">{t('marketSurrenderSubmit')}</button>
          {surrendered && (
            <span data-surrendered>
              {t('marketSurrendered_')} <code>{surrendered}</code>
            </span>
          )}
        </form>
      )}
      {toSign && (
        <SignTransaction
          key={toSign.transaction.data}
          transaction={toSign.transaction}
          confirm={(txHash) => confirmSurrender(toSign.request, txHash)}
        />
      )}
    </section>
  );
}

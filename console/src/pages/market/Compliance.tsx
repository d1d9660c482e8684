import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t, type MessageKey } from '../../i18n';

interface ComplianceRow {
  organisation: { id: string; name: string };
  allocatedT: string;
  verified: boolean;
  obligationT: string;
  allowancesSurrendered: string;
  offsetsSurrendered: string;
  shortfallT: string;
  status: string;
}

const STATUS: Record<string, MessageKey> = {
  pending: 'statusPending',
  compliant: 'statusCompliant',
  non_compliant: 'statusNonCompliant',
};

/**
 * The compliance table of a year as the API answers it (the authority sees every covered enterprise, others their own
 * row) and, for an enterprise, surrendering allowances against its verified emissions.
 */
export function Compliance({
  canSurrender,
  onWritten,
}: {
  canSurrender: boolean;
  /** Told the block of a write, so the rest of the page reads what it wrote. */
  onWritten: (block: number) => void;
}) {
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [rows, setRows] = useState<ComplianceRow[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [quantity, setQuantity] = useState('');
  const [surrendered, setSurrendered] = useState<string | undefined>();
  const load = (minBlock?: number) => {
    setError(undefined);
    const wait = minBlock === undefined ? '' : `?minBlock=${minBlock}`;
    api<ComplianceRow[]>('GET', `/v1/market/years/${year}/compliance${wait}`).then(setRows, setError);
  };
  useEffect(() => load(), []);

  async function surrender(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const sent = await api<{ txHash: string; blockNumber: number }>('POST', '/v1/market/surrenders', {
        year: Number(year),
        allowances: quantity,
      });
      setSurrendered(sent.txHash);
      load(sent.blockNumber);
      onWritten(sent.blockNumber);
    } catch (e) {
      setError(e);
    }
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
              pattern="[1-9][0-9]*"
              required
              value={quantity}
              onInput={(e) => setQuantity((e.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit">{t('marketSurrenderSubmit')}</button>
          {surrendered && (
            <span data-surrendered>
              {t('marketSurrendered_')} <code>{surrendered}</code>
            </span>
          )}
        </form>
      )}
    </section>
  );
}

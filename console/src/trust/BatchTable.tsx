import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import { shortHash, type Batch, type BatchReading, type BatchReadingPage } from './trustTypes';

const STATUS_LABELS: Record<Batch['status'], MessageKey> = {
  open: 'trustStatusOpen',
  sealing: 'trustStatusSealing',
  sealed: 'trustStatusSealed',
  anchored: 'trustStatusAnchored',
  anchor_lost: 'trustStatusAnchorLost',
};

/** A batch anchored again after a chain reset lost its first anchor says so. */
function statusOf(batch: Batch): { key: MessageKey; tone: string } {
  if (batch.status === 'anchored' && batch.lostAnchors > 0) return { key: 'trustStatusReanchored', tone: 'warn' };
  const tone = batch.status === 'anchored' ? 'ok' : batch.status === 'anchor_lost' ? 'bad' : 'pending';
  return { key: STATUS_LABELS[batch.status], tone };
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function BatchReadings({ batch, onVerify }: { batch: Batch; onVerify: (reading: BatchReading) => void }) {
  const [readings, setReadings] = useState<BatchReading[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();
  const load = (after: number | null) =>
    api<BatchReadingPage>('GET', `/v1/batches/${batch.id}/readings?limit=50${after ? `&after=${after}` : ''}`).then(
      (page) => {
        setReadings((shown) => [...shown, ...page.readings]);
        setNext(page.next);
      },
      setError,
    );
  useEffect(() => {
    void load(null);
  }, [batch.id]);
  return (
    <div class="batch-readings" data-batch-readings={batch.seq}>
      <ErrorBox error={error} />
      <table>
        <tbody>
          {readings.map((r) => (
            <tr key={r.id} data-reading={r.id}>
              <td>{r.meter.externalId}</td>
              <td>{when(r.intervalStart)}</td>
              <td class="num">
                {r.quantity} {r.unit}
              </td>
              <td>
                {batch.status === 'anchored' && (
                  <button type="button" class="link" onClick={() => onVerify(r)}>
                    {t('trustVerifyThis')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next ? (
        <button type="button" class="link" onClick={() => void load(next)}>
          {t('trustMoreReadings')}
        </button>
      ) : null}
    </div>
  );
}

/** The organisation's batches with their anchors; a batch opens to its readings, each verifiable in the browser. */
export function BatchTable({ batches, onVerify }: { batches: Batch[]; onVerify: (reading: BatchReading) => void }) {
  const [open, setOpen] = useState<number | null>(null);
  if (batches.length === 0) return <p class="notice">{t('trustBatchesEmpty')}</p>;
  return (
    <table class="batches">
      <thead>
        <tr>
          <th>{t('trustSeq')}</th>
          <th>{t('trustStatus')}</th>
          <th class="num">{t('trustLeaves')}</th>
          <th>{t('trustPeriod')}</th>
          <th>{t('trustRoot')}</th>
          <th>{t('trustTx')}</th>
          <th class="num">{t('trustBlock')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {batches.flatMap((b) => {
          const status = statusOf(b);
          const rows = [
            <tr key={b.seq} data-batch={b.seq} data-status={b.status}>
              <td>{b.seq}</td>
              <td>
                <span class={`badge ${status.tone}`} title={b.anchorLostReason ?? undefined}>
                  {t(status.key)}
                </span>
                {b.status === 'anchor_lost' && b.anchorLostReason ? (
                  <small class="lost-reason">{b.anchorLostReason}</small>
                ) : null}
              </td>
              <td class="num">{b.leafCount ?? '—'}</td>
              <td>
                {when(b.periodStart)} – {when(b.periodEnd)}
              </td>
              <td>
                <code title={b.root ?? undefined}>{shortHash(b.root)}</code>
              </td>
              <td>
                <code title={b.anchor?.txHash}>{shortHash(b.anchor?.txHash)}</code>
              </td>
              <td class="num">{b.anchor?.blockNumber ?? '—'}</td>
              <td>
                {b.leafCount ? (
                  <button type="button" class="link" onClick={() => setOpen(open === b.seq ? null : b.seq)}>
                    {open === b.seq ? t('trustHideReadings') : t('trustShowReadings')}
                  </button>
                ) : null}
              </td>
            </tr>,
          ];
          if (open === b.seq)
            rows.push(
              <tr key={`${b.seq}-readings`}>
                <td colSpan={8}>
                  <BatchReadings batch={b} onVerify={onVerify} />
                </td>
              </tr>,
            );
          return rows;
        })}
      </tbody>
    </table>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorBox } from '../ErrorBox';
import { t, type MessageKey } from '../i18n';
import type { Session } from '../session';
import { CertificateClaims } from './market/CertificateClaims';
import { Compliance, type Position } from './market/Compliance';
import { OtcDeals } from './market/OtcDeals';
import { OversightRegister } from './market/OversightRegister';
import { TradeStatistics } from './market/TradeStatistics';
import { QuotaEstimatePanel } from './market/QuotaEstimatePanel';

interface Trade {
  tradeId: string;
  kind: string;
  asset: string;
  tokenId: string;
  offset: Position['offset'];
  quantity: string;
  pricePerUnit: string;
  currency: string;
  time: string;
  txHash: string;
}

const ASSET: Record<string, MessageKey> = { allowance: 'assetAllowance', certificate: 'assetCertificate' };
/** An asset in words; offsets are tokens of the allowance contract, but not allowances. */
const assetWord = (asset: string, offset: Position['offset']) =>
  offset ? t('assetOffset') : ASSET[asset] ? t(ASSET[asset]) : asset;

/**
 * A token as people name it: an offset by its programme and vintage (its id on chain encodes both, and holds every
 * issuance of them), an allowance by its year, a certificate by its id.
 */
function TokenCell({ tokenId, offset }: { tokenId: string; offset: Position['offset'] }) {
  if (!offset) return <td>{tokenId}</td>;
  return (
    <td title={tokenId} data-offset={`${offset.program}/${offset.vintage}`}>
      {offset.program} {offset.vintage}
    </td>
  );
}

/**
 * The market (碳市场): the organisation's positions, the compliance table of a year (every covered enterprise for the
 * authority) with surrender for enterprises, OTC deals and certificate claims for enterprises, and recorded trades — all
 * read from the indexed chain through the API.
 */
export function Market({ session }: { session: Session }) {
  const [positions, setPositions] = useState<Position[] | undefined>();
  const [trades, setTrades] = useState<Trade[] | undefined>();
  const [error, setError] = useState<unknown>();
  // After a write, the block it was mined in: reads wait until the indexer has reached it (read-your-writes).
  const [minBlock, setMinBlock] = useState<number | undefined>();
  // Bumped after a write that answers no block (an OTC deal accepted or recorded): read everything again.
  const [reads, setReads] = useState(0);
  useEffect(() => {
    const wait = minBlock === undefined ? '' : `minBlock=${minBlock}`;
    Promise.all([
      api<Position[]>('GET', `/v1/market/positions${wait && `?${wait}`}`),
      api<Trade[]>('GET', `/v1/market/trades?limit=50${wait && `&${wait}`}`),
    ]).then(([p, tr]) => {
      setPositions(p);
      setTrades(tr);
    }, setError);
  }, [minBlock, reads]);
  const enterprise = session.organisation?.kinds.includes('enterprise') ?? false;
  const authority = session.organisation?.kinds.includes('authority') ?? false;
  return (
    <section class="page market">
      <h1>{t('navMarket')}</h1>
      <ErrorBox error={error} />
      <h2>{t('marketPositions')}</h2>
      {positions?.length === 0 && <p class="notice">{t('marketPositionsEmpty')}</p>}
      {positions && positions.length > 0 && (
        <table class="positions">
          <thead>
            <tr>
              <th>{t('marketAsset')}</th>
              <th>{t('marketToken')}</th>
              <th>{t('marketQuantity')}</th>
            </tr>
          </thead>
          <tbody>
            {positions.map((p) => (
              <tr key={`${p.asset}/${p.tokenId}`} data-position={`${p.asset}/${p.tokenId}`}>
                <td>{assetWord(p.asset, p.offset)}</td>
                <TokenCell tokenId={p.tokenId} offset={p.offset} />
                <td data-quantity>{p.quantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Compliance canSurrender={enterprise} positions={positions ?? []} onWritten={setMinBlock} />
      {authority && <OversightRegister />}
      {enterprise && session.organisation && (
        <OtcDeals me={session.organisation.id} onWritten={() => setReads((n) => n + 1)} />
      )}
      {enterprise && positions && <CertificateClaims positions={positions} onWritten={setMinBlock} />}
      {enterprise && <QuotaEstimatePanel />}
      <h2>{t('marketTrades')}</h2>
      {trades?.length === 0 && <p class="notice">{t('marketTradesEmpty')}</p>}
      {trades && trades.length > 0 && (
        <table class="trades">
          <thead>
            <tr>
              <th>{t('marketTime')}</th>
              <th>{t('marketTradeKind')}</th>
              <th>{t('marketAsset')}</th>
              <th>{t('marketToken')}</th>
              <th>{t('marketQuantity')}</th>
              <th>{t('marketPrice')}</th>
              <th>{t('marketTx')}</th>
            </tr>
          </thead>
          <tbody>
            {trades.map((tr) => (
              <tr key={tr.tradeId} data-trade={tr.tradeId}>
                <td>{new Date(tr.time).toLocaleString()}</td>
                <td>{tr.kind}</td>
                <td>{assetWord(tr.asset, tr.offset)}</td>
                <TokenCell tokenId={tr.tokenId} offset={tr.offset} />
                <td>{tr.quantity}</td>
                <td>
                  {tr.pricePerUnit} {tr.currency}
                </td>
                <td>
                  <code title={tr.txHash}>{tr.txHash.slice(0, 12)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TradeStatistics />
    </section>
  );
}

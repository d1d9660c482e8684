import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ErrorBox } from '../../ErrorBox';
import { t } from '../../i18n';
import type { EnergyCarbon, MemberOverview, Overview } from './parkTypes';
import { RankingChart } from './RankingChart';

/** The first day of the month `offset` months from the current one, as a local date. */
function monthStart(offset: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() + offset, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

function inventoryWord(m: MemberOverview): string {
  const inv = m.latestInventory;
  if (!inv) return t('parkInventoryNone');
  const status = inv.status === 'notarized' ? t('parkInventoryNotarized') : t('parkInventoryDraft');
  const verified = inv.verification === 'verified' ? ` · ${t('parkVerified')}` : '';
  return `${inv.periodStart} – ${inv.periodEnd}: ${status}${verified}`;
}

function FigureRows({ rows }: { rows: { label: string; key: string; figures: EnergyCarbon }[] }) {
  return (
    <>
      {rows.map((r) => (
        <tr key={r.key} data-row={r.key}>
          <td>{r.label}</td>
          <td data-energy>{r.figures.energyKgce}</td>
          <td data-co2e>{r.figures.co2eKg}</td>
        </tr>
      ))}
    </>
  );
}

function FigureTable({ head, rows }: { head: string; rows: { label: string; key: string; figures: EnergyCarbon }[] }) {
  return (
    <table class="figures">
      <thead>
        <tr>
          <th>{head}</th>
          <th>{t('parkEnergy')}</th>
          <th>{t('parkCo2e')}</th>
        </tr>
      </thead>
      <tbody>
        <FigureRows rows={rows} />
      </tbody>
    </table>
  );
}

/** The ranking per product where members record production, else the members by total CO2e. */
function Ranking({ overview }: { overview: Overview }) {
  if (overview.ranking.length === 0) {
    const rows = [...overview.members]
      .sort((a, b) => (BigInt(a.figures.co2eKg.replace('.', '')) < BigInt(b.figures.co2eKg.replace('.', '')) ? -1 : 1))
      .map((m) => ({ label: m.member.name, value: m.figures.co2eKg }));
    return (
      <>
        <p class="notice">{t('parkRankingNone')}</p>
        <RankingChart rows={rows} unit="kgCO2e" />
      </>
    );
  }
  return (
    <>
      {overview.ranking.map((p) => (
        <div key={`${p.product}/${p.unit}`} class="ranking" data-product={p.product}>
          <h3>
            {p.product} ({t('parkPerUnit')}
            {p.unit})
          </h3>
          <RankingChart rows={p.members.map((m) => ({ label: m.name, value: m.kgCO2ePerUnit }))} unit="" />
        </div>
      ))}
    </>
  );
}

/** The park's energy and carbon for a period: totals, by energy kind and month, per member, and the ranking. */
export function ParkFigures({ version, onShow }: { version: number; onShow: () => void }) {
  const [from, setFrom] = useState(monthStart(-11));
  const [to, setTo] = useState(monthStart(1));
  const [overview, setOverview] = useState<Overview | undefined>();
  const [error, setError] = useState<unknown>();
  // The bilingual names of energy kinds ("Natural gas 天然气"), as the meters page shows them.
  const [kindLabels, setKindLabels] = useState<Record<string, string>>({});
  useEffect(() => {
    api<{ kind: string; label: string }[]>('GET', '/v1/energy-kinds').then(
      (kinds) => setKindLabels(Object.fromEntries(kinds.map((k) => [k.kind, k.label]))),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    setError(undefined);
    api<Overview>('GET', `/v1/park/overview?from=${from}&to=${to}`).then(setOverview, (e) => {
      setOverview(undefined);
      setError(e);
    });
    // Reload on `version` (Show, or a membership change), not on every keystroke in the date fields.
  }, [version]);
  return (
    <section class="park-figures">
      <h2>{t('parkFigures')}</h2>
      <form
        class="period"
        onSubmit={(e) => {
          e.preventDefault();
          onShow();
        }}
      >
        <label>
          {t('parkFrom')}
          <input type="date" name="from" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('parkTo')}
          <input type="date" name="to" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t('parkShow')}</button>
      </form>
      <ErrorBox error={error} />
      {overview && overview.members.length === 0 && <p class="notice">{t('parkNoMembers')}</p>}
      {overview && overview.members.length > 0 && (
        <>
          <h3>{t('parkTotals')}</h3>
          <FigureTable head="" rows={[{ label: t('parkTotals'), key: 'park', figures: overview.park }]} />
          <h3>{t('parkPerMember')}</h3>
          <table class="figures members">
            <thead>
              <tr>
                <th>{t('parkMember')}</th>
                <th>{t('parkEnergy')}</th>
                <th>{t('parkCo2e')}</th>
                <th>{t('parkLatestInventory')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.members.map((m) => (
                <tr key={m.member.id} data-member={m.member.name}>
                  <td>{m.member.name}</td>
                  <td data-energy>{m.hasData ? m.figures.energyKgce : t('parkNoData')}</td>
                  <td data-co2e>{m.hasData ? m.figures.co2eKg : t('parkNoData')}</td>
                  <td>{inventoryWord(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('parkByKind')}</h3>
          <FigureTable
            head={t('parkEnergyKind')}
            rows={overview.park.byEnergyKind.map((k) => ({
              label: kindLabels[k.energyKind] ?? k.energyKind,
              key: k.energyKind,
              figures: k,
            }))}
          />
          <h3>{t('parkByMonth')}</h3>
          <FigureTable
            head={t('parkMonth')}
            rows={overview.park.byMonth.map((m) => ({ label: m.month, key: m.month, figures: m }))}
          />
          <h2>{t('parkRanking')}</h2>
          <Ranking overview={overview} />
        </>
      )}
    </section>
  );
}

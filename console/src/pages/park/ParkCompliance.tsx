import { t, type MessageKey } from '../../i18n';
import type { Compliance } from './parkAnalysisTypes';

type Row = Compliance['members'][number];

function inventory(m: Row): string {
  const inv = m.latestInventory;
  if (!inv) return t('parkInventoryNone');
  const status = inv.status === 'notarized' ? t('parkInventoryNotarized') : t('parkInventoryDraft');
  const verified = inv.verification === 'verified' || inv.verification === 'qualified' ? ` · ${t('parkVerified')}` : '';
  return `${inv.periodStart} – ${inv.periodEnd}: ${status}${verified}`;
}

/** Each consenting member's latest inventory and, when covered, its compliance position of the year. */
export function ParkCompliance({ compliance }: { compliance: Compliance }) {
  return (
    <section class="park-compliance">
      <h3>{t('parkCompliance')}</h3>
      <table class="figures">
        <thead>
          <tr>
            <th>{t('parkMember')}</th>
            <th>{t('parkLatestInventory2')}</th>
            <th>{t('parkVerifiedEmissions')}</th>
            <th>{t('parkObligation')}</th>
            <th>{t('parkSurrendered')}</th>
            <th>{t('parkShortfall')}</th>
            <th>{t('parkStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {compliance.members.map((m) => {
            const c = m.compliance;
            return (
              <tr key={m.member.id} data-compliance={m.member.name}>
                <td>{m.member.name}</td>
                <td>{inventory(m)}</td>
                <td>{c?.verifiedKgCO2e ?? '—'}</td>
                <td data-obligation>{c ? c.obligationT : '—'}</td>
                <td>{c ? `${c.allowancesSurrenderedT} + ${c.offsetsSurrenderedT}` : '—'}</td>
                <td data-shortfall>{c ? c.shortfallT : '—'}</td>
                <td data-status={c?.status ?? 'not_covered'}>
                  {c ? t(`parkCompliance_${c.status}` as MessageKey) : t('parkNotCovered')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

import { t } from '../../i18n';

/** One row of GET /v1/energy-balance, in a kind's unit or in kgce. */
export interface BalanceColumns {
  purchased: string;
  stockChange: null;
  conversionOutput: string;
  conversionInput: string;
  losses: string;
  endUse: { use: string | null; quantity: string }[];
  endUseTotal: string;
  exported: string;
  supply: string;
  disposition: string;
  unexplained: string;
}
interface Part {
  meter: string;
  energyKind: string;
  unit: string;
  quantity: string;
  kgce: string | null;
}
export interface EnergyBalance {
  rows: { energyKind: string; unit: string; quantity: BalanceColumns; kgce: BalanceColumns | null }[];
  totalKgce: BalanceColumns & { conversionLoss: string };
  conversionUnits: {
    outputMeter: string;
    name: string | null;
    output: Part;
    inputs: Part[];
    inputKgce: string | null;
    efficiencyPercent: string | null;
    referenceEfficiencyPercent: string | null;
  }[];
}

function Cells({ c }: { c: BalanceColumns }) {
  return (
    <>
      <td data-col="purchased">{c.purchased}</td>
      <td data-col="stockChange" title={t('balStockUnknown')}>
        {t('balOptUnknown')}
      </td>
      <td data-col="conversionOutput">{c.conversionOutput}</td>
      <td data-col="conversionInput">{c.conversionInput}</td>
      <td data-col="losses">{c.losses}</td>
      <td data-col="endUse">
        {c.endUseTotal}
        {c.endUse.length > 0 && (
          <small class="end-uses">
            {c.endUse.map((e) => `${e.use ?? t('balUnassigned')} ${e.quantity}`).join('; ')}
          </small>
        )}
      </td>
      <td data-col="exported">{c.exported}</td>
      <td data-col="unexplained">{c.unexplained}</td>
    </>
  );
}

/** The enterprise energy balance (企业能量平衡表): per energy kind in its unit and in kgce, then the kgce totals. */
export function BalanceTable({ balance }: { balance: EnergyBalance }) {
  return (
    <>
      <h2>{t('balTitle')}</h2>
      <p class="notice">{t('balNote')}</p>
      <table class="energy-balance">
        <thead>
          <tr>
            <th>{t('balKind')}</th>
            <th>{t('balUnit')}</th>
            <th>{t('balPurchased')}</th>
            <th>{t('balStock')}</th>
            <th>{t('balConversionOutput')}</th>
            <th>{t('balConversionInput')}</th>
            <th>{t('balLosses')}</th>
            <th>{t('balEndUse')}</th>
            <th>{t('balExported')}</th>
            <th>{t('balUnexplained')}</th>
          </tr>
        </thead>
        <tbody>
          {balance.rows.flatMap((r) => [
            <tr key={r.energyKind} data-balance-kind={r.energyKind}>
              <td>{r.energyKind}</td>
              <td>{r.unit}</td>
              <Cells c={r.quantity} />
            </tr>,
            r.kgce && (
              <tr key={`${r.energyKind}-kgce`} data-balance-kind-kgce={r.energyKind}>
                <td />
                <td>kgce</td>
                <Cells c={r.kgce} />
              </tr>
            ),
          ])}
          <tr class="total" data-balance-total>
            <td colSpan={2}>{t('balTotalKgce')}</td>
            <Cells c={balance.totalKgce} />
          </tr>
        </tbody>
      </table>
      {balance.conversionUnits.length > 0 && (
        <>
          <h2>{t('balUnitsTitle')}</h2>
          <table class="conversion-units">
            <thead>
              <tr>
                <th>{t('balUnitsOutput')}</th>
                <th>{t('balUnitsInputs')}</th>
                <th>{t('balUnitsEfficiency')}</th>
                <th>{t('balUnitsReference')}</th>
              </tr>
            </thead>
            <tbody>
              {balance.conversionUnits.map((u) => (
                <tr key={u.outputMeter} data-unit={u.outputMeter}>
                  <td>
                    {u.name ? `${u.name} · ` : ''}
                    {u.output.meter} {u.output.quantity} {u.output.unit} ({u.output.kgce ?? '—'} kgce)
                  </td>
                  <td>
                    {u.inputs.map((i) => `${i.meter} ${i.quantity} ${i.unit} (${i.kgce ?? '—'} kgce)`).join('; ')}
                  </td>
                  <td data-efficiency>{u.efficiencyPercent === null ? '—' : `${u.efficiencyPercent} %`}</td>
                  <td>{u.referenceEfficiencyPercent === null ? '—' : `${u.referenceEfficiencyPercent} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

import { t } from '../i18n';
import type { InventoryDocument } from './carbonTypes';
import { contractEffect, type HierarchyYear } from './marketHierarchy';

interface Row {
  key: string;
  level: string;
  mwh: string;
  factor: string;
  co2e: string;
}

function rowsOf(y: HierarchyYear): Row[] {
  const rows: Row[] = [
    { key: 'certificates', level: t('marketCertificates'), mwh: y.coveredMWh, factor: '0', co2e: '0.000' },
  ];
  for (const c of y.contracts ?? []) {
    rows.push({
      key: `contract ${c.ref} ${c.start}`,
      level: `${t('marketContract')} ${c.ref}`,
      mwh: c.appliedMWh,
      factor: c.factor,
      co2e: c.co2e,
    });
  }
  if (y.supplierFactor) {
    rows.push({
      key: 'supplier',
      level: t('marketSupplier'),
      mwh: y.supplierMWh ?? '0',
      factor: y.supplierFactor.value,
      co2e: y.supplierCo2e ?? '0',
    });
  }
  rows.push({
    key: 'residual',
    level: t('marketResidual'),
    mwh: y.residualMWh,
    factor: y.residualFactor.value,
    co2e: y.residualCo2e ?? y.co2e,
  });
  return rows;
}

/**
 * Market-based Scope 2 by the GHG Protocol quality criteria hierarchy, per year as the inventory states it: the MWh
 * each level covered (certificates, each contract, the supplier rate, the residual mix), its factor and emissions; and
 * how much the contracts changed the figure against the next level down.
 */
export function MarketHierarchy({ doc }: { doc: InventoryDocument }) {
  const years = doc.marketBased.byYear as HierarchyYear[];
  if (years.length === 0) return null;
  const effect = contractEffect(years);
  const unused = (doc.marketBased as { unusedContractMWh?: string }).unusedContractMWh;
  return (
    <div class="market-hierarchy" data-market-hierarchy>
      <h2>{t('marketHeading')}</h2>
      <table class="figures-table" data-table="market-hierarchy">
        <thead>
          <tr>
            <th>{t('carbonTraceYear')}</th>
            <th>{t('marketLevel')}</th>
            <th class="num">{t('marketMWh')}</th>
            <th class="num">{t('marketFactor')}</th>
            <th class="num">{t('marketCo2e')}</th>
          </tr>
        </thead>
        <tbody>
          {years.flatMap((y) => [
            ...rowsOf(y).map((r) => (
              <tr key={`${y.year} ${r.key}`} data-row={`${y.year} ${r.key}`}>
                <td>{y.year}</td>
                <td>{r.level}</td>
                <td class="num">{r.mwh}</td>
                <td class="num">{r.factor}</td>
                <td class="num">{r.co2e}</td>
              </tr>
            )),
            <tr key={`${y.year} total`} data-row={`${y.year} total`}>
              <td>{y.year}</td>
              <td>{t('marketYearTotal')}</td>
              <td class="num">{y.purchasedMWh}</td>
              <td />
              <td class="num">{y.co2e}</td>
            </tr>,
          ])}
        </tbody>
      </table>
      {effect === null ? (
        <p class="help">{t('marketNoContracts')}</p>
      ) : (
        <div class="cards">
          <div class="card" data-figure="contract-effect">
            <div class="label">{t('marketContractEffect')}</div>
            <div class="value">{effect}</div>
          </div>
        </div>
      )}
      {effect !== null && <p class="help">{t('marketContractEffectHelp')}</p>}
      {unused !== undefined && /[1-9]/.test(unused) && (
        <p class="notice" data-unused-contracts>
          {t('marketUnusedContracts')}: {unused}
        </p>
      )}
      <p class="help">{t('marketPerMeterNote')}</p>
    </div>
  );
}

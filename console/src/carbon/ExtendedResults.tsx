import { t, type MessageKey } from '../i18n';
import type { InventoryDocument } from './carbonTypes';

/**
 * Non-metered sources, emissions per gas, gross beside net after exports, the biomass memo and the uncertainty, as the
 * inventory document states them (shown only when it has them).
 */
export function ExtendedResults({ doc }: { doc: InventoryDocument }) {
  if (!doc.grossNet) return null;
  const kind = (k: string) => t(`source_${k}` as MessageKey) ?? k;
  return (
    <div class="extended-results" data-extended-results>
      {(doc.nonMeteredSources ?? []).length > 0 && (
        <>
          <h2>{t('carbonNonMetered')}</h2>
          <table class="figures-table" data-table="non-metered">
            <thead>
              <tr>
                <th>{t('carbonBySource')}</th>
                <th>{t('carbonSubject')}</th>
                <th class="num">{t('carbonQuantity')}</th>
                <th class="num">{t('carbonCo2e')}</th>
                <th>{t('carbonEvidence')}</th>
              </tr>
            </thead>
            <tbody>
              {(doc.nonMeteredSources ?? []).map((l) => (
                <tr key={l.record} data-row={l.record}>
                  <td>{kind(l.kind)}</td>
                  <td>{l.subject}</td>
                  <td class="num">
                    {l.activity.quantity} {l.activity.unit}
                  </td>
                  <td class="num">
                    {l.scope === 'memo' ? `(${l.emissions.biomassCO2 ?? '0'} CO2)` : l.emissions.co2e}
                  </td>
                  <td>{l.activity.evidence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {doc.byGas && (
        <>
          <h2>{t('carbonByGas')}</h2>
          <table class="figures-table" data-table="by-gas">
            <thead>
              <tr>
                <th>{t('carbonGas')}</th>
                <th class="num">{t('carbonGasMass')}</th>
                <th class="num">GWP</th>
                <th class="num">{t('carbonCo2e')}</th>
              </tr>
            </thead>
            <tbody>
              {doc.byGas.gases.map((g) => (
                <tr key={g.gas} data-row={g.gas}>
                  <td>{g.gas}</td>
                  <td class="num">{g.massKg}</td>
                  <td class="num">{g.gwp}</td>
                  <td class="num">{g.co2eKg}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>{t('carbonGrossNet')}</h2>
      <table class="figures-table" data-table="gross-net">
        <tbody>
          <tr data-row="gross">
            <td>{t('carbonGross')}</td>
            <td class="num">{doc.grossNet.grossLocationBased}</td>
          </tr>
          <tr data-row="exports">
            <td>{t('carbonExports')}</td>
            <td class="num">{doc.grossNet.exports}</td>
          </tr>
          <tr data-row="net">
            <td>{t('carbonNet')}</td>
            <td class="num">{doc.grossNet.netLocationBased}</td>
          </tr>
          {doc.biomass && (
            <tr data-row="biomass">
              <td>{t('carbonBiomassMemo')}</td>
              <td class="num">{doc.biomass.co2Kg}</td>
            </tr>
          )}
        </tbody>
      </table>
      {doc.uncertainty && (
        <>
          <h2>{t('carbonUncertainty')}</h2>
          <table class="figures-table" data-table="uncertainty">
            <thead>
              <tr>
                <th>{t('carbonUncertaintySource')}</th>
                <th class="num">{t('carbonUncertaintyCombined')}</th>
              </tr>
            </thead>
            <tbody>
              {doc.uncertainty.sources.map((s) => (
                <tr key={s.source}>
                  <td>{s.source}</td>
                  <td class="num">{s.combinedPct}</td>
                </tr>
              ))}
              <tr data-row="total">
                <th>{t('carbonUncertaintyTotal')}</th>
                <th class="num">± {doc.uncertainty.totalPct}</th>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

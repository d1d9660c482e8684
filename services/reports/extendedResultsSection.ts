import type { InventoryDocument } from '../accounting/computeInventory';
import { extendedResultLabels } from './extendedResultLabels';
import { markup, type HtmlValue } from './markup';
import type { ReportLanguage } from './reportLabels';
import { dataTable, fig, keyValues, note, subsection, tonnes } from './reportPage';

/**
 * The report's parts for the document's extended blocks (non-metered sources, per gas, gross beside net, biomass
 * memo, uncertainty), rendered as stated, never recomputed. Nothing for documents without them, so their reports
 * stay as they were.
 */
export function extendedResultsSubsections(doc: InventoryDocument, lang: ReportLanguage): HtmlValue[] {
  if (!doc.grossNet) return [];
  const l = extendedResultLabels(lang);
  const parts: HtmlValue[] = [];
  const lines = doc.nonMeteredSources ?? [];
  if (lines.length > 0) {
    parts.push(
      subsection(
        l.nonMetered,
        dataTable(
          [
            { label: l.source },
            { label: l.subject },
            { label: l.period },
            { label: l.quantity, numeric: true },
            { label: l.unit },
            { label: l.scope },
            { label: l.factors },
            { label: l.formula },
            { label: 'CO2 (kg)', numeric: true },
            { label: 'CH4 (kg)', numeric: true },
            { label: 'N2O (kg)', numeric: true },
            { label: l.co2e, numeric: true },
            { label: l.evidence },
          ],
          lines.map((s) => [
            l.kinds[s.kind] ?? s.kind,
            s.activity.calcinationFraction ? `${s.subject} (F = ${s.activity.calcinationFraction})` : s.subject,
            `${s.period.start} – ${s.period.end}`,
            fig(s.activity.quantity),
            s.activity.unit,
            s.scope === 'memo' ? l.memo : String(s.scope),
            breaks([
              ...s.factors.map((f) => `${f.name}: ${f.value} ${f.unit} (${f.source}; ${f.quality})`),
              ...(s.measured?.terms ?? []).map((t) => `${t.term}: ${t.expression} = ${t.co2Kg} kg`),
            ]),
            s.formula,
            fig(s.emissions.co2),
            fig(s.emissions.ch4),
            fig(s.emissions.n2o),
            s.scope === 'memo' ? `(${fig(s.emissions.biomassCO2)} CO2)` : fig(s.emissions.co2e),
            s.activity.evidence,
          ]),
        ),
      ),
    );
  }
  if (doc.byGas) {
    parts.push(
      subsection(
        l.byGas,
        dataTable(
          [{ label: l.gas }, { label: l.mass, numeric: true }, { label: l.gwp }, { label: l.co2e, numeric: true }],
          doc.byGas.gases.map((g) => [g.gas, fig(g.massKg), g.gwp, fig(g.co2eKg)]),
        ),
        note(doc.byGas.statement),
      ),
    );
  }
  const g = doc.grossNet;
  parts.push(
    subsection(
      l.grossNet,
      dataTable(
        [{ label: '' }, { label: 'kgCO2e', numeric: true }, { label: 'tCO2e', numeric: true }],
        [
          [l.grossLocation, fig(g.grossLocationBased), tonnes(g.grossLocationBased)],
          [l.exports, fig(g.exports), tonnes(g.exports)],
          [l.netLocation, fig(g.netLocationBased), tonnes(g.netLocationBased)],
          [l.grossMarket, fig(g.grossMarketBased), tonnes(g.grossMarketBased)],
          [l.netMarket, fig(g.netMarketBased), tonnes(g.netMarketBased)],
        ],
      ),
    ),
  );
  if (doc.biomass) {
    parts.push(subsection(l.biomassMemo, keyValues([['kgCO2', fig(doc.biomass.co2Kg)]]), note(doc.biomass.statement)));
  }
  const u = doc.uncertainty;
  if (u) {
    parts.push(
      subsection(
        l.uncertainty,
        dataTable(
          [
            { label: l.source },
            { label: l.activityPct, numeric: true },
            { label: l.factorPct, numeric: true },
            { label: l.combinedPct, numeric: true },
            { label: l.basis },
          ],
          u.sources.map((s) => [
            s.source,
            s.activityPct,
            s.factorPct,
            s.combinedPct,
            s.basis === 'user' ? l.basisUser : l.basisDefault,
          ]),
        ),
        keyValues([
          [l.totalUncertainty, `± ${u.totalPct} %`],
          [l.method, u.method],
          [l.defaults, u.defaults],
        ]),
        note(u.note),
      ),
    );
  }
  return parts;
}

function breaks(texts: readonly string[]): HtmlValue {
  return texts.map((t, i) => (i === 0 ? t : markup`<br>${t}`));
}

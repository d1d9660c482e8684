import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BatchExport, EvidenceMeasure } from '../../../services/evidence/evidenceFormat';
import { recomputeMeasure } from '../../../services/verification/recomputeMeasures';

const FIXTURE = path.join(__dirname, '../../fixtures/evidence/measureEvidence.v2.json');

function load(): { measure: EvidenceMeasure; batchExport: BatchExport } {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as { measure: EvidenceMeasure; batchExport: BatchExport };
}

// A worked example, by hand: baseline E = 50 + 2 × production (kWh/day), n = 365, p = 2, CV(RMSE) 5 %, no
// autocorrelation. Reporting days 2025-03-01..03 (Asia/Shanghai) with production 25, 30, 20: adjusted baseline
// 100 + 110 + 90 = 300 kWh. Readings 90.5, 99 (revision 1 replacing 120) and 80.25: actual 269.75 kWh, avoided
// 30.250 kWh. 2025-03-04 has a reading but no production value, 2025-02-28 lies before the period: neither counts.
// Uncertainty (Guideline 14) = 1.26 × t(0.90, 363) × 0.05 × √((1 + 2/365) / 3) × 300 ≈ 1.26 × 1.6490 × 0.05 ×
// 0.57893 × 300 ≈ 18.04 kWh.
describe('a measure result recomputed from an evidence package (fixture, worked example)', function () {
  it('the version-2 sample still loads and recomputes to the hand-computed figures', function () {
    const { measure, batchExport } = load();
    const check = recomputeMeasure(measure, [batchExport]);
    expect(check.differences).to.deep.equal([]);
    expect(check.recomputed).to.include({ avoided: '30.250', unit: 'kWh' });
    const { uncertainty } = check.recomputed as { uncertainty: string };
    const byHand = 1.26 * 1.649 * 0.05 * Math.sqrt((1 + 2 / 365) / 3) * 300;
    expect(Math.abs(Number(uncertainty) - byHand)).to.be.below(0.01);
  });

  it('names the adjusted baseline, actual and avoided energy when a reported figure differs, exactly', function () {
    const { measure, batchExport } = load();
    const reported = measure.reported as { actual: string; avoided: string };
    reported.actual = '269.700';
    reported.avoided = '30.300';
    const check = recomputeMeasure(measure, [batchExport]);
    expect(check.differences.map((d) => [d.figure, d.reported, d.recomputed, d.difference])).to.deep.equal([
      ['avoided', '30.300', '30.250', '0.050'],
      ['actual', '269.700', '269.750', '-0.050'],
    ]);
  });

  it('names the day whose readings differ from the stated actual, and the figures that follow', function () {
    const { measure, batchExport } = load();
    // The 2025-03-03 reading becomes 81.25: one kWh more used, one less avoided.
    const row = batchExport.rows.find((r) => r[3] === '80250000');
    if (row) row[3] = '81250000';
    const check = recomputeMeasure(measure, [batchExport]);
    expect(check.differences.map((d) => [d.figure, d.difference])).to.deep.equal([
      ['avoided', '1.000'],
      ['actual', '-1.000'],
      ['actual on 2025-03-03', '-1.000000'],
    ]);
  });

  it('counts a day only when its intervals cover it: a missing day is named as not counted', function () {
    const { measure, batchExport } = load();
    batchExport.rows = batchExport.rows.filter((r) => r[3] !== '90500000');
    const check = recomputeMeasure(measure, [batchExport]);
    expect(check.differences.find((d) => d.figure === 'actual on 2025-03-01')).to.deep.equal({
      figure: 'actual on 2025-03-01',
      reported: '90.500000',
      recomputed: '(not counted)',
      difference: null,
    });
    expect(check.differences.find((d) => d.figure === 'days')).to.include({ reported: '3', recomputed: '2' });
  });

  it('reproduces a refusal: a baseline that fails acceptance gives the same coded refusal', function () {
    const { measure, batchExport } = load();
    measure.baseline.acceptance = { accepted: false, criteria: [] };
    measure.reported = { refused: { code: 'NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED', message: 'fails acceptance' } };
    const check = recomputeMeasure(measure, [batchExport]);
    expect([check.identical, check.recomputed]).to.deep.equal([
      true,
      { refused: 'NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED' },
    ]);
  });

  it('names a reported result the package cannot support (a refusal where savings were reported)', function () {
    const { measure, batchExport } = load();
    measure.baseline.acceptance = { accepted: false, criteria: [] };
    const check = recomputeMeasure(measure, [batchExport]);
    expect(check.differences).to.deep.equal([
      {
        figure: 'refusal',
        reported: 'avoided 30.250',
        recomputed: 'refused: NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED',
        difference: null,
      },
    ]);
  });

  it('a version-2 package from before the avoided-emissions basis: kgce and CO2e listed as not recomputed', function () {
    const { measure, batchExport } = load();
    const check = recomputeMeasure(measure, [batchExport]);
    expect([check.recomputedEmissions, check.notRecomputed]).to.deep.equal([
      null,
      ['energyKgce', 'co2eLocationKg', 'co2eMarketKg'],
    ]);
  });
});

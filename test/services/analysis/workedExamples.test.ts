import { expect } from 'chai';
import { evaluateAcceptance } from '../../../services/analysis/acceptance';
import { avoidedEnergy } from '../../../services/analysis/avoidedEnergy';
import type { BaselineModel } from '../../../services/analysis/baselineTypes';
import { balancePointGrid, coolingDegreeDays, heatingDegreeDays } from '../../../services/analysis/degreeDays';
import { cvRmse, lag1Autocorrelation, nmbe } from '../../../services/analysis/fitStatistics';
import { fitLeastSquares } from '../../../services/analysis/leastSquares';
import { savingsUncertainty } from '../../../services/analysis/savingsUncertainty';
import { tTwoSidedP, tTwoSidedQuantile } from '../../../services/analysis/studentT';
import { NengtanError } from '../../../services/lib/errors';

// Every expected value below is worked out by hand from the formulas in MANAGEMENT.md §2 (the arithmetic is in the
// comments), never taken from the code's output.
describe('M&V worked examples', function () {
  describe('fit statistics', function () {
    it('CV(RMSE) = sqrt(SSE/(n−p)) / ȳ', function () {
      // y = 10 12 14 16, ŷ = 11 11 15 15: residuals −1 1 −1 1, SSE = 4, n − p = 3, ȳ = 13
      // sqrt(4/3) = 1.1547005 → / 13 = 0.0888231
      expect(cvRmse([10, 12, 14, 16], [11, 11, 15, 15], 1)).to.be.closeTo(0.0888231, 1e-7);
    });

    it('NMBE = Σ(y − ŷ) / ((n − p) · ȳ)', function () {
      // y = 10 12 14 16, ŷ = 9 11 13 15, p = 2: Σ residuals = 4, (n − p) · ȳ = 2 · 13 = 26 → 4/26 = 0.1538462
      expect(nmbe([10, 12, 14, 16], [9, 11, 13, 15], 2)).to.be.closeTo(0.1538462, 1e-7);
      // and its CV(RMSE): sqrt(4/2) / 13 = 1.4142136 / 13 = 0.1087857
      expect(cvRmse([10, 12, 14, 16], [9, 11, 13, 15], 2)).to.be.closeTo(0.1087857, 1e-7);
    });

    it('lag-1 autocorrelation of residuals', function () {
      // r = 1 1 −1 −1: Σ r_t r_{t−1} = 1 − 1 + 1 = 1, Σ r² = 4 → 0.25
      expect(lag1Autocorrelation([1, 1, -1, -1])).to.equal(0.25);
    });
  });

  describe('degree days', function () {
    it('heating below the balance point, cooling above', function () {
      expect(heatingDegreeDays(5, 18)).to.equal(13); // 18 − 5
      expect(coolingDegreeDays(5, 18)).to.equal(0);
      expect(coolingDegreeDays(26.5, 22)).to.equal(4.5); // 26.5 − 22
      expect(heatingDegreeDays(26.5, 22)).to.equal(0);
      expect(heatingDegreeDays(18, 18) + coolingDegreeDays(18, 18)).to.equal(0);
    });

    it('searches balance points 10–25 °C in 0.5 °C steps: 31 of them', function () {
      const grid = balancePointGrid();
      expect(grid).to.have.length(31);
      expect([grid[0], grid[1], grid[30]]).to.deep.equal([10, 10.5, 25]);
    });
  });

  describe('ordinary least squares', function () {
    // x = 1..5, y = 2 4 5 4 5: x̄ = 3, ȳ = 4, Sxy = 6, Sxx = 10 → b = 0.6, a = 4 − 0.6·3 = 2.2
    // ŷ = 2.8 3.4 4.0 4.6 5.2, residuals −0.8 0.6 1.0 −0.6 −0.2, SSE = 2.4, SST = 6, R² = 0.6
    // σ² = 2.4/3 = 0.8, SE(b) = sqrt(0.8/10) = 0.2828427, t = 0.6/0.2828427 = 2.1213203
    // df 3: F_t(t) = 1/2 + (1/π)(u/(1 + u²) + atan u), u = t/√3 = sqrt(1.5) = 1.2247449
    //   = 1/2 + (0.4898979 + 0.8860771)/π = 1/2 + 1.3759750/π = 0.9379865 → p = 2(1 − 0.9379865) = 0.1240271
    const fit = fitLeastSquares(
      [1, 2, 3, 4, 5].map((x) => [1, x]),
      [2, 4, 5, 4, 5],
    );

    it('coefficients and R²', function () {
      expect(fit?.coefficients[0]).to.be.closeTo(2.2, 1e-12);
      expect(fit?.coefficients[1]).to.be.closeTo(0.6, 1e-12);
      expect(fit?.rSquared).to.be.closeTo(0.6, 1e-12);
      expect(fit?.adjustedRSquared).to.be.closeTo(1 - (0.4 * 4) / 3, 1e-12);
    });

    it('standard error, t statistic and two-sided p-value of the slope', function () {
      expect(fit?.standardErrors[1]).to.be.closeTo(0.2828427, 1e-7);
      expect(fit?.tStats[1]).to.be.closeTo(2.1213203, 1e-7);
      expect(fit?.pValues[1]).to.be.closeTo(0.1240271, 1e-6);
    });

    it("the model's F test equals the slope's t test for one variable (F = t² = 4.5)", function () {
      expect(fit?.fStatistic).to.be.closeTo(4.5, 1e-12);
      expect(fit?.modelP).to.be.closeTo(0.1240271, 1e-6);
    });
  });

  describe("Student's t", function () {
    it('matches the printed table of two-sided critical values', function () {
      expect(tTwoSidedQuantile(0.9, 1)).to.be.closeTo(6.314, 5e-4);
      expect(tTwoSidedQuantile(0.9, 10)).to.be.closeTo(1.812, 5e-4);
      expect(tTwoSidedQuantile(0.95, 20)).to.be.closeTo(2.086, 5e-4);
      expect(tTwoSidedQuantile(0.9, 120)).to.be.closeTo(1.658, 5e-4);
    });

    it('p of t = 0 is 1, and the quantile inverts the p-value', function () {
      expect(tTwoSidedP(0, 7)).to.be.closeTo(1, 1e-12);
      expect(tTwoSidedP(tTwoSidedQuantile(0.8, 7), 7)).to.be.closeTo(0.2, 1e-9);
    });
  });

  describe('savings uncertainty (Guideline 14 fractional savings)', function () {
    // n = 242, ρ = 1/3: n′ = 242 · (2/3)/(4/3) = 121; p = 1 → t(90 %, 120 df) = 1.6577 (table: 1.658)
    // n/n′ = 2, 1 + 2/121 = 1.0165289, m = 30: sqrt(2 · 1.0165289 / 30) = sqrt(0.0677686) = 0.2603241
    // CV = 0.2, E_adj = 30,000, savings 3,000 (F = 0.1):
    // ΔE = 1.26 · 1.6577 · 0.2 · 0.2603241 · 30,000 = 3262.4 ; relative 3262.4 / 3000 = 1.0875
    const u = savingsUncertainty({
      n: 242,
      p: 1,
      cvRmse: 0.2,
      autocorrelation: 1 / 3,
      m: 30,
      adjustedBaseline: 30_000,
      savings: 3_000,
      confidence: 0.9,
    });

    it('n′ = n(1 − ρ)/(1 + ρ)', function () {
      expect(u.effectiveN).to.be.closeTo(121, 1e-9);
    });

    it('absolute and relative uncertainty', function () {
      expect(u.fractionalSavings).to.be.closeTo(0.1, 1e-12);
      expect(u.absolute).to.be.closeTo(3262.4, 3262.4 * 5e-4);
      expect(u.relative).to.be.closeTo(1.0875, 1.0875 * 5e-4);
    });
  });

  describe('avoided energy', function () {
    // E = 100 + 5 · HDD(18). Reporting days at 10, 15, 20 °C: HDD 8, 3, 0 → adjusted baseline 140, 115, 100 = 355
    // actual 130 + 105 + 95 = 330 → avoided 355 − 330 = 25
    const model: BaselineModel = {
      spec: { heatingBalancePoint: 18, coolingBalancePoint: null, drivers: [] },
      terms: [
        { term: 'intercept', coefficient: 100, standardError: 1, tStat: 100, pValue: 0 },
        { term: 'hdd', coefficient: 5, standardError: 1, tStat: 5, pValue: 0 },
      ],
      n: 365,
      p: 2,
      meanEnergy: 120,
      rSquared: 0.9,
      adjustedRSquared: 0.9,
      cvRmse: 0.05,
      nmbe: 0,
      modelP: 0,
      autocorrelation: 0,
      ranges: { temperature: { min: 0, max: 30 }, drivers: {} },
      candidatesTried: 1,
    };
    const day = (d: string, temperature: number, kwh: string) => ({
      day: d,
      temperature,
      drivers: {},
      energy: Number(kwh),
      energyUnits: BigInt(kwh) * 1_000_000n,
    });
    const days = [day('2026-01-01', 10, '130'), day('2026-01-02', 15, '105'), day('2026-01-03', 20, '95')];
    const accepted = evaluateAcceptance(model, 365, 1);

    it('adjusted baseline − actual, as strings with three decimals', function () {
      const result = avoidedEnergy(model, accepted, days, 0.9);
      expect(result).to.include({ adjustedBaseline: '355.000', actual: '330.000', avoided: '25.000', days: 3 });
    });

    it('its uncertainty (ρ = 0, n = 365, p = 2, m = 3, CV = 0.05, E_adj = 355)', function () {
      // n′ = 365, df 363: t(90 %) = 1.6491 (table, df 363 ≈ 1.649)
      // sqrt((365/365)(1 + 2/365)/3) = sqrt(1.0054795/3) = 0.5789321
      // 1.26 · 1.6491 · 0.05 · 0.5789321 · 355 = 21.353 ; relative 21.353 / 25 = 0.8541
      const result = avoidedEnergy(model, accepted, days, 0.9);
      expect(Number(result.uncertainty)).to.be.closeTo(21.353, 0.02);
      expect(result.relativeUncertainty).to.be.closeTo(0.8541, 0.001);
    });

    it('refuses a model that fails acceptance, naming the criterion', function () {
      const poor = { ...model, cvRmse: 0.41 };
      const verdict = evaluateAcceptance(poor, 365, 1);
      expect(verdict.accepted).to.equal(false);
      try {
        avoidedEnergy(poor, verdict, days, 0.9);
        expect.fail('savings were reported from a failing model');
      } catch (error) {
        expect(error).to.be.instanceOf(NengtanError);
        expect((error as NengtanError).code).to.equal('NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED');
        expect((error as NengtanError).message).to.contain('cvRmse 0.41');
        expect((error as NengtanError).details?.failedCriteria).to.deep.equal([
          verdict.criteria.find((c) => c.criterion === 'cvRmse'),
        ]);
      }
    });

    it('refuses a reporting period whose mean temperature the baseline never saw', function () {
      const narrow = { ...model, ranges: { temperature: { min: 16, max: 30 }, drivers: {} } };
      expect(() => avoidedEnergy(narrow, accepted, days, 0.9)).to.throw(NengtanError, /temperature/);
    });
  });

  describe('acceptance (MANAGEMENT.md §2)', function () {
    const base = {
      spec: { heatingBalancePoint: 18, coolingBalancePoint: null, drivers: [] },
      terms: [
        { term: 'intercept', coefficient: 100, standardError: 1, tStat: 100, pValue: 0 },
        { term: 'hdd', coefficient: 5, standardError: 1, tStat: 5, pValue: 0.001 },
      ],
      n: 365,
      p: 2,
      meanEnergy: 120,
      rSquared: 0.8,
      adjustedRSquared: 0.8,
      cvRmse: 0.1,
      nmbe: 0,
      modelP: 0.001,
      autocorrelation: 0,
      ranges: { drivers: {} },
      candidatesTried: 1,
    } satisfies BaselineModel;
    const failed = (m: BaselineModel, days = 365, coverage = 1) =>
      evaluateAcceptance(m, days, coverage)
        .criteria.filter((c) => !c.passed)
        .map((c) => c.criterion);

    it('accepts a good model', function () {
      expect(failed(base)).to.deep.equal([]);
    });

    it('CV(RMSE) ≤ 30 % and NMBE within ±10 % (Guideline 14, data finer than monthly)', function () {
      expect(failed({ ...base, cvRmse: 0.3 })).to.deep.equal([]);
      expect(failed({ ...base, cvRmse: 0.31 })).to.deep.equal(['cvRmse']);
      expect(failed({ ...base, nmbe: -0.11 })).to.deep.equal(['nmbe']);
    });

    it('R² ≥ 0.5, model p < 0.1, every variable p < 0.2 with one < 0.1', function () {
      expect(failed({ ...base, rSquared: 0.49 })).to.deep.equal(['rSquared']);
      expect(failed({ ...base, modelP: 0.1 })).to.deep.equal(['modelP']);
      const weak = [base.terms[0], { ...base.terms[1], pValue: 0.15 }];
      expect(failed({ ...base, terms: weak })).to.deep.equal(['strongestVariableP']);
      const weaker = [base.terms[0], { ...base.terms[1], pValue: 0.25 }];
      expect(failed({ ...base, terms: weaker })).to.deep.equal(['variableP', 'strongestVariableP']);
    });

    it('a 365-day baseline with at most 10 % of its days missing', function () {
      expect(failed(base, 364)).to.deep.equal(['baselineDays']);
      expect(failed(base, 365, 0.89)).to.deep.equal(['coverage']);
    });
  });
});

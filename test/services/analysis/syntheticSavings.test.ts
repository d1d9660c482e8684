import { expect } from 'chai';
import { evaluateAcceptance } from '../../../services/analysis/acceptance';
import { avoidedEnergy } from '../../../services/analysis/avoidedEnergy';
import { fitBaselineModel } from '../../../services/analysis/baselineModel';
import { syntheticSite } from '../../../scripts/bench/syntheticLoads';

// Twenty seeded sites, each a year of baseline and a year with 10 % savings built in. A 90 % uncertainty interval
// holds the truth about nine times in ten, not always: the test asks for at least 16 of 20.
describe('baselines recover known savings on synthetic sites', function () {
  const results = Array.from({ length: 20 }, (_, i) => {
    const site = syntheticSite(i + 1, 0.1);
    const model = fitBaselineModel(site.baseline, { weather: true, drivers: ['production'] });
    if (!model) throw new Error(`site ${i + 1}: no model`);
    const acceptance = evaluateAcceptance(model, 365, 1);
    return { site, model, acceptance, savings: avoidedEnergy(model, acceptance, site.reporting, 0.9) };
  });

  it('finds every balance point within 1 °C and accepts every model', function () {
    for (const { site, model, acceptance } of results) {
      expect(model.spec.heatingBalancePoint).to.be.closeTo(site.truth.heatingBalance, 1);
      expect(model.spec.coolingBalancePoint).to.be.closeTo(site.truth.coolingBalance, 1);
      expect(acceptance.accepted).to.equal(true);
    }
  });

  it('recovers every site’s savings within ±10 %', function () {
    for (const { site, savings } of results) {
      expect(Math.abs(Number(savings.avoided) - site.truthSavings) / site.truthSavings).to.be.below(0.1);
    }
  });

  it('holds the truth inside the reported 90 % uncertainty for at least 16 of 20 sites', function () {
    const inside = results.filter(
      ({ site, savings }) => Math.abs(Number(savings.avoided) - site.truthSavings) <= Number(savings.uncertainty),
    ).length;
    expect(inside).to.be.at.least(16);
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { syntheticSite } from '../../../scripts/bench/syntheticLoads';
import { fitBaselineModel } from '../../../services/analysis/baselineModel';
import type { BaselineModel } from '../../../services/analysis/baselineTypes';

const FIXTURE = path.join(__dirname, '../../fixtures/analysis/baselineSearch.before.json');

/**
 * The grid search sped up (each product of two columns computed once per fit, columns filled by plain loops) must not
 * change a single bit of any fit: the models of four synthetic sites (seeds 1, 2, 3 and 42, weather and production,
 * and weather alone) as the search before the change fitted them, stored, compared exactly (JSON keeps every double).
 */
describe('the baseline grid search gives the same models as before its speed-up', function () {
  const before = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
    seed: number;
    withWeather: BaselineModel;
    weatherOnly: BaselineModel;
  }[];

  for (const { seed, withWeather, weatherOnly } of before) {
    it(`seed ${seed}: the same balance points, coefficients and statistics, bit for bit`, function () {
      const site = syntheticSite(seed, 0.1);
      const now = {
        withWeather: fitBaselineModel(site.baseline, { weather: true, drivers: ['production'] }),
        weatherOnly: fitBaselineModel(site.baseline, { weather: true, drivers: [] }),
      };
      expect(JSON.parse(JSON.stringify(now))).to.deep.equal({ withWeather, weatherOnly });
    });
  }

  it('the stored models are real fits: heating and cooling balance points found, positive degree-day slopes', function () {
    const spec = before[0].withWeather.spec;
    expect([spec.heatingBalancePoint !== null, spec.coolingBalancePoint !== null]).to.deep.equal([true, true]);
    expect(before[0].withWeather.terms.slice(1, 3).every((t) => t.coefficient > 0)).to.equal(true);
  });
});

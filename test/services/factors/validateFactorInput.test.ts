import { expect } from 'chai';
import type { FactorInput } from '../../../services/factors/types';
import { validateFactorInput } from '../../../services/factors/validateFactorInput';
import { NengtanError } from '../../../services/lib/errors';

const GRID: FactorInput = {
  category: 'grid_electricity',
  subject: 'supplier',
  region: 'Jiangsu',
  year: 2024,
  value: '0.4210',
  unit: 'tCO2/MWh',
  series: 'Supplier disclosure',
  source: 'Supplier 2024 disclosure',
  quality: 'supplier',
};
const OXIDATION: FactorInput = {
  category: 'fuel_oxidation',
  subject: 'anthracite',
  value: '0.95',
  unit: 'fraction',
  series: 'Lab',
  source: 'Lab report',
  quality: 'measured',
};
const GWP: FactorInput = {
  category: 'gwp',
  subject: 'AR5',
  gas: 'SF6',
  value: '23500',
  unit: 'kgCO2e/kg',
  series: 'IPCC AR5',
  source: 'IPCC AR5',
};

function refusal(input: unknown): NengtanError {
  try {
    validateFactorInput(input as FactorInput, 3);
  } catch (error) {
    if (error instanceof NengtanError) return error;
    throw error;
  }
  throw new Error('expected a NengtanError');
}

const problem = (input: unknown) => {
  const error = refusal(input);
  return [error.code, (error.details as { field: string }).field];
};

describe('validateFactorInput', function () {
  describe('a valid factor', function () {
    it('comes back normalised, the value kept as written', function () {
      expect(validateFactorInput({ ...GRID, series: ' Supplier disclosure ' }, 0)).to.deep.equal({
        category: 'grid_electricity',
        subject: 'supplier',
        gas: null,
        region: 'Jiangsu',
        year: 2024,
        value: '0.4210',
        unit: 'tCO2/MWh',
        series: 'Supplier disclosure',
        source: 'Supplier 2024 disclosure',
        notice: null,
        quality: 'supplier',
        note: null,
      });
    });

    it('defaults region to national, year to undated and quality to published', function () {
      const { category, subject, value, unit, series, source } = GRID;
      expect(validateFactorInput({ category, subject, value, unit, series, source }, 0)).to.deep.include({
        region: 'national',
        year: null,
        quality: 'published',
      });
    });

    it('accepts an oxidation rate of exactly 1', function () {
      expect(validateFactorInput({ ...OXIDATION, value: '1' }, 0).value).to.equal('1');
    });

    it('accepts a GWP for another gas', function () {
      expect(validateFactorInput(GWP, 0).gas).to.equal('SF6');
    });

    it('accepts a fuel the library does not know yet, in either NCV unit', function () {
      const input = { ...OXIDATION, category: 'fuel_ncv', subject: 'petroleum_coke', value: '32.5', unit: 'GJ/t' };
      expect(validateFactorInput(input, 0).subject).to.equal('petroleum_coke');
    });
  });

  describe('refuses', function () {
    it('an unknown category, listing the known ones', function () {
      const error = refusal({ ...GRID, category: 'grid' });
      expect([error.code, error.hint]).to.deep.equal([
        'NT_ERR_FACTOR_CATEGORY',
        'Use one of: grid_electricity, purchased_heat, fuel_ncv, fuel_carbon_content, fuel_oxidation, fuel_co2_ipcc, ' +
          'fuel_ncv_ipcc, fuel_carbon_ipcc, fuel_ch4, fuel_n2o, gwp, standard_coal, mobile_ch4, mobile_n2o, ' +
          'process_co2.',
      ]);
    });

    it('names the index of the factor', function () {
      expect(refusal({ ...GRID, category: 'grid' }).details).to.deep.equal({ index: 3, field: 'category' });
    });

    it('a unit other than the category unit, naming the right one', function () {
      const error = refusal({ ...GRID, unit: 'kgCO2/kWh' });
      expect([error.code, error.hint]).to.deep.equal([
        'NT_ERR_FACTOR_UNIT',
        'Use "tCO2/MWh", converting the value if needed.',
      ]);
    });

    it('a gas NCV per tonne', function () {
      expect(
        problem({ ...OXIDATION, category: 'fuel_ncv', subject: 'natural_gas', value: '389.31', unit: 'GJ/t' }),
      ).to.deep.equal(['NT_ERR_FACTOR_UNIT', 'unit']);
    });

    it('electricity standard coal per kg', function () {
      expect(
        problem({ ...OXIDATION, category: 'standard_coal', subject: 'electricity', value: '0.1229', unit: 'kgce/kg' }),
      ).to.deep.equal(['NT_ERR_FACTOR_UNIT', 'unit']);
    });

    for (const value of ['0', '0.0', '-0.5', '+0.5', '1e-3', '.5', '05', '0.5.1', '', ' 0.5', '1'.repeat(31)]) {
      it(`the value ${JSON.stringify(value)}`, function () {
        expect(problem({ ...GRID, value })).to.deep.equal(['NT_ERR_FACTOR_VALUE', 'value']);
      });
    }

    it('a number value (floats never carry a factor)', function () {
      expect(problem({ ...GRID, value: 0.421 })).to.deep.equal(['NT_ERR_FACTOR_VALUE', 'value']);
    });

    it('an oxidation rate above 1 (a percentage)', function () {
      const error = refusal({ ...OXIDATION, value: '95' });
      expect([error.code, error.hint]).to.deep.equal(['NT_ERR_FACTOR_VALUE', 'Send 98 % as "0.98".']);
    });

    it('a GWP of CO2 other than 1', function () {
      expect(problem({ ...GWP, gas: 'CO2', value: '1.5' })).to.deep.equal(['NT_ERR_FACTOR_VALUE', 'value']);
    });

    it('a GWP without a gas', function () {
      expect(problem({ ...GWP, gas: null })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'gas']);
    });

    it('a gas on a factor other than a GWP', function () {
      expect(problem({ ...OXIDATION, gas: 'CO2' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'gas']);
    });

    it('an unknown grid variant', function () {
      expect(problem({ ...GRID, subject: 'location' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'subject']);
    });

    it('an unknown GWP report', function () {
      expect(problem({ ...GWP, subject: 'AR7' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'subject']);
    });

    it('an unknown fuel class for CH4', function () {
      const input = { ...OXIDATION, category: 'fuel_ch4', subject: 'biomass', value: '30', unit: 'kgCH4/TJ' };
      expect(problem(input)).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'subject']);
    });

    it('a fuel name that is not snake_case', function () {
      expect(problem({ ...OXIDATION, subject: 'Anthracite' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'subject']);
    });

    it('a region on a fuel factor', function () {
      expect(problem({ ...OXIDATION, region: 'Shanxi' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'region']);
    });

    it('a year on a fuel factor', function () {
      expect(problem({ ...OXIDATION, year: 2024 })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'year']);
    });

    it('a year that is not a whole year in range', function () {
      expect([2024.5, 1899, 2101].map((year) => problem({ ...GRID, year }))).to.deep.equal([
        ['NT_ERR_FACTOR_FIELD', 'year'],
        ['NT_ERR_FACTOR_FIELD', 'year'],
        ['NT_ERR_FACTOR_FIELD', 'year'],
      ]);
    });

    it('an unknown quality', function () {
      expect(problem({ ...GRID, quality: 'estimated' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'quality']);
    });

    it('a missing source', function () {
      expect(problem({ ...GRID, source: ' ' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'source']);
    });

    it('a series with control characters', function () {
      expect(problem({ ...GRID, series: 'MEE\u0000' })).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'series']);
    });

    it('something that is not an object', function () {
      expect(problem(null)).to.deep.equal(['NT_ERR_FACTOR_FIELD', 'factor']);
    });
  });
});

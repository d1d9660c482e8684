import { expect } from 'chai';
import { createFactorLookup, type FactorLookup, type FactorValue } from '../../../services/factors/factorLookup';
import { createFactorSet, DEFAULT_FACTOR_SET_ID } from '../../../services/factors/factorSets';
import { freezeFactorSet } from '../../../services/factors/freezeFactorSet';
import { fuelClassOf } from '../../../services/factors/fuelClass';
import { resolveFactorSet } from '../../../services/factors/resolveFactorSet';
import { formatUnits } from '../../../services/lib/decimal';
import { NengtanError } from '../../../services/lib/errors';
import { createOrganisation } from '../../../services/registry/organisations';
import { createTestDb, type TestDb } from '../../helpers/testDb';

function refusal(fn: () => unknown): NengtanError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NengtanError) return error;
    throw error;
  }
  throw new Error('expected a NengtanError');
}

/** The exact decimal with its scale, as a string: never through a float. */
const exact = (v: FactorValue) => formatUnits(v.value.units, v.value.scale);

describe('createFactorLookup', function () {
  let t: TestDb;
  let lookup: FactorLookup;
  let orgLookup: FactorLookup;
  let orgSetId: string;

  before(async function () {
    t = await createTestDb();
    const org = await createOrganisation(t.db, { name: 'Lookup Org' });
    lookup = createFactorLookup(await resolveFactorSet(t.db, org.id, DEFAULT_FACTOR_SET_ID));
    const set = await createFactorSet(t.db, org.id, {
      name: 'plant',
      basedOn: DEFAULT_FACTOR_SET_ID,
      factors: [
        {
          category: 'fuel_carbon_content',
          subject: 'anthracite',
          value: '27.85',
          unit: 'tC/TJ',
          series: 'Plant laboratory 2024',
          source: 'Coal analysis reports 2024',
          quality: 'measured',
        },
        {
          category: 'grid_electricity',
          subject: 'supplier',
          region: 'Jiangsu',
          year: 2024,
          value: '0.4210',
          unit: 'tCO2/MWh',
          series: 'Supplier disclosure',
          source: 'Supplier 2024 fuel mix disclosure',
          quality: 'supplier',
        },
      ],
    });
    orgSetId = set.id;
    await freezeFactorSet(t.db, org.id, set.id);
    orgLookup = createFactorLookup(await resolveFactorSet(t.db, org.id, set.id));
  });

  after(async function () {
    await t.drop();
  });

  it('carries the set id and content hash it was built from', function () {
    expect([lookup.factorSetId, lookup.contentHash]).to.deep.equal([
      DEFAULT_FACTOR_SET_ID,
      '0x5e0a3771ca6a2b338e4e68af89602765533d6f15ee2fc19874a5edf4649eff1b',
    ]);
  });

  describe('gridElectricity', function () {
    it('returns the factor of the exact year with its citation', function () {
      const f = lookup.gridElectricity('average', 'national', 2022);
      expect(f).to.deep.include({
        valueText: '0.5366',
        unit: 'tCO2/MWh',
        factorId: '00000000-0000-4000-8001-000000000007',
        series: 'MEE/NBS statistical',
        source: 'MEE/NBS 电力二氧化碳排放因子',
        notice: 'MEE/NBS 2024 No.33',
        year: 2022,
        region: 'national',
        quality: 'published',
        fallbackFromYear: null,
        fallbackFromRegion: null,
      });
    });

    it('returns the value as an exact decimal', function () {
      expect(lookup.gridElectricity('fossil', 'national', 2021).value).to.deep.equal({ units: 8426n, scale: 4 });
    });

    it('keeps trailing zeros of the published value', function () {
      expect(exact(lookup.gridElectricity('average', 'East', 2023))).to.equal('0.5500');
    });

    it('returns each statistical variant of a year', function () {
      expect(
        (['average', 'residual', 'fossil'] as const).map((v) => exact(lookup.gridElectricity(v, 'national', 2023))),
      ).to.deep.equal(['0.5306', '0.6096', '0.8273']);
    });

    it('returns a provincial factor', function () {
      expect(exact(lookup.gridElectricity('average', 'Guangdong', 2022))).to.equal('0.4403');
    });

    it('falls back to the latest earlier year and says so', function () {
      const f = lookup.gridElectricity('residual', 'national', 2025);
      expect([f.year, exact(f), f.fallbackFromYear]).to.deep.equal([2023, '0.6096', 2025]);
    });

    it('falls back within the compliance series over a gap of years', function () {
      const f = lookup.gridElectricity('compliance', 'national', 2020);
      expect([f.year, exact(f), f.fallbackFromYear]).to.deep.equal([2015, '0.6101', 2020]);
    });

    it('never falls back to an undated factor', function () {
      expect(lookup.gridElectricity('compliance', 'national', 2023).year).to.equal(2022);
    });

    it('returns the undated factor when asked for year null', function () {
      const f = lookup.gridElectricity('compliance', 'national', null);
      expect([exact(f), f.quality, f.year]).to.deep.equal(['0.5810', 'check', null]);
    });

    it('falls back to an earlier year of the region before anything national', function () {
      const f = lookup.gridElectricity('average', 'Guangdong', 2024, { allowNationalFallback: true });
      expect([f.region, f.year, exact(f), f.fallbackFromRegion]).to.deep.equal(['Guangdong', 2023, '0.4419', null]);
    });

    it('refuses a region without a factor', function () {
      const error = refusal(() => lookup.gridElectricity('average', 'Hunan', 2023));
      expect([error.code, error.message]).to.deep.equal([
        'NT_ERR_FACTOR_MISSING',
        'Factor set nengtan-default v1 has no grid_electricity average factor for Hunan for 2023 or an earlier year',
      ]);
    });

    it('suggests the national fallback in the hint', function () {
      expect(refusal(() => lookup.gridElectricity('average', 'Hunan', 2023)).hint).to.match(/national/);
    });

    it('uses the national factor for a region without one when allowed, and says so', function () {
      const f = lookup.gridElectricity('average', 'Hunan', 2023, { allowNationalFallback: true });
      expect([f.region, exact(f), f.fallbackFromRegion, f.fallbackFromYear]).to.deep.equal([
        'national',
        '0.5306',
        'Hunan',
        null,
      ]);
    });

    it('refuses a year before the series begins', function () {
      expect(refusal(() => lookup.gridElectricity('fossil', 'national', 2020)).code).to.equal('NT_ERR_FACTOR_MISSING');
    });

    it('refuses a year before the region and the nation have one, even with the fallback', function () {
      const error = refusal(() =>
        lookup.gridElectricity('average', 'Guangdong', 2020, { allowNationalFallback: true }),
      );
      expect(error.details).to.deep.equal({
        factorSetId: DEFAULT_FACTOR_SET_ID,
        category: 'grid_electricity',
        subject: 'average',
        region: 'Guangdong',
        year: 2020,
      });
    });

    it("returns an organisation's supplier rate", function () {
      const f = orgLookup.gridElectricity('supplier', 'Jiangsu', 2024);
      expect([exact(f), f.quality, f.factorSetId]).to.deep.equal(['0.4210', 'supplier', orgSetId]);
    });

    it('finds no supplier rate in the public set', function () {
      expect(refusal(() => lookup.gridElectricity('supplier', 'Jiangsu', 2024)).code).to.equal('NT_ERR_FACTOR_MISSING');
    });
  });

  describe('purchasedHeat', function () {
    it('returns the default', function () {
      const f = lookup.purchasedHeat();
      expect([exact(f), f.unit]).to.deep.equal(['0.11', 'tCO2/GJ']);
    });
  });

  describe('fuelDefaults', function () {
    it('returns NCV, carbon content and oxidation of the Chinese guideline', function () {
      const d = lookup.fuelDefaults('bituminous_coal');
      expect([d.ncv, d.carbonContent, d.oxidation].map((f) => `${exact(f)} ${f.unit}`)).to.deep.equal([
        '19.570 GJ/t',
        '26.1 tC/TJ',
        '0.93 fraction',
      ]);
    });

    it('gives gases their NCV per 10^4 Nm3', function () {
      const d = lookup.fuelDefaults('natural_gas');
      expect([exact(d.ncv), d.ncv.unit, exact(d.oxidation)]).to.deep.equal(['389.31', 'GJ/10^4 Nm3', '0.99']);
    });

    it('cites the guideline', function () {
      expect(lookup.fuelDefaults('diesel').ncv.series).to.equal('GB/T 32151 annex');
    });

    it("returns an organisation's measured value over the default", function () {
      const d = orgLookup.fuelDefaults('anthracite');
      expect([exact(d.carbonContent), d.carbonContent.quality, exact(d.ncv)]).to.deep.equal([
        '27.85',
        'measured',
        '26.7',
      ]);
    });

    it('refuses a fuel without guideline defaults, naming the missing factor', function () {
      const error = refusal(() => lookup.fuelDefaults('lignite'));
      expect([error.code, error.message]).to.deep.equal([
        'NT_ERR_FACTOR_MISSING',
        'Factor set nengtan-default v1 has no fuel_ncv lignite factor',
      ]);
    });
  });

  describe('fuelIpcc', function () {
    it('returns NCV, carbon content and CO2 factor of IPCC 2006', function () {
      const d = lookup.fuelIpcc('blast_furnace_gas');
      expect([d.ncv, d.carbonContent, d.co2].map((f) => `${exact(f)} ${f.unit}`)).to.deep.equal([
        '2.47 TJ/Gg',
        '70.8 kgC/GJ',
        '260000 kgCO2/TJ',
      ]);
    });

    it('keeps the published scale', function () {
      expect(exact(lookup.fuelIpcc('natural_gas').ncv)).to.equal('48.0');
    });

    it('refuses a fuel IPCC lists no default for here', function () {
      expect(refusal(() => lookup.fuelIpcc('raw_coal')).code).to.equal('NT_ERR_FACTOR_MISSING');
    });
  });

  describe('fuelCh4 and fuelN2o', function () {
    it('return the coal class factors', function () {
      expect([exact(lookup.fuelCh4('coal')), exact(lookup.fuelN2o('coal'))]).to.deep.equal(['10', '1.5']);
    });

    it('return the class of a fuel by fuelClassOf', function () {
      const cls = fuelClassOf('diesel');
      expect(cls && [exact(lookup.fuelCh4(cls)), exact(lookup.fuelN2o(cls))]).to.deep.equal(['3', '0.6']);
    });

    it('mark the gas N2O factor as to be checked', function () {
      const f = lookup.fuelN2o('gas');
      expect([exact(f), f.unit, f.quality]).to.deep.equal(['0.1', 'kgN2O/TJ', 'check']);
    });
  });

  describe('gwp', function () {
    it('returns AR5', function () {
      expect(['CO2', 'CH4', 'N2O'].map((g) => exact(lookup.gwp('AR5', g)))).to.deep.equal(['1', '28', '265']);
    });

    it('returns AR4', function () {
      expect(['CO2', 'CH4', 'N2O'].map((g) => exact(lookup.gwp('AR4', g)))).to.deep.equal(['1', '25', '298']);
    });

    it('returns AR6', function () {
      expect(['CO2', 'CH4', 'N2O'].map((g) => exact(lookup.gwp('AR6', g)))).to.deep.equal(['1', '27.9', '273']);
    });

    it('returns fossil methane of AR6', function () {
      expect(exact(lookup.gwp('AR6-fossil', 'CH4'))).to.equal('29.8');
    });

    it('takes the AR6 value for the other gases of AR6-fossil, citing the AR6 row', function () {
      const f = lookup.gwp('AR6-fossil', 'N2O');
      expect([exact(f), f.subject]).to.deep.equal(['273', 'AR6']);
    });

    it('refuses a gas the set has no GWP for', function () {
      expect(refusal(() => lookup.gwp('AR5', 'SF6')).message).to.equal(
        'Factor set nengtan-default v1 has no gwp AR5 (SF6) factor',
      );
    });
  });

  describe('standardCoal', function () {
    it('returns electricity at the equivalent value', function () {
      const f = lookup.standardCoal('electricity');
      expect([exact(f), f.unit, f.note]).to.deep.equal(['0.1229', 'kgce/kWh', 'equivalent value']);
    });

    it('returns natural gas from gas and oil fields', function () {
      expect(
        [lookup.standardCoal('natural_gas'), lookup.standardCoal('natural_gas_oil_field')].map(
          (f) => `${exact(f)} ${f.unit}`,
        ),
      ).to.deep.equal(['1.2143 kgce/m3', '1.3300 kgce/m3']);
    });

    it('returns heat per MJ', function () {
      expect(exact(lookup.standardCoal('heat'))).to.equal('0.03412');
    });

    it('marks coke as to be checked', function () {
      expect(lookup.standardCoal('coke').quality).to.equal('check');
    });

    it('refuses a carrier without a coefficient', function () {
      expect(refusal(() => lookup.standardCoal('steam')).code).to.equal('NT_ERR_FACTOR_MISSING');
    });
  });
});

describe('fuelClassOf', function () {
  it('classes coals and coke as coal', function () {
    expect(
      ['raw_coal', 'anthracite', 'bituminous_coal', 'sub_bituminous', 'lignite', 'coke'].map(fuelClassOf),
    ).to.deep.equal(['coal', 'coal', 'coal', 'coal', 'coal', 'coal']);
  });

  it('classes petroleum products as oil', function () {
    expect(['crude_oil', 'fuel_oil', 'gasoline', 'diesel', 'lpg'].map(fuelClassOf)).to.deep.equal([
      'oil',
      'oil',
      'oil',
      'oil',
      'oil',
    ]);
  });

  it('classes gaseous fuels as gas', function () {
    expect(['natural_gas', 'coke_oven_gas', 'blast_furnace_gas'].map(fuelClassOf)).to.deep.equal(['gas', 'gas', 'gas']);
  });

  it('classes nothing else', function () {
    expect(['electricity', 'heat', 'toString', '__proto__'].map(fuelClassOf)).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { pgErrorCode } from '../../../services/db/db';
import { expectedUnits } from '../../../services/factors/factorCategories';
import { factorSetContentHash } from '../../../services/factors/factorSetContentHash';
import { DEFAULT_FACTOR_SET_ID, getFactorSet, listFactorSets } from '../../../services/factors/factorSets';
import { listFactors } from '../../../services/factors/factors';
import { resolveFactorSet } from '../../../services/factors/resolveFactorSet';
import type { Factor, FactorSet } from '../../../services/factors/types';
import { validateFactorInput } from '../../../services/factors/validateFactorInput';
import { canonicalJson } from '../../../services/lib/canonicalJson';
import { createOrganisation } from '../../../services/registry/organisations';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** The content hash of nengtan-default v1. A change here means every inventory pinned to it no longer verifies. */
const DEFAULT_CONTENT_HASH = '0x5e0a3771ca6a2b338e4e68af89602765533d6f15ee2fc19874a5edf4649eff1b';

/** One expected factor: category, subject, gas, region, year, value, unit, series, notice, quality. */
type Expected = [string, string, string | null, string, number | null, string, string, string, string | null, string];

// Written from the domain reference (DOMAIN.md §1–§3), independently of the migration.
const MEE = 'MEE compliance';
const STAT = 'MEE/NBS statistical';
const N12 = 'MEE/NBS 2024 No.12';
const N33 = 'MEE/NBS 2024 No.33';
const N47 = 'MEE/NBS 2025 No.47';
const grid = (
  subject: string,
  region: string,
  year: number | null,
  value: string,
  series: string,
  notice: string | null,
  quality = 'published',
): Expected => ['grid_electricity', subject, null, region, year, value, 'tCO2/MWh', series, notice, quality];
const national = (
  category: string,
  subject: string,
  value: string,
  unit: string,
  series: string,
  quality = 'published',
  gas: string | null = null,
): Expected => [category, subject, gas, 'national', null, value, unit, series, null, quality];

const GRID: Expected[] = [
  grid('compliance', 'national', 2015, '0.6101', MEE, null),
  grid('compliance', 'national', null, '0.5810', MEE, null, 'check'),
  grid('compliance', 'national', 2022, '0.5703', MEE, null),
  grid('average', 'national', 2021, '0.5568', STAT, N12),
  grid('residual', 'national', 2021, '0.5942', STAT, N12),
  grid('fossil', 'national', 2021, '0.8426', STAT, N12),
  grid('average', 'national', 2022, '0.5366', STAT, N33),
  grid('residual', 'national', 2022, '0.5856', STAT, N33),
  grid('fossil', 'national', 2022, '0.8325', STAT, N33),
  grid('average', 'national', 2023, '0.5306', STAT, N47),
  grid('residual', 'national', 2023, '0.6096', STAT, N47),
  grid('fossil', 'national', 2023, '0.8273', STAT, N47),
  ...(
    [
      ['North', '0.6776'],
      ['Northeast', '0.5564'],
      ['East', '0.5617'],
      ['Central', '0.5395'],
      ['Northwest', '0.5857'],
      ['South', '0.3869'],
      ['Southwest', '0.2268'],
      ['Hebei', '0.7252'],
      ['Shanxi', '0.7096'],
      ['Guangdong', '0.4403'],
      ['Yunnan', '0.1073'],
      ['Sichuan', '0.1404'],
    ] as const
  ).map(([region, value]) => grid('average', region, 2022, value, STAT, N33)),
  ...(
    [
      ['North', '0.6361'],
      ['East', '0.5500'],
      ['South', '0.4042'],
      ['Guangdong', '0.4419'],
      ['Beijing', '0.5554'],
      ['Shanghai', '0.5737'],
      ['Zhejiang', '0.4974'],
      ['Jiangsu', '0.5827'],
    ] as const
  ).map(([region, value]) => grid('average', region, 2023, value, STAT, N47)),
];

const HEAT: Expected[] = [national('purchased_heat', 'default', '0.11', 'tCO2/GJ', 'China guideline default')];

// IPCC 2006: NCV TJ/Gg | carbon kgC/GJ | CO2 kg/TJ.
const IPCC_FUELS: [string, string, string, string][] = [
  ['natural_gas', '48.0', '15.3', '56100'],
  ['anthracite', '26.7', '26.8', '98300'],
  ['bituminous_coal', '25.8', '25.8', '94600'],
  ['sub_bituminous', '18.9', '26.2', '96100'],
  ['lignite', '11.9', '27.6', '101000'],
  ['coke', '28.2', '29.2', '107000'],
  ['diesel', '43.0', '20.2', '74100'],
  ['gasoline', '44.3', '18.9', '69300'],
  ['fuel_oil', '40.4', '21.1', '77400'],
  ['lpg', '47.3', '17.2', '63100'],
  ['coke_oven_gas', '38.7', '12.1', '44400'],
  ['blast_furnace_gas', '2.47', '70.8', '260000'],
];
const IPCC: Expected[] = IPCC_FUELS.flatMap(([fuel, ncv, carbon, co2]) => [
  national('fuel_ncv_ipcc', fuel, ncv, 'TJ/Gg', 'IPCC 2006'),
  national('fuel_carbon_ipcc', fuel, carbon, 'kgC/GJ', 'IPCC 2006'),
  national('fuel_co2_ipcc', fuel, co2, 'kgCO2/TJ', 'IPCC 2006'),
]);

const NON_CO2: Expected[] = [
  national('fuel_ch4', 'coal', '10', 'kgCH4/TJ', 'IPCC 2006'),
  national('fuel_n2o', 'coal', '1.5', 'kgN2O/TJ', 'IPCC 2006'),
  national('fuel_ch4', 'oil', '3', 'kgCH4/TJ', 'IPCC 2006'),
  national('fuel_n2o', 'oil', '0.6', 'kgN2O/TJ', 'IPCC 2006'),
  national('fuel_ch4', 'gas', '1', 'kgCH4/TJ', 'IPCC 2006'),
  national('fuel_n2o', 'gas', '0.1', 'kgN2O/TJ', 'IPCC 2006', 'check'),
];

const gwp = (report: string, gas: string, value: string): Expected =>
  national('gwp', report, value, 'kgCO2e/kg', `IPCC ${report.slice(0, 3)}`, 'published', gas);
const GWP: Expected[] = [
  gwp('AR4', 'CO2', '1'),
  gwp('AR4', 'CH4', '25'),
  gwp('AR4', 'N2O', '298'),
  gwp('AR5', 'CO2', '1'),
  gwp('AR5', 'CH4', '28'),
  gwp('AR5', 'N2O', '265'),
  gwp('AR6', 'CO2', '1'),
  gwp('AR6', 'CH4', '27.9'),
  gwp('AR6', 'N2O', '273'),
  gwp('AR6-fossil', 'CH4', '29.8'),
];

// GB/T 32151 annex: NCV | carbon content tC/TJ | oxidation (as a fraction).
const GUIDELINE_FUELS: [string, string, string, string, string][] = [
  ['anthracite', '26.7', 'GJ/t', '27.4', '0.94'],
  ['bituminous_coal', '19.570', 'GJ/t', '26.1', '0.93'],
  ['coke', '28.435', 'GJ/t', '29.5', '0.93'],
  ['crude_oil', '41.816', 'GJ/t', '20.1', '0.98'],
  ['fuel_oil', '41.816', 'GJ/t', '21.1', '0.98'],
  ['gasoline', '43.070', 'GJ/t', '18.9', '0.98'],
  ['diesel', '42.652', 'GJ/t', '20.2', '0.98'],
  ['lpg', '50.179', 'GJ/t', '17.2', '0.98'],
  ['natural_gas', '389.31', 'GJ/10^4 Nm3', '15.3', '0.99'],
  ['coke_oven_gas', '179.81', 'GJ/10^4 Nm3', '13.58', '0.99'],
];
const GUIDELINE: Expected[] = GUIDELINE_FUELS.flatMap(([fuel, ncv, ncvUnit, carbon, oxidation]) => [
  national('fuel_ncv', fuel, ncv, ncvUnit, 'GB/T 32151 annex'),
  national('fuel_carbon_content', fuel, carbon, 'tC/TJ', 'GB/T 32151 annex'),
  national('fuel_oxidation', fuel, oxidation, 'fraction', 'GB/T 32151 annex'),
]);

const sc = (carrier: string, value: string, unit: string, quality = 'published'): Expected =>
  national('standard_coal', carrier, value, unit, 'GB/T 2589-2020', quality);
const STANDARD_COAL: Expected[] = [
  sc('electricity', '0.1229', 'kgce/kWh'),
  sc('raw_coal', '0.7143', 'kgce/kg'),
  sc('crude_oil', '1.4286', 'kgce/kg'),
  sc('fuel_oil', '1.4286', 'kgce/kg'),
  sc('gasoline', '1.4714', 'kgce/kg'),
  sc('diesel', '1.4571', 'kgce/kg'),
  sc('lpg', '1.7143', 'kgce/kg'),
  sc('natural_gas', '1.2143', 'kgce/m3'),
  sc('natural_gas_oil_field', '1.3300', 'kgce/m3'),
  sc('heat', '0.03412', 'kgce/MJ'),
  sc('coke', '0.9714', 'kgce/kg', 'check'),
];

const EXPECTED: Expected[] = [...GRID, ...HEAT, ...IPCC, ...NON_CO2, ...GWP, ...GUIDELINE, ...STANDARD_COAL];

const project = (f: Factor): Expected => [
  f.category,
  f.subject,
  f.gas,
  f.region,
  f.year,
  f.value,
  f.unit,
  f.series,
  f.notice,
  f.quality,
];
const byKey = (a: Expected, b: Expected) => JSON.stringify(a.slice(0, 5)).localeCompare(JSON.stringify(b.slice(0, 5)));

describe('the public default factor set (migration 0002)', function () {
  let t: TestDb;
  let orgId: string;
  let set: FactorSet;
  let factors: Factor[];

  before(async function () {
    t = await createTestDb();
    orgId = (await createOrganisation(t.db, { name: 'Any organisation' })).id;
    set = (await getFactorSet(t.db, orgId, DEFAULT_FACTOR_SET_ID)) as FactorSet;
    factors = (await listFactors(t.db, orgId, DEFAULT_FACTOR_SET_ID)) as Factor[];
  });

  after(async function () {
    await t.drop();
  });

  describe('the set', function () {
    it('is public, named nengtan-default, version 1, with a stable id', function () {
      expect(set).to.deep.include({ id: DEFAULT_FACTOR_SET_ID, orgId: null, name: 'nengtan-default', version: 1 });
    });

    it('is based on nothing', function () {
      expect(set.basedOn).to.equal(null);
    });

    it('is frozen', function () {
      expect(set.frozenAt).to.be.instanceOf(Date);
    });

    it('records its pinned content hash', function () {
      expect(set.contentHash).to.equal(DEFAULT_CONTENT_HASH);
    });

    it('is listed for every organisation', async function () {
      const other = await createOrganisation(t.db, { name: 'Another organisation' });
      const ids = (await listFactorSets(t.db, other.id)).map((s) => s.id);
      expect(ids).to.include(DEFAULT_FACTOR_SET_ID);
    });
  });

  describe('its factors', function () {
    it('are exactly the DOMAIN.md §1–§3 values, with units, series, notices and quality', function () {
      expect(factors.map(project).sort(byKey)).to.deep.equal([...EXPECTED].sort(byKey));
    });

    it('number 126', function () {
      expect(factors).to.have.length(126);
    });

    it('count per category as expected', function () {
      const counts: Record<string, number> = {};
      for (const f of factors) counts[f.category] = (counts[f.category] ?? 0) + 1;
      expect(counts).to.deep.equal({
        grid_electricity: 32,
        purchased_heat: 1,
        fuel_ncv_ipcc: 12,
        fuel_carbon_ipcc: 12,
        fuel_co2_ipcc: 12,
        fuel_ch4: 3,
        fuel_n2o: 3,
        gwp: 10,
        fuel_ncv: 10,
        fuel_carbon_content: 10,
        fuel_oxidation: 10,
        standard_coal: 11,
      });
    });

    it('keep the published scale of every value', function () {
      const values = (category: string, subject: string) =>
        factors.filter((f) => f.category === category && f.subject === subject).map((f) => f.value);
      expect([
        values('fuel_ncv', 'bituminous_coal'),
        values('fuel_ncv', 'gasoline'),
        values('fuel_ncv_ipcc', 'natural_gas'),
        values('standard_coal', 'natural_gas_oil_field'),
      ]).to.deep.equal([['19.570'], ['43.070'], ['48.0'], ['1.3300']]);
    });

    it('each name its source document', function () {
      const sources = new Set(factors.map((f) => `${f.series} | ${f.source}`));
      expect([...sources].sort()).to.deep.equal([
        'China guideline default | Chinese GHG accounting guidelines, purchased heat default',
        'GB/T 2589-2020 | GB/T 2589-2020 General principles for calculation of the comprehensive energy consumption',
        'GB/T 32151 annex | GB/T 32151 series (requirements of GHG emission accounting and reporting), annex defaults',
        'IPCC 2006 | 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol.2 Energy, Ch.1',
        'IPCC 2006 | 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol.2 Energy, ' +
          'stationary combustion (manufacturing industries)',
        'IPCC AR4 | IPCC Fourth Assessment Report (AR4), GWP-100',
        'IPCC AR5 | IPCC Fifth Assessment Report (AR5), GWP-100',
        'IPCC AR6 | IPCC Sixth Assessment Report (AR6), GWP-100',
        'MEE compliance | MEE 2022 notice',
        'MEE compliance | MEE notice on 2023–2025 power-sector GHG reporting, Feb 2023',
        'MEE compliance | MEE supplementary data tables, Jan 2019',
        'MEE/NBS statistical | MEE/NBS 电力二氧化碳排放因子',
      ]);
    });

    it('attribute the compliance values to their documents', function () {
      const compliance = factors
        .filter((f) => f.subject === 'compliance')
        .map((f) => `${f.year} ${f.value} ${f.source}`)
        .sort();
      expect(compliance).to.deep.equal([
        '2015 0.6101 MEE supplementary data tables, Jan 2019',
        '2022 0.5703 MEE notice on 2023–2025 power-sector GHG reporting, Feb 2023',
        'null 0.5810 MEE 2022 notice',
      ]);
    });

    it('have fixed ids', function () {
      const ids = factors.map((f) => f.id).sort();
      const expected = Array.from(
        { length: 126 },
        (_, i) => `00000000-0000-4000-8001-${String(i + 1).padStart(12, '0')}`,
      );
      expect(ids).to.deep.equal(expected);
    });

    it('each have the unit its category and subject require', function () {
      const wrong = factors.filter((f) => !expectedUnits(f.category, f.subject).includes(f.unit));
      expect(wrong.map(project)).to.deep.equal([]);
    });

    it('each pass the validation an organisation factor passes', function () {
      for (const [index, f] of factors.entries()) {
        expect(validateFactorInput({ ...f }, index)).to.deep.include({ value: f.value, unit: f.unit });
      }
    });
  });

  describe('its content hash', function () {
    it('recomputes identically from the stored factors', function () {
      expect(factorSetContentHash(factors)).to.equal(set.contentHash);
    });

    it('is the sha256 of the RFC 8785 listing, sorted by key, without row ids', function () {
      const listing = [...factors]
        .sort((a, b) => {
          const ka = [a.category, a.subject, a.gas ?? '', a.region];
          const kb = [b.category, b.subject, b.gas ?? '', b.region];
          for (let i = 0; i < 4; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
          return (a.year ?? 0) - (b.year ?? 0);
        })
        .map(({ id: _id, factorSetId: _set, ...content }) => content);
      const hash = '0x' + createHash('sha256').update(canonicalJson(listing), 'utf8').digest('hex');
      expect(hash).to.equal(DEFAULT_CONTENT_HASH);
    });

    it('is what resolving the set returns', async function () {
      const resolved = await resolveFactorSet(t.db, orgId, DEFAULT_FACTOR_SET_ID);
      expect(resolved.contentHash).to.equal(DEFAULT_CONTENT_HASH);
    });
  });

  describe('when a client changes it directly in the database', function () {
    const refusedBy = async (sql: string): Promise<string | undefined> => {
      try {
        await t.db.query(sql);
      } catch (error) {
        return pgErrorCode(error);
      }
      return 'accepted';
    };

    it('refuses to update a factor', async function () {
      expect(
        await refusedBy(`update emission_factors set value = 0.5 where id = '00000000-0000-4000-8001-000000000001'`),
      ).to.equal('55000');
    });

    it('refuses to delete a factor', async function () {
      expect(
        await refusedBy(`delete from emission_factors where id = '00000000-0000-4000-8001-000000000001'`),
      ).to.equal('55000');
    });

    it('refuses to add a factor', async function () {
      expect(
        await refusedBy(
          `insert into emission_factors (id, factor_set_id, category, subject, value, unit, series, source)
           values (gen_random_uuid(), '${DEFAULT_FACTOR_SET_ID}', 'purchased_heat', 'steam', 0.1, 'tCO2/GJ', 'x', 'y')`,
        ),
      ).to.equal('55000');
    });

    it('refuses to update the set', async function () {
      expect(
        await refusedBy(`update factor_sets set description = 'changed' where id = '${DEFAULT_FACTOR_SET_ID}'`),
      ).to.equal('55000');
    });

    it('refuses to delete the set', async function () {
      expect(await refusedBy(`delete from factor_sets where id = '${DEFAULT_FACTOR_SET_ID}'`)).to.equal('55000');
    });

    it('leaves the content hash as it was', async function () {
      const resolved = await resolveFactorSet(t.db, orgId, DEFAULT_FACTOR_SET_ID);
      expect(resolved.contentHash).to.equal(DEFAULT_CONTENT_HASH);
    });
  });
});

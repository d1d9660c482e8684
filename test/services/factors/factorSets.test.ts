import { expect } from 'chai';
import { pgErrorCode } from '../../../services/db/db';
import {
  createFactorSet,
  DEFAULT_FACTOR_SET_ID,
  getFactorSet,
  listFactorSets,
} from '../../../services/factors/factorSets';
import { addFactors, listFactors, removeFactor } from '../../../services/factors/factors';
import { freezeFactorSet } from '../../../services/factors/freezeFactorSet';
import { resolveFactorSet } from '../../../services/factors/resolveFactorSet';
import type { FactorInput, FactorSet } from '../../../services/factors/types';
import { NengtanError } from '../../../services/lib/errors';
import { createOrganisation } from '../../../services/registry/organisations';
import { createTestDb, type TestDb } from '../../helpers/testDb';

const DEFAULT_CONTENT_HASH = '0x5e0a3771ca6a2b338e4e68af89602765533d6f15ee2fc19874a5edf4649eff1b';
const NOWHERE = '00000000-0000-4000-8000-0000000000ff';

async function refusal(promise: Promise<unknown>): Promise<NengtanError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NengtanError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** A measured carbon content (overrides the guideline default) and a supplier rate (a key the base lacks). */
const MEASURED_CARBON: FactorInput = {
  category: 'fuel_carbon_content',
  subject: 'anthracite',
  value: '27.85',
  unit: 'tC/TJ',
  series: 'Plant laboratory 2024',
  source: 'Coal analysis reports, Jan–Dec 2024 (GB/T 476)',
  quality: 'measured',
};
const SUPPLIER_RATE: FactorInput = {
  category: 'grid_electricity',
  subject: 'supplier',
  region: 'Jiangsu',
  year: 2024,
  value: '0.4210',
  unit: 'tCO2/MWh',
  series: 'Supplier disclosure',
  source: 'Jiangsu Power Sales Co. 2024 fuel mix disclosure',
  quality: 'supplier',
};

describe('organisation factor sets', function () {
  let t: TestDb;
  let orgA: string;
  let orgB: string;

  before(async function () {
    t = await createTestDb();
    orgA = (await createOrganisation(t.db, { name: 'Org A' })).id;
    orgB = (await createOrganisation(t.db, { name: 'Org B' })).id;
  });

  after(async function () {
    await t.drop();
  });

  const own = (orgId: string, name: string, factors: FactorInput[] = [MEASURED_CARBON, SUPPLIER_RATE]) =>
    createFactorSet(t.db, orgId, { name, basedOn: DEFAULT_FACTOR_SET_ID, description: 'Plant 1', factors });

  describe('createFactorSet', function () {
    let set: FactorSet;

    before(async function () {
      set = await own(orgA, 'plant-2024');
    });

    it('creates an open set of the organisation on its base', function () {
      expect(set).to.deep.include({
        orgId: orgA,
        name: 'plant-2024',
        version: 1,
        basedOn: DEFAULT_FACTOR_SET_ID,
        description: 'Plant 1',
        contentHash: null,
        frozenAt: null,
      });
    });

    it('stores exactly the own factors', async function () {
      const factors = await listFactors(t.db, orgA, set.id, { ownOnly: true });
      expect(factors?.map((f) => [f.category, f.subject, f.region, f.year, f.value, f.quality])).to.deep.equal([
        ['fuel_carbon_content', 'anthracite', 'national', null, '27.85', 'measured'],
        ['grid_electricity', 'supplier', 'Jiangsu', 2024, '0.4210', 'supplier'],
      ]);
    });

    it('numbers the next set of the same name as version 2', async function () {
      const next = await own(orgA, 'plant-2024', []);
      expect(next.version).to.equal(2);
    });

    it('numbers versions per organisation', async function () {
      const other = await own(orgB, 'plant-2024', []);
      expect(other.version).to.equal(1);
    });

    it('numbers concurrent creations of one name without a gap or a clash', async function () {
      const made = await Promise.all([1, 2, 3, 4].map(() => own(orgA, 'concurrent', [])));
      expect(made.map((s) => s.version).sort()).to.deep.equal([1, 2, 3, 4]);
    });

    it('may build on nothing when it brings its own factors', async function () {
      const standalone = await createFactorSet(t.db, orgA, { name: 'standalone', factors: [MEASURED_CARBON] });
      expect(standalone.basedOn).to.equal(null);
    });

    it('refuses a set with neither base nor factors', async function () {
      expect((await refusal(createFactorSet(t.db, orgA, { name: 'empty' }))).code).to.equal(
        'NT_ERR_FACTOR_SET_INVALID',
      );
    });

    it('refuses a set without a name', async function () {
      expect(
        (await refusal(createFactorSet(t.db, orgA, { name: '  ', basedOn: DEFAULT_FACTOR_SET_ID }))).code,
      ).to.equal('NT_ERR_FACTOR_SET_INVALID');
    });

    it('refuses a base that does not exist', async function () {
      expect((await refusal(createFactorSet(t.db, orgA, { name: 'x', basedOn: NOWHERE }))).code).to.equal(
        'NT_ERR_FACTOR_BASE_UNKNOWN',
      );
    });

    it('refuses a base id that is no UUID as unknown', async function () {
      expect((await refusal(createFactorSet(t.db, orgA, { name: 'x', basedOn: 'nengtan-default' }))).code).to.equal(
        'NT_ERR_FACTOR_BASE_UNKNOWN',
      );
    });

    it('refuses an open base', async function () {
      expect((await refusal(createFactorSet(t.db, orgA, { name: 'x', basedOn: set.id }))).code).to.equal(
        'NT_ERR_FACTOR_BASE_NOT_FROZEN',
      );
    });

    it('refuses the same key twice, naming the second', async function () {
      const error = await refusal(own(orgA, 'twice', [MEASURED_CARBON, { ...MEASURED_CARBON, value: '28' }]));
      expect([error.code, error.details]).to.deep.equal(['NT_ERR_FACTOR_DUPLICATE', { index: 1, field: 'factor' }]);
    });

    it('refuses a factor that fails validation, naming it', async function () {
      const error = await refusal(own(orgA, 'bad', [MEASURED_CARBON, { ...SUPPLIER_RATE, unit: 'kgCO2/kWh' }]));
      expect([error.code, error.details]).to.deep.equal(['NT_ERR_FACTOR_UNIT', { index: 1, field: 'unit' }]);
    });

    it('stores nothing of a refused set', async function () {
      await refusal(own(orgA, 'refused', [MEASURED_CARBON, { ...MEASURED_CARBON, category: 'fuel_sulphur' }]));
      const names = (await listFactorSets(t.db, orgA)).map((s) => s.name);
      expect(names).to.not.include('refused');
    });

    it('refuses to override a base factor in another unit', async function () {
      const base = await createFactorSet(t.db, orgA, {
        name: 'petcoke',
        factors: [
          {
            category: 'fuel_ncv',
            subject: 'petroleum_coke',
            value: '31.0',
            unit: 'GJ/t',
            series: 'Lab',
            source: 'Lab',
          },
        ],
      });
      await freezeFactorSet(t.db, orgA, base.id);
      const error = await refusal(
        createFactorSet(t.db, orgA, {
          name: 'petcoke-volume',
          basedOn: base.id,
          factors: [
            {
              category: 'fuel_ncv',
              subject: 'petroleum_coke',
              value: '3',
              unit: 'GJ/10^4 Nm3',
              series: 'Lab',
              source: 'Lab',
            },
          ],
        }),
      );
      expect([error.code, error.hint]).to.deep.equal(['NT_ERR_FACTOR_UNIT', 'Send the value in GJ/t.']);
    });
  });

  describe('resolveFactorSet', function () {
    let set: FactorSet;

    before(async function () {
      set = await own(orgA, 'resolve');
    });

    it('lists the base factors and the own additions', async function () {
      const resolved = await resolveFactorSet(t.db, orgA, set.id);
      expect(resolved.factors).to.have.length(126 + 1);
    });

    it('lets an own factor replace the base factor with the same key', async function () {
      const resolved = await resolveFactorSet(t.db, orgA, set.id);
      const carbon = resolved.factors.filter((f) => f.category === 'fuel_carbon_content' && f.subject === 'anthracite');
      expect(carbon.map((f) => [f.factorSetId, f.value, f.quality])).to.deep.equal([[set.id, '27.85', 'measured']]);
    });

    it('keeps the base factors it does not replace, from the base', async function () {
      const resolved = await resolveFactorSet(t.db, orgA, set.id);
      const oxidation = resolved.factors.find((f) => f.category === 'fuel_oxidation' && f.subject === 'anthracite');
      expect([oxidation?.factorSetId, oxidation?.value]).to.deep.equal([DEFAULT_FACTOR_SET_ID, '0.94']);
    });

    it('names the chain of sets, itself first', async function () {
      const resolved = await resolveFactorSet(t.db, orgA, set.id);
      expect(resolved.chain).to.deep.equal([set.id, DEFAULT_FACTOR_SET_ID]);
    });

    it('hashes an open set without recording the hash', async function () {
      const resolved = await resolveFactorSet(t.db, orgA, set.id);
      expect([resolved.frozen, resolved.set.contentHash, /^0x[0-9a-f]{64}$/.test(resolved.contentHash)]).to.deep.equal([
        false,
        null,
        true,
      ]);
    });

    it('gives a set with no own factors the content hash of its base', async function () {
      const mirror = await own(orgA, 'mirror', []);
      expect((await resolveFactorSet(t.db, orgA, mirror.id)).contentHash).to.equal(DEFAULT_CONTENT_HASH);
    });

    it('refuses a set it cannot see', async function () {
      expect((await refusal(resolveFactorSet(t.db, orgB, set.id))).code).to.equal('NT_ERR_NOT_FOUND');
    });
  });

  describe('freezeFactorSet', function () {
    let open: FactorSet;
    let frozen: FactorSet;
    let hashBefore: string;

    before(async function () {
      open = await own(orgA, 'freeze');
      hashBefore = (await resolveFactorSet(t.db, orgA, open.id)).contentHash;
      frozen = await freezeFactorSet(t.db, orgA, open.id);
    });

    it('records the content hash of the resolved listing', function () {
      expect(frozen.contentHash).to.equal(hashBefore);
    });

    it('records when', function () {
      expect(frozen.frozenAt).to.be.instanceOf(Date);
    });

    it('resolves to the recorded hash afterwards', async function () {
      const resolved = await resolveFactorSet(t.db, orgA, open.id);
      expect([resolved.frozen, resolved.contentHash]).to.deep.equal([true, hashBefore]);
    });

    it('changes nothing when asked again', async function () {
      const again = await freezeFactorSet(t.db, orgA, open.id);
      expect([again.contentHash, again.frozenAt?.getTime()]).to.deep.equal([
        frozen.contentHash,
        frozen.frozenAt?.getTime(),
      ]);
    });

    it('differs in hash from its base when it changes a factor', function () {
      expect(frozen.contentHash).to.not.equal(DEFAULT_CONTENT_HASH);
    });

    it('refuses another organisation', async function () {
      const other = await own(orgA, 'freeze-other');
      expect((await refusal(freezeFactorSet(t.db, orgB, other.id))).code).to.equal('NT_ERR_NOT_FOUND');
    });

    it('lets a set build on the frozen set', async function () {
      const child = await createFactorSet(t.db, orgA, {
        name: 'child',
        basedOn: frozen.id,
        factors: [{ ...MEASURED_CARBON, value: '27.90' }],
      });
      const resolved = await resolveFactorSet(t.db, orgA, child.id);
      const carbon = resolved.factors.find((f) => f.category === 'fuel_carbon_content' && f.subject === 'anthracite');
      expect([resolved.chain, carbon?.value]).to.deep.equal([[child.id, frozen.id, DEFAULT_FACTOR_SET_ID], '27.90']);
    });

    describe('when frozen', function () {
      it('refuses new factors', async function () {
        const error = await refusal(addFactors(t.db, orgA, frozen.id, [{ ...MEASURED_CARBON, subject: 'coke' }]));
        expect(error.code).to.equal('NT_ERR_FACTOR_SET_FROZEN');
      });

      it('refuses to remove a factor', async function () {
        const [factor] = (await listFactors(t.db, orgA, frozen.id, { ownOnly: true })) ?? [];
        expect((await refusal(removeFactor(t.db, orgA, frozen.id, factor.id))).code).to.equal(
          'NT_ERR_FACTOR_SET_FROZEN',
        );
      });

      it('refuses changes to the public set', async function () {
        const error = await refusal(addFactors(t.db, orgA, DEFAULT_FACTOR_SET_ID, [MEASURED_CARBON]));
        expect(error.code).to.equal('NT_ERR_FACTOR_SET_FROZEN');
      });

      it('refuses a direct update in the database', async function () {
        let code: string | undefined;
        try {
          await t.db.query(`update emission_factors set value = 1 where factor_set_id = $1::uuid`, [frozen.id]);
        } catch (error) {
          code = pgErrorCode(error);
        }
        expect(code).to.equal('55000');
      });
    });
  });

  describe('addFactors and removeFactor on an open set', function () {
    let set: FactorSet;

    before(async function () {
      set = await own(orgA, 'edit', [MEASURED_CARBON]);
    });

    it('adds factors', async function () {
      const added = await addFactors(t.db, orgA, set.id, [SUPPLIER_RATE]);
      expect(added.map((f) => [f.factorSetId, f.subject, f.value])).to.deep.equal([[set.id, 'supplier', '0.4210']]);
    });

    it('refuses a key the set already has', async function () {
      const error = await refusal(addFactors(t.db, orgA, set.id, [{ ...MEASURED_CARBON, value: '28.00' }]));
      expect(error.code).to.equal('NT_ERR_FACTOR_DUPLICATE');
    });

    it('removes an own factor, so that the base factor applies again', async function () {
      const [carbon] =
        (await listFactors(t.db, orgA, set.id, { ownOnly: true, category: 'fuel_carbon_content' })) ?? [];
      await removeFactor(t.db, orgA, set.id, carbon.id);
      const after = await listFactors(t.db, orgA, set.id, { category: 'fuel_carbon_content', subject: 'anthracite' });
      expect(after?.map((f) => [f.factorSetId, f.value])).to.deep.equal([[DEFAULT_FACTOR_SET_ID, '27.4']]);
    });

    it('answers false for a factor the set does not own', async function () {
      expect(await removeFactor(t.db, orgA, set.id, '00000000-0000-4000-8001-000000000001')).to.equal(false);
    });

    it("refuses another organisation's set as not found", async function () {
      const error = await refusal(addFactors(t.db, orgB, set.id, [MEASURED_CARBON]));
      expect(error.code).to.equal('NT_ERR_NOT_FOUND');
    });
  });

  describe('isolation between organisations', function () {
    let setA: FactorSet;

    before(async function () {
      setA = await own(orgA, 'private');
      await freezeFactorSet(t.db, orgA, setA.id);
    });

    it('lists the public sets and only the own ones', async function () {
      const owners = new Set((await listFactorSets(t.db, orgB)).map((s) => s.orgId));
      expect([...owners]).to.deep.equal([null, orgB]);
    });

    it('lists the public set first', async function () {
      expect((await listFactorSets(t.db, orgA))[0].id).to.equal(DEFAULT_FACTOR_SET_ID);
    });

    it("hides another organisation's set", async function () {
      expect(await getFactorSet(t.db, orgB, setA.id)).to.equal(undefined);
    });

    it("hides another organisation's factors", async function () {
      expect(await listFactors(t.db, orgB, setA.id)).to.equal(undefined);
    });

    it("refuses another organisation's frozen set as a base", async function () {
      const error = await refusal(createFactorSet(t.db, orgB, { name: 'copy', basedOn: setA.id }));
      expect(error.code).to.equal('NT_ERR_FACTOR_BASE_UNKNOWN');
    });

    it('answers an unknown set and a foreign one alike', async function () {
      const foreign = await refusal(createFactorSet(t.db, orgB, { name: 'copy', basedOn: setA.id }));
      const unknown = await refusal(createFactorSet(t.db, orgB, { name: 'copy', basedOn: NOWHERE }));
      expect([foreign.code, foreign.hint]).to.deep.equal([unknown.code, unknown.hint]);
    });

    it('lets the owner base a set on it', async function () {
      const child = await createFactorSet(t.db, orgA, { name: 'private-child', basedOn: setA.id });
      expect(child.basedOn).to.equal(setA.id);
    });
  });

  describe('listFactors filters', function () {
    it('by category and region', async function () {
      const east = await listFactors(t.db, orgA, DEFAULT_FACTOR_SET_ID, {
        category: 'grid_electricity',
        region: 'East',
      });
      expect(east?.map((f) => [f.year, f.value])).to.deep.equal([
        [2022, '0.5617'],
        [2023, '0.5500'],
      ]);
    });

    it('by undated year', async function () {
      const undated = await listFactors(t.db, orgA, DEFAULT_FACTOR_SET_ID, {
        category: 'grid_electricity',
        year: null,
      });
      expect(undated?.map((f) => f.value)).to.deep.equal(['0.5810']);
    });

    it('by quality', async function () {
      const check = await listFactors(t.db, orgA, DEFAULT_FACTOR_SET_ID, { quality: 'check' });
      expect(check?.map((f) => `${f.category} ${f.subject}`)).to.deep.equal([
        'fuel_n2o gas',
        'grid_electricity compliance',
        'standard_coal coke',
      ]);
    });
  });
});

describe('a frozen set altered behind the service', function () {
  let t: TestDb;

  before(async function () {
    t = await createTestDb();
  });

  after(async function () {
    await t.drop();
  });

  it('is refused with NT_ERR_FACTOR_SET_INTEGRITY', async function () {
    const org = await createOrganisation(t.db, { name: 'Org' });
    await t.db.exec('alter table emission_factors disable trigger emission_factors_frozen');
    await t.db.query(`update emission_factors set value = 0.6102 where id = '00000000-0000-4000-8001-000000000001'`);
    expect((await refusal(resolveFactorSet(t.db, org.id, DEFAULT_FACTOR_SET_ID))).code).to.equal(
      'NT_ERR_FACTOR_SET_INTEGRITY',
    );
  });
});

import { expect } from 'chai';
import { factorSourceFromSet } from '../../../services/accounting/factorSourceFromSet';
import { DEFAULT_FACTOR_SET_ID, DEFAULT_FACTOR_SET_V2_ID } from '../../../services/factors/factorSets';
import { resolveFactorSet } from '../../../services/factors/resolveFactorSet';
import { createOrganisation } from '../../../services/registry/organisations';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/** Content hashes of the public default set: v1 must never change (inventories pinned to it verify), v2 is new. */
const V1_HASH = '0x5e0a3771ca6a2b338e4e68af89602765533d6f15ee2fc19874a5edf4649eff1b';
const V2_HASH = '0x2e26e10df8d33c072ed7cd3a20f869cbc4bb5cd8ecedf925934be4eca89843b6';

describe('nengtan-default v2: v1 plus the factors of non-metered sources', function () {
  let t: TestDb;
  let orgId: string;

  before(async function () {
    t = await createTestDb();
    orgId = (await createOrganisation(t.db, { name: 'Reader' })).id;
  });
  after(async function () {
    await t.drop();
  });

  it('leaves v1 and its content hash as they were', async function () {
    const v1 = await resolveFactorSet(t.db, orgId, DEFAULT_FACTOR_SET_ID);
    expect([v1.contentHash, v1.factors.length]).to.deep.equal([V1_HASH, 126]);
  });

  it('is frozen on v1 with its own hash, holding every v1 factor unchanged', async function () {
    const v1 = await resolveFactorSet(t.db, orgId, DEFAULT_FACTOR_SET_ID);
    const v2 = await resolveFactorSet(t.db, orgId, DEFAULT_FACTOR_SET_V2_ID);
    expect([v2.frozen, v2.contentHash, v2.set.basedOn, v2.set.version]).to.deep.equal([
      true,
      V2_HASH,
      DEFAULT_FACTOR_SET_ID,
      2,
    ]);
    const values = new Map(v2.factors.map((f) => [f.id, f.value]));
    expect(v1.factors.every((f) => values.get(f.id) === f.value)).to.equal(true);
    expect(v2.factors.length - v1.factors.length).to.equal(27);
  });

  it('answers the lookups of the new sources, marking values not in DOMAIN.md as to check', async function () {
    const f = await factorSourceFromSet(t.db, orgId, DEFAULT_FACTOR_SET_V2_ID);
    const text = (x: { value: { units: bigint; scale: number } }) =>
      (Number(x.value.units) / 10 ** x.value.scale).toString();
    expect(['R-134a', 'R-410A', 'R-32', 'SF6'].map((gas) => text(f.gwp('AR5', gas)))).to.deep.equal([
      '1300',
      '1923.5',
      '677',
      '23500',
    ]);
    expect(['R-134a', 'R-410A', 'R-32', 'SF6'].map((gas) => text(f.gwp('AR6', gas)))).to.deep.equal([
      '1530',
      '2255.5',
      '771',
      '25200',
    ]);
    expect([text(f.mobileCh4('diesel')), text(f.mobileN2o('gasoline')), text(f.processCo2('calcite'))]).to.deep.equal([
      '3.9',
      '3.2',
      '0.43971',
    ]);
    expect(f.processCo2('clinker')).to.include({ unit: 'tCO2/t', quality: 'check' });
    expect(f.processCo2('clinker').source).to.match(/IPCC 2006 .*not in DOMAIN\.md: check/);
    // The CH4/N2O GWPs of v1 are unchanged and still published.
    expect(f.gwp('AR5', 'CH4')).to.include({ quality: 'published' });
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { computeInventory } from '../../../services/accounting/computeInventory';
import type { ActivityDataInput } from '../../../services/accounting/inventoryTypes';
import { clinkerComposition, type ClinkerComposition } from '../../../services/accounting/processMeasurements';
import { format, parseRational } from '../../../services/accounting/rational';
import { loadKeccak } from '../../../services/lib/keccak';
import { domainFactors } from '../../helpers/domainFactors';
import { auth, createOrgViaApi, createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';

/**
 * Issue 12 §2: kiln and bypass dust with a measured calcination degree (WBCSD CSI Cement CO2 Protocol), beside the
 * GB/T 32151.8 clinker composition. Worked by hand:
 *   clinker CaO 65.4 % (1.0 % non-carbonate), MgO 4.5 % (0.5 %):
 *     EF(clinker) = 0.644 × 44/56 + 0.040 × 44/40 = 0.506 + 0.044 = 0.55 tCO2/t;
 *   x = EF / (1 + EF) = 0.55 / 1.55 = 11/31;
 *   kiln dust calcined to d = 62 %: x × d = 6.82/31 = 0.22; EF(dust) = 0.22 / (1 − 0.22) = 0.22/0.78 = 11/39 tCO2/t;
 *     390 t × 11/39 = 110 t = 110,000 kg;
 *   bypass dust 100 t with no degree stated: at the clinker factor, as the Chinese guideline counts it;
 *   clinker term (1,000 + 100) × 0.55 = 605 t = 605,000 kg; total 715,000 kg.
 * Checks of the formula: d = 100 % gives x / (1 − x) = (11/31) / (20/31) = 0.55 = EF(clinker); d = 0 gives 0.
 */
const COMPOSITION: ClinkerComposition = {
  method: 'clinker_composition',
  caoPct: '65.4',
  caoNonCarbonatePct: '1.0',
  mgoPct: '4.5',
  mgoNonCarbonatePct: '0.5',
};
const WITH_DUST: ClinkerComposition = {
  ...COMPOSITION,
  kilnDustT: '390',
  kilnDustCalcinationPct: '62',
  bypassDustT: '100',
};

const SITE = { id: 's-1', name: 'Works', gridRegion: 'East', province: 'Jiangsu' };
const PERIOD = { start: '2022-01-01', end: '2023-01-01', timeZone: 'Asia/Shanghai' };

function clinkerRecord(measured: ClinkerComposition): ActivityDataInput {
  return {
    id: 'k',
    siteId: SITE.id,
    start: PERIOD.start,
    end: PERIOD.end,
    sourceKind: 'process',
    subject: 'clinker',
    quantity: parseRational('1000'),
    unit: 't',
    calcinationFraction: null,
    activityUncertaintyPct: null,
    factorUncertaintyPct: null,
    evidence: 'kiln log',
    measured,
  };
}

function inventory(measured: ClinkerComposition) {
  return computeInventory({
    organisation: { id: 'org', name: 'Worked Example Co' },
    period: PERIOD,
    sites: [SITE],
    activity: [],
    factors: domainFactors(),
    options: { gwp: 'AR5', electricityRegion: 'grid_region' },
    claims: [],
    production: [],
    evidence: [],
    activityData: [clinkerRecord(measured)],
  }).document;
}

const kgOf = (m: ClinkerComposition) => format(clinkerComposition(parseRational('1000'), m).co2, 3);

describe('clinker dust with a measured calcination degree (hand-computed worked examples)', function () {
  before(async function () {
    await loadKeccak();
  });

  describe('the dust terms', function () {
    it('counts kiln dust calcined to 62 % at 11/39 tCO2/t and bypass dust without a degree at 0.55: 715,000 kg', function () {
      expect(kgOf(WITH_DUST)).to.equal('715000.000');
    });

    it('states each term: clinker + bypass dust 605,000 kg, kiln dust 110,000 kg', function () {
      const { terms } = clinkerComposition(parseRational('1000'), WITH_DUST);
      expect(terms.map((t) => [t.term, t.co2Kg])).to.deep.equal([
        ['raw material (carbonate decomposition)', '605000.000'],
        ['kiln dust (partly calcined, d = 62 %)', '110000.000'],
      ]);
      expect(terms[1].expression).to.include('0.282051 tCO2/t');
    });

    it('gives the clinker factor at d = 100 %: 390 × 0.55 = 214.5 t, total 605 + 214.5 = 819.5 t', function () {
      expect(kgOf({ ...WITH_DUST, kilnDustCalcinationPct: '100' })).to.equal('819500.000');
    });

    it('gives nothing for dust at d = 0 %: 605,000 kg', function () {
      expect(kgOf({ ...WITH_DUST, kilnDustCalcinationPct: '0' })).to.equal('605000.000');
    });

    it('takes a degree on the bypass dust too: 100 t × 11/39 = 28,205.128 kg beside 390 t × 11/39 = 110,000 kg', function () {
      // 1,000 × 0.55 = 550,000 kg; 100 × 11/39 t = 1,100,000/39 kg = 28,205.1282… kg; total 688,205.128 kg.
      expect(kgOf({ ...WITH_DUST, bypassDustCalcinationPct: '62' })).to.equal('688205.128');
    });

    it('refuses a degree without its dust and a degree above 100 %', function () {
      const { kilnDustT: _k, ...noDust } = WITH_DUST;
      void _k;
      expect(() => clinkerComposition(parseRational('1000'), noDust))
        .to.throw()
        .with.property('code', 'NT_ERR_ACTIVITY_DATA_INVALID');
      expect(() =>
        clinkerComposition(parseRational('1000'), { ...WITH_DUST, bypassDustCalcinationPct: '62' }),
      ).not.to.throw();
      expect(() => clinkerComposition(parseRational('1000'), { ...WITH_DUST, kilnDustCalcinationPct: '100.5' }))
        .to.throw()
        .with.property('code', 'NT_ERR_ACTIVITY_DATA_INVALID');
    });
  });

  describe('the inventory document', function () {
    it('states the partly calcined dust formula in the line and the method text, only when a degree is given', function () {
      const doc = inventory(WITH_DUST);
      expect(doc.results.scope1).to.equal('715000.000');
      expect(doc.nonMeteredSources?.[0].formula).to.match(/EF\(dust\) = x × d \/ \(1 − x × d\)/);
      expect(doc.method.process).to.match(/WBCSD CSI Cement CO2 Protocol/);
      const { kilnDustCalcinationPct: _d, ...fullyCalcined } = WITH_DUST;
      void _d;
      const plain = inventory(fullyCalcined);
      // (1,000 + 390 + 100) × 0.55 = 819.5 t: the dust counted as the Chinese guideline counts it.
      expect(plain.results.scope1).to.equal('819500.000');
      expect(plain.nonMeteredSources?.[0].formula).not.to.match(/EF\(dust\)/);
      expect(plain.method.process).not.to.match(/CSI/);
    });

    it('keeps the documents of compositions without a degree as before (formula and terms unchanged)', function () {
      const { kilnDustCalcinationPct: _d, ...fullyCalcined } = WITH_DUST;
      void _d;
      const line = inventory(fullyCalcined).nonMeteredSources?.[0];
      expect(line?.formula).to.equal(
        'E(CO2) = (Q(clinker) + Q(kiln dust) + Q(bypass dust)) × [(CaO − CaO(non-carbonate)) × 44/56 + (MgO − MgO(non-carbonate)) × 44/40] × 1000 (GB/T 32151.8, measured clinker composition)',
      );
      expect(line?.measured?.terms).to.deep.equal([
        {
          term: 'raw material (carbonate decomposition)',
          expression:
            '(1000.000000 + 390.000000 + 100.000000) t × [(65.4 − 1.0) % × 44/56 + (4.5 − 0.5) % × 44/40] × 1000',
          co2Kg: '819500.000',
        },
      ]);
    });
  });

  describe('through the API (POST /v1/activity-data, /v1/inventories/preview)', function () {
    let db: TestDb;
    let t: TestApp;
    const fixture = () =>
      JSON.parse(
        readFileSync(path.resolve(__dirname, '../../fixtures/accounting/clinker-dust-calcination.json'), 'utf8'),
      ) as { measured: Record<string, string> };

    before(async function () {
      db = await createTestDb();
      t = await createTestApp(db.db);
    });
    after(async function () {
      await t.app.close();
      await db.drop();
    });

    it('records the sample and previews 715,000 kg of Scope 1', async function () {
      const org = await createOrgViaApi(t, 'Cement works');
      const post = (url: string, payload: object) =>
        t.app.inject({ method: 'POST', url, headers: auth(org.adminKey), payload });
      const rec = await post('/v1/activity-data', fixture());
      expect(rec.statusCode, rec.body).to.equal(201);
      expect(rec.json().measured).to.deep.equal(fixture().measured);
      const res = await post('/v1/inventories/preview', { start: '2025-03-01', end: '2025-04-01' });
      expect(res.statusCode, res.body).to.equal(200);
      expect(res.json().document.results.scope1).to.equal('715000.000');
    });

    it('refuses a calcination degree without its dust with a coded error and a hint', async function () {
      const org = await createOrgViaApi(t, 'Cement works 2');
      const body = fixture();
      delete body.measured.kilnDustT;
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/activity-data',
        headers: auth(org.adminKey),
        payload: body,
      });
      expect(res.statusCode, res.body).to.equal(422);
      expect(res.json().code).to.equal('NT_ERR_ACTIVITY_DATA_INVALID');
      expect(res.json().hint).to.match(/kilnDustT/);
    });
  });
});

import { expect } from 'chai';
import { createPublicKey, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { anchorSealedBatches } from '../../../services/anchoring/anchorSealedBatches';
import { sealDueBatches } from '../../../services/batching/sealBatches';
import { decryptEnvelope } from '../../../services/documents/decryptEnvelope';
import { embeddedDocumentStore } from '../../../services/documents/embeddedDocumentStore';
import { encryptForRecipients } from '../../../services/documents/encryptForRecipients';
import { serializeEnvelope } from '../../../services/documents/envelope';
import { rawPublicKey, x25519PrivateKey } from '../../../services/documents/recipientKeys';
import type { EvidenceManifest } from '../../../services/evidence/evidenceFormat';
import { evidenceBytes } from '../../../services/notarization/evidencePackage';
import { verifyEvidence, type EvidenceVerification } from '../../../services/verification/verifyEvidence';
import { caller, syntheticPlant, type Plant } from '../measures/helpers';
import { createParticipant } from '../../helpers/participants';
import { auth, createTestApp, type TestApp } from '../../helpers/testApp';
import { startTestChain, type TestChain } from '../../helpers/testChain';
import { createTestDb, type TestDb } from '../../helpers/testDb';

interface Party {
  orgId: string;
  key: string;
  privateKey: Uint8Array;
}

interface Assignment {
  inventoryId: string;
  chainInventoryId: string;
  manifestCid: string;
}

type Tamper = (manifest: EvidenceManifest) => void;

/**
 * Measure results as evidence (issue 11 §4): a plant whose daily load steps down by 10 % from 2024-12-31 (the
 * generator's known truth) with a compressor group control implemented that day; its 2025 inventory notarized with
 * the measure's results over 2025, re-verified by an independent verifier from the package and the chain alone.
 * A changed reported figure in the package, or a changed reading of the measure's meter, names the measure; an
 * inventory without measures keeps the version-1 package.
 */
describe('measure results in the evidence package, recomputed by the verifier', function () {
  this.timeout(300_000);
  let db: TestDb;
  let chain: TestChain;
  let t: TestApp;
  let plantOrg: Party;
  let plant: Plant;
  let measureId: string;
  let inventoryId: string;

  const party = async (name: string, kinds: string[]): Promise<Party> => {
    const { orgId, key, privateKey } = await createParticipant(t, name, kinds);
    return { orgId, key, privateKey };
  };

  const api = async (key: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: auth(key), payload });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  const fetchAs = async (who: Party, cid: string) =>
    (await t.app.inject({ method: 'GET', url: `/v1/shared-documents/${cid}`, headers: auth(who.key) })).rawPayload;

  async function manifestAs(who: Party, cid: string): Promise<EvidenceManifest> {
    const plaintext = decryptEnvelope(await fetchAs(who, cid), who.orgId, who.privateKey);
    return JSON.parse(gunzipSync(plaintext).toString('utf8')) as EvidenceManifest;
  }

  /** Assigns a new verifier to the inventory (which stores the verifier's copy of the package now). */
  async function assignVerifier(name: string, ofInventory: string, owner: Party) {
    const verifier = await party(name, ['verifier']);
    await api(owner.key, 'POST', `/v1/inventories/${ofInventory}/verifiers`, { verifierOrgId: verifier.orgId });
    const assignment = ((await api(verifier.key, 'GET', '/v1/verifications')) as Assignment[])[0];
    return { verifier, assignment };
  }

  /** The verifier's re-verification; `tamper` changes the manifest as fetched, re-encrypted to the verifier. */
  async function verifyAs(who: Party, assignment: Assignment, tamper?: Tamper): Promise<EvidenceVerification> {
    const publicKey = rawPublicKey(createPublicKey(x25519PrivateKey(who.privateKey)));
    return verifyEvidence({
      provider: chain.provider,
      inventoryRegistry: chain.deployment.inventoryRegistry as string,
      anchorRegistry: chain.deployment.anchorRegistry,
      chainInventoryId: assignment.chainInventoryId,
      manifestCid: assignment.manifestCid,
      fetchDocument: async (cid) => {
        if (!tamper || cid !== assignment.manifestCid) return fetchAs(who, cid);
        const manifest = await manifestAs(who, cid);
        tamper(manifest);
        return serializeEnvelope(encryptForRecipients(evidenceBytes(manifest), [{ id: who.orgId, publicKey }]));
      },
      recipientId: who.orgId,
      privateKey: who.privateKey,
      workers: 0,
    });
  }

  const seal = async () => {
    await sealDueBatches(db.db, { windowSeconds: 0, maxReadings: 1 });
    await anchorSealedBatches(db.db, chain);
  };

  before(async function () {
    [db, chain] = await Promise.all([createTestDb(), startTestChain()]);
    t = await createTestApp(
      db.db,
      chain,
      {},
      { keystoreSecret: randomBytes(32), documents: await embeddedDocumentStore(db.db) },
    );
    plantOrg = await party('Air works', ['enterprise']);
    plant = await syntheticPlant(caller(t), plantOrg.key);
    const measure = await api(plantOrg.key, 'POST', '/v1/measures', {
      title: 'Compressor group control 空压机群控',
      kind: 'compressor_group_control',
      meterIds: [plant.meterId],
      ipmvpOption: 'B',
      baselineId: plant.baselineId,
    });
    measureId = measure.id;
    await api(plantOrg.key, 'POST', `/v1/measures/${measureId}/status`, { status: 'in_progress' });
    await api(plantOrg.key, 'POST', `/v1/measures/${measureId}/status`, { status: 'implemented', on: '2024-12-31' });
    await seal();
    inventoryId = (await api(plantOrg.key, 'POST', '/v1/inventories', { start: '2025-01-01', end: '2026-01-01' })).id;
    await api(plantOrg.key, 'POST', `/v1/inventories/${inventoryId}/notarize`);
  });

  after(async function () {
    await t?.app.close();
    await Promise.all([db?.drop(), chain?.close()]);
  });

  describe('an inventory of an organisation with an implemented measure', function () {
    let verifier: Party;
    let assignment: Assignment;
    let manifest: EvidenceManifest;
    let result: EvidenceVerification;

    before(async function () {
      ({ verifier, assignment } = await assignVerifier('Independent Verification Co', inventoryId, plantOrg));
      manifest = await manifestAs(verifier, assignment.manifestCid);
      result = await verifyAs(verifier, assignment);
    });

    it('carries the measure in a version-2 package, over the overlap of its reporting period with 2025', function () {
      expect(manifest.format).to.equal('nengtan-evidence/v2');
      expect(manifest.measures?.map((m) => [m.measure.id, m.measure.ipmvpOption, m.reportingPeriod])).to.deep.equal([
        [measureId, 'B', { start: '2025-01-01', end: '2026-01-01' }],
      ]);
    });

    it('states the baseline model as fitted, with its coefficients and acceptance', async function () {
      const baseline = await api(plantOrg.key, 'GET', `/v1/baselines/${plant.baselineId}`);
      expect(manifest.measures?.[0].baseline).to.deep.include({
        id: plant.baselineId,
        meterIds: [plant.meterId],
        temperatureDriver: 'outdoor_temp',
        drivers: ['production'],
        model: baseline.model,
        acceptance: baseline.acceptance,
      });
    });

    it('states the driver values used and the 364 daily actuals (2024-12-31 lies before the inventory)', function () {
      const entry = manifest.measures?.[0];
      expect(entry?.drivers.map((d) => [d.name, d.values.length])).to.deep.equal([
        ['outdoor_temp', 364],
        ['production', 364],
      ]);
      // The generator's reading of 2025-01-01 (day 367), as posted with three decimals.
      const posted = plant.site.reporting.find((d) => d.day === '2025-01-01')?.energy.toFixed(3);
      expect(entry?.actuals[0]).to.deep.equal({ day: '2025-01-01', quantity: `${posted}000` });
      expect(entry?.actuals).to.have.length(364);
    });

    it('reports what the baseline reports over the same days, and recovers the built-in savings within ±10 %', async function () {
      const savings = await api(
        plantOrg.key,
        'GET',
        `/v1/baselines/${plant.baselineId}/savings?from=2025-01-01&to=2026-01-01`,
      );
      const reported = manifest.measures?.[0].reported as { avoided: string; uncertainty: string; days: number };
      expect(reported).to.include({ days: 364, avoided: savings.avoided, uncertainty: savings.uncertainty });
      const truth = (plant.site.truthSavings * 364) / 365;
      expect(Math.abs(Number(reported.avoided) - truth) / truth).to.be.below(0.1);
    });

    it('states avoided kgce with the GB/T 2589 electricity factor (0.1229 kgce/kWh), exactly', function () {
      const reported = manifest.measures?.[0].reported as { avoided: string; energyKgce: string };
      // avoided × 0.1229 rounded half-even to three decimals, by hand: integer thousandths × 1229 / 10 000.
      const thousandths = BigInt(reported.avoided.replace('.', ''));
      const scaled = thousandths * 1229n;
      const q = scaled / 10_000n;
      const r = scaled % 10_000n;
      const rounded = r > 5_000n || (r === 5_000n && q % 2n === 1n) ? q + 1n : q;
      expect(reported.energyKgce).to.equal(`${rounded / 1000n}.${String(rounded % 1000n).padStart(3, '0')}`);
    });

    it('verifies clean: every reading, the inventory and the measure recomputed from the package alone', function () {
      expect(result.checks.filter((c) => !c.ok)).to.deep.equal([]);
      expect(result.measures.map((m) => [m.measureId, m.identical, m.differences])).to.deep.equal([
        [measureId, true, []],
      ]);
    });

    it('recomputes exactly the reported avoided energy and uncertainty', function () {
      const reported = manifest.measures?.[0].reported as { avoided: string; uncertainty: string };
      expect(result.measures[0].recomputed).to.deep.equal({
        avoided: reported.avoided,
        uncertainty: reported.uncertainty,
        unit: 'kWh',
      });
    });

    it('names the measure whose reported avoided energy was changed in the package, by exactly the change', async function () {
      const tampered = await verifyAs(verifier, assignment, (m) => {
        const reported = m.measures?.[0].reported as { avoided: string };
        reported.avoided = (BigInt(reported.avoided.replace('.', '')) + 1_250n).toString().replace(/(\d{3})$/, '.$1');
      });
      const failed = tampered.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(failed).to.deep.equal([
        'measure "Compressor group control 空压机群控": the results recomputed from the anchored readings match the reported ones',
      ]);
      expect(tampered.measures[0].differences.map((d) => [d.figure, d.difference])).to.deep.equal([
        ['avoided', '1.250'],
      ]);
    });

    /** A grid factor of the package's set for the consumption year: the latest published year up to it. */
    const gridFactor = (subject: string, region: string, year: number) => {
      const candidates = (manifest.factorSet.factors ?? []).filter(
        (f) =>
          f.category === 'grid_electricity' && f.subject === subject && f.region === region && (f.year ?? 0) <= year,
      );
      candidates.sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
      return candidates[0].value;
    };

    /** kWh × tCO2/MWh = kg CO2e, rounded half-even to three decimals, by hand with integers. */
    const kgOf = (kwh: string, factor: string) => {
      const [fi, ff = ''] = factor.split('.');
      const thousandths = BigInt(kwh.replace('.', '')); // kWh × 10^3
      const f = BigInt(fi + ff); // factor × 10^len(ff)
      const divisor = 10n ** BigInt(ff.length);
      const scaled = thousandths * f; // kg × 10^3 × 10^len(ff)
      const q = scaled / divisor;
      const r = scaled % divisor;
      const rounded = 2n * r > divisor || (2n * r === divisor && q % 2n === 1n) ? q + 1n : q;
      return `${rounded / 1000n}.${String(rounded % 1000n).padStart(3, '0')}`;
    };

    it('states the basis of the avoided CO2e: the East site, its boundary meter, no claims, the package factor set', function () {
      const basis = manifest.measures?.[0].avoidedBasis;
      expect(basis?.sites.map((s) => s.gridRegion)).to.deep.equal(['East']);
      expect(basis?.boundaryMeters.map((m) => m.id)).to.deep.equal([plant.meterId]);
      expect(basis?.measureMeters.map((m) => m.id)).to.deep.equal([plant.meterId]);
      expect([basis?.claims, basis?.contracts, basis?.factorSet]).to.deep.equal([[], [], undefined]);
    });

    it('recomputes avoided CO2e location-based = avoided kWh × the East grid factor of 2025, by hand', function () {
      const reported = manifest.measures?.[0].reported as { avoided: string; co2eLocationKg: string };
      const byHand = kgOf(reported.avoided, gridFactor('average', 'East', 2025));
      expect([reported.co2eLocationKg, result.measures[0].recomputedEmissions?.co2eLocationKg]).to.deep.equal([
        byHand,
        byHand,
      ]);
    });

    it('recomputes avoided CO2e market-based = avoided kWh × the national residual factor (no certificates), by hand', function () {
      const reported = manifest.measures?.[0].reported as { avoided: string; co2eMarketKg: string };
      const byHand = kgOf(reported.avoided, gridFactor('residual', 'national', 2025));
      expect([reported.co2eMarketKg, result.measures[0].recomputedEmissions?.co2eMarketKg]).to.deep.equal([
        byHand,
        byHand,
      ]);
    });

    it('recomputes the avoided kgce, CO2e location- and market-based exactly as reported', function () {
      const reported = manifest.measures?.[0].reported as unknown as Record<string, string>;
      expect(result.measures[0].recomputedEmissions).to.deep.equal({
        energyKgce: reported.energyKgce,
        co2eLocationKg: reported.co2eLocationKg,
        co2eMarketKg: reported.co2eMarketKg,
      });
      expect(result.measures[0].notRecomputed).to.deep.equal([]);
    });

    it('names the measure whose stored avoided CO2e (location-based) was changed in the package, by exactly the change', async function () {
      const tampered = await verifyAs(verifier, assignment, (m) => {
        const reported = m.measures?.[0].reported as { co2eLocationKg: string };
        reported.co2eLocationKg = (BigInt(reported.co2eLocationKg.replace('.', '')) + 2_500n)
          .toString()
          .replace(/(\d{3})$/, '.$1');
      });
      expect(tampered.checks.filter((c) => !c.ok).map((c) => c.name)).to.deep.equal([
        'measure "Compressor group control 空压机群控": the results recomputed from the anchored readings match the reported ones',
      ]);
      expect(tampered.measures[0].differences.map((d) => [d.figure, d.difference])).to.deep.equal([
        ['co2eLocationKg', '2.500'],
      ]);
    });

    it('names changed avoided kgce and market-based CO2e', async function () {
      const tampered = await verifyAs(verifier, assignment, (m) => {
        const reported = m.measures?.[0].reported as { energyKgce: string; co2eMarketKg: string };
        reported.energyKgce = '0.000';
        reported.co2eMarketKg = '1.000';
      });
      expect(tampered.measures[0].differences.map((d) => [d.figure, d.reported])).to.deep.equal([
        ['energyKgce', '0.000'],
        ['co2eMarketKg', '1.000'],
      ]);
    });

    it('names a basis the inventory contradicts: a grid region changed to get a lower factor', async function () {
      const tampered = await verifyAs(verifier, assignment, (m) => {
        const basis = m.measures?.[0].avoidedBasis;
        if (basis) basis.sites[0].gridRegion = 'Northwest';
      });
      expect(tampered.measures[0].differences.map((d) => [d.figure, d.reported, d.recomputed])[0]).to.deep.equal([
        `basis: site ${manifest.measures?.[0].avoidedBasis?.sites[0].id}`,
        'Northwest / -',
        'East / -',
      ]);
    });

    it("names a basis that leaves out one of the inventory's boundary meters of the site", async function () {
      const tampered = await verifyAs(verifier, assignment, (m) => {
        const basis = m.measures?.[0].avoidedBasis;
        if (basis) basis.boundaryMeters = [];
      });
      expect(tampered.measures[0].differences.map((d) => [d.figure, d.reported])[0]).to.deep.equal([
        `basis: meter ${manifest.inventory.boundary.meters[0].externalId}`,
        '(left out)',
      ]);
    });

    it('names the measure whose reported uncertainty was changed in the package', async function () {
      const tampered = await verifyAs(verifier, assignment, (m) => {
        (m.measures?.[0].reported as { uncertainty: string }).uncertainty = '0.001';
      });
      expect(tampered.ok).to.equal(false);
      expect(tampered.measures[0].differences.map((d) => d.figure)).to.deep.equal(['uncertainty']);
      expect(tampered.measures[0].differences[0].reported).to.equal('0.001');
    });
  });

  describe("when a reading of the measure's meter is changed in the database", function () {
    let result: EvidenceVerification;

    before(async function () {
      // 2025-07-01 local (+08:00): the daily reading starting 2025-06-30T16:00Z, 5 kWh more than was sent.
      await db.db.query(
        `update readings set quantity = quantity + 5
         where org_id = $1::uuid and interval_start = '2025-06-30T16:00:00Z'`,
        [plantOrg.orgId],
      );
      const { verifier, assignment } = await assignVerifier('Second Verification Co', inventoryId, plantOrg);
      result = await verifyAs(verifier, assignment);
    });

    it("fails the batch root of the reading's batch", function () {
      expect(result.checks.filter((c) => !c.ok).some((c) => c.name.includes('rebuild the root'))).to.equal(true);
    });

    it('names the measure: 5 kWh more actual is exactly 5.000 kWh less avoided, on 2025-07-01, uncertainty unchanged', function () {
      const named = result.measures[0].differences.filter(
        (d) => !d.figure.startsWith('co2e') && d.figure !== 'energyKgce',
      );
      expect(named.map((d) => [d.figure, d.difference])).to.deep.equal([
        ['avoided', '5.000'],
        ['actual', '-5.000'],
        ['actual on 2025-07-01', '-5.000000'],
      ]);
    });

    it('names the avoided kgce that follow: 5 kWh × 0.1229 kgce/kWh = 0.6145 kgce more reported (± the rounding)', function () {
      const kgce = result.measures[0].differences.find((d) => d.figure === 'energyKgce');
      expect(Math.abs(Number(kgce?.difference) - 0.6145)).to.be.at.most(0.001);
      expect(result.measures[0].differences.map((d) => d.figure)).to.include.members([
        'co2eLocationKg',
        'co2eMarketKg',
      ]);
    });
  });

  describe('an inventory of an organisation without measures', function () {
    let owner: Party;
    let assignment: Assignment;
    let manifest: EvidenceManifest;

    before(async function () {
      owner = await party('Plain Steel', ['enterprise']);
      const site = await api(owner.key, 'POST', '/v1/sites', { name: 'Mill', gridRegion: 'East' });
      await api(owner.key, 'POST', '/v1/meters', { siteId: site.id, externalId: 'E', energyKind: 'electricity' });
      const T0 = Date.parse('2025-02-28T16:00:00Z');
      await api(owner.key, 'POST', '/v1/readings', {
        readings: Array.from({ length: 96 }, (_, i) => ({
          meter: 'E',
          start: new Date(T0 + i * 900_000).toISOString(),
          value: `${10 + (i % 5)}`,
        })),
      });
      await seal();
      const inventory = await api(owner.key, 'POST', '/v1/inventories', { start: '2025-03-01', end: '2025-03-02' });
      await api(owner.key, 'POST', `/v1/inventories/${inventory.id}/notarize`);
      let verifier: Party;
      ({ verifier, assignment } = await assignVerifier('Third Verification Co', inventory.id, owner));
      manifest = await manifestAs(verifier, assignment.manifestCid);
      owner = verifier;
    });

    it('keeps the version-1 package: the same five members, no measures', function () {
      expect(manifest.format).to.equal('nengtan-evidence/v1');
      expect(Object.keys(manifest).sort()).to.deep.equal([
        'batches',
        'factorSet',
        'format',
        'inventory',
        'inventoryHash',
      ]);
    });

    it('still verifies, with no measure checks', async function () {
      const result = await verifyAs(owner, assignment);
      expect([result.ok, result.measures]).to.deep.equal([true, []]);
    });
  });
});

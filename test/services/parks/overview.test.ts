import { expect } from 'chai';
import { createTestApp, type TestApp } from '../../helpers/testApp';
import { createTestDb, type TestDb } from '../../helpers/testDb';
import { call, createOrg, day, join, meter, produced, type Org } from './parkFixture';

/** Exact sum of 3-decimal strings, by scaled integers (independent of the service's rational arithmetic). */
function sum3(...xs: string[]): string {
  const total = xs.reduce((acc, x) => {
    const [int, frac = ''] = x.replace('-', '').split('.');
    const units = BigInt(int + frac.padEnd(3, '0'));
    return acc + (x.startsWith('-') ? -units : units);
  }, 0n);
  const abs = total < 0n ? -total : total;
  return `${total < 0n ? '-' : ''}${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}`;
}

const PERIOD = { start: '2025-03-01', end: '2025-05-01' };
const OVERVIEW = `/v1/park/overview?from=${PERIOD.start}&to=${PERIOD.end}`;

interface Results {
  energyKgce: string;
  totalLocationBased: string;
}
interface Figures {
  energyKgce: string;
  co2eKg: string;
  byMonth: { month: string; energyKgce: string; co2eKg: string }[];
  byEnergyKind: { energyKind: string; energyKgce: string; co2eKg: string }[];
}
interface MemberOverview {
  member: { id: string; name: string; grantLevel: string };
  figures: Figures;
  latestInventory: { status: string; periodStart: string } | null;
}

/**
 * The park's view. Steel (aggregate grant): 960 kWh on 1 March and 480 kWh on 1 April, East grid 0.5500 tCO2/MWh
 * (2023, standing in for 2025) and 0.1229 kgce/kWh → 1,440 kWh = 176.976 kgce, 792 kgCO2e; 2 t of billet → 396 kg/t.
 * Cement (meters grant): 1,920 kWh on 2 March and 96 m3 of natural gas on 2 April, 4 t of billet. Outsider: not
 * invited. Each member's figures must be its own inventory preview; the park's, their exact sum.
 */
describe('parks (园区): the park overview and isolation', function () {
  this.timeout(120_000);
  let db: TestDb;
  let t: TestApp;
  let park: Org;
  let otherPark: Org;
  let steel: Org;
  let cement: Org;
  let outsider: Org;
  let steelMembership: string;

  const preview = async (org: Org, start: string, end: string) => {
    const res = await call(t, org.key, 'POST', '/v1/inventories/preview', { start, end });
    expect(res.statusCode, res.body).to.equal(200);
    return res.json().document as { results: Results; intensity: Record<string, string>[]; sources: unknown[] };
  };
  const overview = async (org: Org = park) => {
    const res = await call(t, org.key, 'GET', OVERVIEW);
    expect(res.statusCode, res.body).to.equal(200);
    return res.json() as { park: Figures; members: MemberOverview[]; ranking: Record<string, unknown>[] };
  };

  before(async function () {
    db = await createTestDb();
    t = await createTestApp(db.db);
    park = await createOrg(t, 'Binhai Park', ['park']);
    otherPark = await createOrg(t, 'Other Park', ['park']);
    steel = await createOrg(t, 'Steel');
    cement = await createOrg(t, 'Cement');
    outsider = await createOrg(t, 'Outsider');
    await meter(t, steel, 'E', 'electricity');
    await day(t, steel, 'E', '2025-03-01', '10');
    await day(t, steel, 'E', '2025-04-01', '5');
    await produced(t, steel, 'billet', '2025-03-01', '2');
    await meter(t, cement, 'E', 'electricity');
    await meter(t, cement, 'G', 'natural_gas');
    await day(t, cement, 'E', '2025-03-02', '20');
    await day(t, cement, 'G', '2025-04-02', '1');
    await produced(t, cement, 'billet', '2025-03-02', '4');
    await meter(t, outsider, 'E', 'electricity');
    await day(t, outsider, 'E', '2025-03-01', '99');
    steelMembership = await join(t, park, steel);
    await join(t, park, cement, 'meters');
    // The other park invites Steel, which never answers.
    await call(t, otherPark.key, 'POST', '/v1/park/invitations', { enterpriseId: steel.orgId });
    expect(
      (await call(t, steel.key, 'POST', '/v1/inventories', { start: '2025-03-01', end: '2025-04-01' })).statusCode,
    ).to.equal(201);
  });
  after(async function () {
    await t.app.close();
    await db.drop();
  });

  it('shows each consenting member and no one else, with what it granted', async function () {
    const { members } = await overview();
    expect(members.map((m) => [m.member.name, m.member.grantLevel])).to.deep.equal([
      ['Cement', 'meters'],
      ['Steel', 'aggregate'],
    ]);
  });

  it("gives a member's figures as its own inventory preview, checked by hand for Steel", async function () {
    const { members } = await overview();
    const steelFigures = members.find((m) => m.member.id === steel.orgId)?.figures as Figures;
    expect([steelFigures.energyKgce, steelFigures.co2eKg]).to.deep.equal(['176.976', '792.000']);
    for (const org of [steel, cement]) {
      const own = (await preview(org, PERIOD.start, PERIOD.end)).results;
      const figures = members.find((m) => m.member.id === org.orgId)?.figures as Figures;
      expect([figures.energyKgce, figures.co2eKg]).to.deep.equal([own.energyKgce, own.totalLocationBased]);
    }
  });

  it("sums the members' own previews exactly, as a whole and month by month", async function () {
    const { park: total } = await overview();
    const [s, c] = [await preview(steel, PERIOD.start, PERIOD.end), await preview(cement, PERIOD.start, PERIOD.end)];
    expect(total.energyKgce).to.equal(sum3(s.results.energyKgce, c.results.energyKgce));
    expect(total.co2eKg).to.equal(sum3(s.results.totalLocationBased, c.results.totalLocationBased));
    const months = [
      ['2025-03', '2025-03-01', '2025-04-01'],
      ['2025-04', '2025-04-01', '2025-05-01'],
    ];
    for (const [month, start, end] of months) {
      const [sm, cm] = [(await preview(steel, start, end)).results, (await preview(cement, start, end)).results];
      expect(total.byMonth.find((m) => m.month === month)).to.deep.equal({
        month,
        energyKgce: sum3(sm.energyKgce, cm.energyKgce),
        co2eKg: sum3(sm.totalLocationBased, cm.totalLocationBased),
      });
    }
  });

  it('splits the park by energy kind, the kinds adding up to the total', async function () {
    const { park: total } = await overview();
    expect(total.byEnergyKind.map((k) => k.energyKind)).to.deep.equal(['electricity', 'natural_gas']);
    expect(sum3(...total.byEnergyKind.map((k) => k.co2eKg))).to.equal(total.co2eKg);
    expect(sum3(...total.byEnergyKind.map((k) => k.energyKgce))).to.equal(total.energyKgce);
    const electricity = total.byEnergyKind[0];
    expect(electricity.co2eKg).to.equal(sum3('792.000', '1056.000')); // 3,360 kWh × 0.55 kg/kWh
  });

  it('ranks the members by CO2e per tonne of product, from their own intensity lines', async function () {
    const { ranking } = await overview();
    const own = async (org: Org) => (await preview(org, PERIOD.start, PERIOD.end)).intensity[0].kgCO2ePerUnitLocation;
    expect(ranking).to.deep.equal([
      {
        product: 'billet',
        unit: 't',
        members: [
          {
            memberId: cement.orgId,
            name: 'Cement',
            rank: 1,
            quantity: '4.000000',
            kgCO2ePerUnit: await own(cement),
            kgcePerUnit: (await preview(cement, PERIOD.start, PERIOD.end)).intensity[0].kgcePerUnit,
          },
          {
            memberId: steel.orgId,
            name: 'Steel',
            rank: 2,
            quantity: '2.000000',
            kgCO2ePerUnit: '396.000',
            kgcePerUnit: '88.488',
          },
        ],
      },
    ]);
  });

  it("shows each member's latest inventory status", async function () {
    const { members } = await overview();
    const status = Object.fromEntries(members.map((m) => [m.member.name, m.latestInventory]));
    expect(status.Steel).to.include({ status: 'draft', periodStart: '2025-03-01' });
    expect(status.Cement).to.equal(null);
  });

  it('gives meter data only of a member that granted it, the same as its own series', async function () {
    const query = 'meter=E&from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z&resolution=day';
    const theirs = await call(t, park.key, 'GET', `/v1/park/members/${cement.orgId}/series?${query}`);
    expect(theirs.statusCode, theirs.body).to.equal(200);
    expect(theirs.json()).to.deep.equal((await call(t, cement.key, 'GET', `/v1/series?${query}`)).json());
    expect(theirs.json().points.length).to.be.greaterThan(0);
    const aggregateOnly = await call(t, park.key, 'GET', `/v1/park/members/${steel.orgId}/series?${query}`);
    expect(aggregateOnly.statusCode).to.equal(403);
    expect(aggregateOnly.json().code).to.equal('NT_ERR_PARK_METERS_NOT_GRANTED');
    const stranger = await call(t, park.key, 'GET', `/v1/park/members/${outsider.orgId}/series?${query}`);
    expect(stranger.statusCode).to.equal(404);
    expect(stranger.json().code).to.equal('NT_ERR_PARK_NOT_MEMBER');
  });

  it("never shows a member, a non-member enterprise or another park anyone's figures", async function () {
    for (const org of [steel, cement, outsider]) {
      const res = await call(t, org.key, 'GET', OVERVIEW);
      expect(res.statusCode).to.equal(403);
      expect(res.json()).to.include({ code: 'NT_ERR_AUTH_ROLE', requiredKind: 'park' });
      const series = await call(
        t,
        org.key,
        'GET',
        `/v1/park/members/${cement.orgId}/series?resolution=day&from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z`,
      );
      expect(series.statusCode).to.equal(403);
    }
    const invitations = (await call(t, steel.key, 'GET', '/v1/park-invitations')).json().invitations;
    expect(invitations.map((i: { member: { id: string } }) => i.member.id)).to.deep.equal([steel.orgId, steel.orgId]);
    // A park without consent: Steel never answered the other park.
    const other = await overview(otherPark);
    expect(other.members).to.deep.equal([]);
    expect([other.park.energyKgce, other.park.co2eKg]).to.deep.equal(['0.000', '0.000']);
    const series = await call(
      t,
      otherPark.key,
      'GET',
      `/v1/park/members/${steel.orgId}/series?resolution=day&from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z`,
    );
    expect(series.statusCode).to.equal(404);
  });

  it('refuses a period longer than 24 months or backwards, with a hint', async function () {
    const long = await call(t, park.key, 'GET', '/v1/park/overview?from=2024-01-01&to=2026-02-01');
    expect(long.statusCode).to.equal(400);
    expect(long.json().code).to.equal('NT_ERR_PARK_PERIOD');
    expect(long.json().hint).to.contain('GET /v1/park/overview');
    const backwards = await call(t, park.key, 'GET', '/v1/park/overview?from=2025-05-01&to=2025-03-01');
    expect(backwards.statusCode).to.equal(422);
    expect(backwards.json().code).to.equal('NT_ERR_ACCOUNTING_PERIOD');
  });

  it('forgets a member that leaves from that moment: its figures are gone from every view', async function () {
    const left = await call(t, steel.key, 'POST', `/v1/park-invitations/${steelMembership}/leave`);
    expect(left.statusCode, left.body).to.equal(200);
    const after = await overview();
    expect(after.members.map((m) => m.member.name)).to.deep.equal(['Cement']);
    const own = (await preview(cement, PERIOD.start, PERIOD.end)).results;
    expect([after.park.energyKgce, after.park.co2eKg]).to.deep.equal([own.energyKgce, own.totalLocationBased]);
    expect(after.ranking).to.deep.equal([
      {
        product: 'billet',
        unit: 't',
        members: [
          {
            memberId: cement.orgId,
            name: 'Cement',
            rank: 1,
            quantity: '4.000000',
            kgCO2ePerUnit: (await preview(cement, PERIOD.start, PERIOD.end)).intensity[0].kgCO2ePerUnitLocation,
            kgcePerUnit: (await preview(cement, PERIOD.start, PERIOD.end)).intensity[0].kgcePerUnit,
          },
        ],
      },
    ]);
  });
});

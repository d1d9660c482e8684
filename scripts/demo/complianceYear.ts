import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiClient } from '../cli/apiClient';
import { ensureChainAccount, registerDemoOrganisation, type DemoOrganisation } from './demoParticipants';

type Org = DemoOrganisation;

interface MarketState {
  url: string;
  exchange?: Org;
  issuer?: Org;
  wind?: Org;
  desk?: Org;
  /** Compliance years already played through. */
  years: number[];
}

const t = (n: string | number) => Number(n).toLocaleString('en');

/**
 * A compliance period on chain, after the steel mill's inventory is verified: the authority opens it and allocates,
 * the cement works sells allowances to the steel mill through an exchange (settled on chain), a wind farm's green
 * certificates are issued, sold and claimed (market-based Scope 2 drops), offsets are issued, the steel mill
 * surrenders, and everyone sees the compliance table and the market statistics, all read back from the indexed chain.
 */
export async function complianceYear(options: {
  url: string;
  platformKey: string;
  dir: string;
  authority: Org;
  steel: Org;
  cement: Org;
  period: { start: string; end: string };
}): Promise<void> {
  const { url, platformKey, period } = options;
  const statePath = path.join(options.dir, 'demo-market.json');
  let state: MarketState = { url, years: [] };
  if (existsSync(statePath)) {
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as MarketState;
    if (saved.url === url) state = saved;
  }
  const year = Number(period.end.slice(0, 4));
  const authority = apiClient(url, options.authority.adminKey);
  const steel = apiClient(url, options.steel.adminKey);
  const cement = apiClient(url, options.cement.adminKey);
  if (!state.years.includes(year)) {
    await ensureChainAccount(cement);
    state.exchange ??= await registerDemoOrganisation(
      url,
      platformKey,
      '上海环境能源交易所 Shanghai Environment Exchange',
      ['exchange'],
    );
    state.issuer ??= await registerDemoOrganisation(url, platformKey, '绿证核发中心 Green Certificate Centre', [
      'certificate_issuer',
    ]);
    state.wind ??= await registerDemoOrganisation(url, platformKey, '盐城海上风电 Yancheng Offshore Wind', [
      'enterprise',
    ]);
    state.desk ??= await registerDemoOrganisation(url, platformKey, '华电碳资产 Huadian Carbon Trading Desk', [
      'trader',
    ]);
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    const exchange = apiClient(url, state.exchange.adminKey);
    const issuer = apiClient(url, state.issuer.adminKey);
    const wind = apiClient(url, state.wind.adminKey);

    await authority.json('POST', '/v1/market/years', {
      year,
      periodStart: period.start,
      periodEnd: period.end,
      surrenderDeadline: `${year + 1}-06-30`,
      offsetCapBps: 500,
    });
    const [{ obligationT }] = await steel.json<{ obligationT: string }[]>('GET', `/v1/market/years/${year}/compliance`);
    const obligation = Number(obligationT);
    const allocated = Math.floor(obligation * 0.85);
    await authority.json('POST', `/v1/market/years/${year}/allocations`, {
      allocations: [
        { orgId: options.steel.orgId, quantity: String(allocated) },
        { orgId: options.cement.orgId, quantity: '20000' },
      ],
    });
    console.log(
      `  compliance period ${year} (${period.start} to ${period.end}) opened; allocated ${t(allocated)} t to ` +
        `${options.steel.name} (obligation ${t(obligation)} t) and 20,000 t to ${options.cement.name}`,
    );
    const offsets = Math.floor(obligation * 0.04);
    const issued = await authority.json<{ tokenId: string }>('POST', '/v1/market/offsets', {
      program: 'CCER',
      vintage: year - 1,
      orgId: options.steel.orgId,
      quantity: String(offsets),
      issuanceRef: `CCER-${year - 1}-DEMO-0001`,
    });
    const bought = obligation - allocated - offsets;
    await cement.json('PUT', '/v1/market/ledger-approvals/allowance', { approved: true });
    await exchange.json('POST', '/v1/market/trades', {
      venueRef: `SEEE-${year}-${Date.now()}`,
      buyerOrgId: options.steel.orgId,
      sellerOrgId: options.cement.orgId,
      asset: 'allowance',
      tokenId: String(year),
      quantity: String(bought),
      pricePerUnit: '8650',
      currency: 'CNY',
      paymentRef: `ICBC-${Date.now()}`,
      venue: 'SEEE',
    });
    console.log(
      `  ${state.exchange.name} recorded ${options.cement.name} selling ${t(bought)} allowances to ` +
        `${options.steel.name} at ¥86.50/t; ${t(offsets)} CCER offsets issued to it`,
    );
    const desk = apiClient(url, state.desk.adminKey);
    const deal = await cement.json<{ id: string }>('POST', '/v1/market/otc-deals', {
      side: 'sell',
      counterpartyOrgId: state.desk.orgId,
      asset: 'allowance',
      tokenId: String(year),
      quantity: '2000',
      pricePerUnit: '8720',
      currency: 'CNY',
      paymentRef: `BOC-OTC-${Date.now()}`,
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const recorded = await desk.json<{ status: string }>('POST', `/v1/market/otc-deals/${deal.id}/accept`, {});
    console.log(
      `  OTC: ${options.cement.name} sold 2,000 allowances to ${state.desk.name} at ¥87.20/t, signed by both ` +
        `(EIP-712) and ${recorded.status} on chain`,
    );

    const device = `GEC-DEV-320900-${year}`;
    await issuer.json('POST', '/v1/certificates/devices', {
      reference: device,
      ownerOrgId: state.wind.orgId,
      technology: 'offshore wind',
      region: 'CN-JS',
      capacityKw: 300_000,
    });
    const certificates = await issuer.json<{ certificateId: string }>('POST', '/v1/certificates/issuances', {
      deviceReference: device,
      generationStart: period.start,
      generationEnd: period.end,
      mwh: 3000,
      evidence: `generation meter data ${period.start}..${period.end}`,
    });
    await wind.json('PUT', '/v1/market/ledger-approvals/certificate', { approved: true });
    await exchange.json('POST', '/v1/market/trades', {
      venueRef: `SEEE-GEC-${year}-${Date.now()}`,
      buyerOrgId: options.steel.orgId,
      sellerOrgId: state.wind.orgId,
      asset: 'certificate',
      tokenId: certificates.certificateId,
      quantity: '3000',
      pricePerUnit: '500',
      currency: 'CNY',
      paymentRef: `ICBC-GEC-${Date.now()}`,
      venue: 'SEEE',
    });
    const before = await steel.json<{ document: { results: Record<string, string> } }>(
      'POST',
      '/v1/inventories/preview',
      period,
    );
    await steel.json('POST', '/v1/certificates/claims', {
      certificateId: certificates.certificateId,
      mwh: 3000,
      consumptionStart: period.start,
      consumptionEnd: period.end,
      location: 'CN-JS',
    });
    await steel.json('POST', '/v1/market/surrenders', {
      year,
      allowances: String(obligation - offsets),
      offsets: [{ tokenId: issued.tokenId, quantity: String(offsets) }],
    });
    state.years.push(year);
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    // The indexer mirrors the claim within a second or two; the inventory then reads it.
    let after = before;
    for (
      let i = 0;
      i < 30 && after.document.results.scope2MarketBased === before.document.results.scope2MarketBased;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 1000));
      after = await steel.json('POST', '/v1/inventories/preview', period);
    }
    console.log(
      `  3,000 green certificates issued to ${state.wind.name}, sold to ${options.steel.name} and claimed: ` +
        `market-based Scope 2 ${t(Math.round(Number(before.document.results.scope2MarketBased) / 1000))} t → ` +
        `${t(Math.round(Number(after.document.results.scope2MarketBased) / 1000))} t`,
    );
    console.log(`  ${options.steel.name} surrendered ${t(obligation - offsets)} allowances and ${t(offsets)} offsets`);
  }

  const table = await authority.json<
    {
      organisation: { name: string };
      allocatedT: string;
      verified: boolean;
      obligationT: string;
      shortfallT: string;
      status: string;
    }[]
  >('GET', `/v1/market/years/${year}/compliance`);
  console.log(`  compliance ${year} (authority's view):`);
  for (const row of table) {
    console.log(
      `    ${row.organisation.name}: allocated ${t(row.allocatedT)} t, ${row.verified ? `obligation ${t(row.obligationT)} t, shortfall ${t(row.shortfallT)} t` : 'emissions not verified'} — ${row.status}`,
    );
  }
  const stats = await steel.json<{ tokenId: string; period: string; volume: string; vwapMinorUnits: string }[]>(
    'GET',
    '/v1/market/statistics?asset=allowance',
  );
  for (const s of stats) {
    console.log(
      `    allowances ${s.tokenId}, ${s.period}: ${t(s.volume)} t traded, VWAP ¥${(Number(s.vwapMinorUnits) / 100).toFixed(2)}`,
    );
  }
}

/**
 * bench:gas — the gas of every on-chain operation of the market, read from the receipts (receipt.gasUsed) of one
 * compliance year played on a fresh embedded chain, deployed exactly as `npm start` deploys it.
 *
 *   npm run bench:gas
 *
 * Participants are registered by the service's own helper; then, in the order a year runs: batch roots anchored,
 * inventories submitted, assigned and attested, the year opened and allocated, offsets registered and issued,
 * allowances transferred, traded on an exchange and over the counter (both EIP-712 signatures), surrendered, and green
 * certificates registered, issued, transferred, claimed and revoked.
 *
 * Gas depends on the storage an operation finds: a slot written for the first time costs 22,100 gas, an update 5,000
 * (2,900 once read), so the first allocation of a year or the first transfer to an account costs more than the next.
 * Every row says which case it measured, and the cases that differ most are measured both ways. Exits 1 if any
 * transaction fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeBytes32String, id as keccakText, type HDNodeWallet } from 'ethers';
import { config as hardhatConfig } from 'hardhat';
import { connectChain, type ChainConnection } from '../../services/chain/connectChain';
import { decodeContractError } from '../../services/chain/contractErrors';
import { devAccount } from '../../services/chain/devAccounts';
import { registerParticipant } from '../../services/chain/registerParticipant';
import type { OrganisationKind } from '../../services/registry/organisations';
import { MARKET_TIME_ZONE, programCode } from '../../services/market/allowances';
import { deviceIdOf } from '../../services/market/certificates';
import { marketContracts, type MarketContracts } from '../../services/market/marketContracts';
import { DEAL_TYPES, type DealValue } from '../../services/market/dealTypedData';
import { tradeTerms } from '../../services/market/tradeTerms';
import { localMidnight } from '../../services/notarization/notarizeInventory';
import { loadConfig } from '../../services/runtime/config';
import { InventoryRegistry__factory, ParticipantRegistry__factory } from '../../types/contracts';

interface Row {
  operation: string;
  gas: bigint;
  /** Set when the transaction does `units` of the same thing: the gas per unit is shown too. */
  per?: { units: number; unit: string };
  state: string;
}

interface Party {
  orgId: string;
  name: string;
  wallet: HDNodeWallet;
}

interface Mined {
  wait(): Promise<{ gasUsed: bigint; status: number | null } | null>;
}

const DAY = 86_400;
const REPORT_CID = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
const STATEMENT_CID = 'bafkreidvbhs33ighmljlvr7zbv2ywwzcmp5adtf4kqvlly67cy56bdtmve';
const EVIDENCE_CID = 'bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly';
const Opinion = { Verified: 0 } as const;
const Assurance = { Reasonable: 1 } as const;

// Verified totals (kg CO2e) and what they oblige: ceil(kg / 1000) tonnes, of which 5 % may be offsets.
const STEEL_TOTALS = { scope1: 1_612_345_678n, scope2Location: 238_456_789n, scope2Market: 231_004_512n };
const CEMENT_TOTALS = { scope1: 903_210_987n, scope2Location: 96_789_012n, scope2Market: 90_100_345n };

/** The last full calendar year in China Standard Time, whose inventories can be submitted now. */
function lastYear(): number {
  return Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)) - 1;
}

/** The receipt of a transaction that must succeed; a refusal names the operation and the contract error. */
async function succeeded(operation: string, sent: Promise<Mined>) {
  let receipt;
  try {
    receipt = await (await sent).wait();
  } catch (error) {
    const decoded = decodeContractError((error as { data?: unknown }).data);
    if (!decoded) throw error;
    throw new Error(`${operation}: reverted with ${decoded.name}(${decoded.args.join(', ')})`, { cause: error });
  }
  if (!receipt || receipt.status !== 1) throw new Error(`${operation}: transaction failed`);
  return receipt;
}

async function measure(
  rows: Row[],
  operation: string,
  state: string,
  sent: Promise<Mined>,
  per?: Row['per'],
): Promise<void> {
  const receipt = await succeeded(operation, sent);
  rows.push({ operation, gas: receipt.gasUsed, per, state });
}

/** The gas of each contract creation of the deployment, found in the blocks `npm start` deployed it in. */
async function deploymentRows(chain: ChainConnection, head: number): Promise<Row[]> {
  const names = new Map<string, string>();
  const d = chain.deployment;
  for (const [name, address] of Object.entries({
    ParticipantRegistry: d.participantRegistry,
    AnchorRegistry: d.anchorRegistry,
    InventoryRegistry: d.inventoryRegistry,
    CarbonAllowance: d.carbonAllowance,
    GreenCertificate: d.greenCertificate,
    TradeLedger: d.tradeLedger,
  })) {
    if (address) names.set(address.toLowerCase(), name);
  }
  const rows: Row[] = [];
  for (let n = 0; n <= head; n++) {
    const block = await chain.provider.getBlock(n);
    for (const hash of block?.transactions ?? []) {
      const receipt = await chain.provider.getTransactionReceipt(hash);
      const name = receipt?.contractAddress ? names.get(receipt.contractAddress.toLowerCase()) : undefined;
      if (receipt && name) rows.push({ operation: `deploy ${name}`, gas: receipt.gasUsed, state: 'once per network' });
    }
  }
  if (rows.length !== names.size) throw new Error(`found ${rows.length} of ${names.size} contract deployments`);
  return rows;
}

async function registerParties(chain: ChainConnection) {
  const authority = chain.authority;
  if (!authority) throw new Error('the embedded chain has no authority signer');
  let nextAccount = 2; // 0 is the network authority, 1 the anchoring account
  // Organisation ids are keccak256 of the organisation's uuid in the service; any 32 bytes of the kind will do here.
  const party = async (name: string, kinds: OrganisationKind[]): Promise<Party> => {
    const orgId = keccakText(`bench:${name}`);
    const wallet = devAccount(nextAccount++).connect(chain.provider);
    await registerParticipant(chain, authority, { chainId: orgId, name, kinds }, wallet.address);
    return { orgId, name, wallet };
  };
  const parties = {
    regulator: await party('江苏省生态环境厅 Jiangsu Department of Ecology and Environment', ['authority']),
    steel: await party('苏州示范钢铁有限公司 Suzhou Demo Steel', ['enterprise']),
    cement: await party('无锡水泥 Wuxi Cement', ['enterprise']),
    glass: await party('常州玻璃 Changzhou Glass', ['enterprise']),
    verifier: await party('江苏碳核查中心 Jiangsu Carbon Verification Centre', ['verifier']),
    exchange: await party('上海环境能源交易所 Shanghai Environment and Energy Exchange', ['exchange']),
    issuer: await party('绿证核发中心 Green Certificate Centre', ['certificate_issuer']),
    wind: await party('如东海上风电 Rudong Offshore Wind', ['enterprise']),
    plants: [] as Party[],
  };
  // One at a time: registerParticipant reads before it writes, and the authority's nonces must not race.
  for (let i = 1; i <= 10; i++) parties.plants.push(await party(`Plant ${i}`, ['enterprise']));
  return parties;
}

type Parties = Awaited<ReturnType<typeof registerParties>>;

async function anchoring(rows: Row[], chain: ChainConnection, p: Parties, year: number): Promise<void> {
  // A sealed batch: one day of 15-minute readings of 100 meters of the steel plant.
  const start = localMidnight(`${year}-03-01`, MARKET_TIME_ZONE);
  const batch = (label: string) => ({
    batchId: keccakText(`bench batch ${label}`),
    root: keccakText(`bench root ${label}`),
    orgId: p.steel.orgId,
    leafCount: 9_600,
    periodStart: start,
    periodEnd: start + DAY,
  });
  const one = batch('single');
  await measure(
    rows,
    'AnchorRegistry.anchor (1 batch)',
    'new batch id (every anchor writes fresh slots)',
    chain.anchorRegistry.anchor(one.batchId, one.root, one.orgId, one.leafCount, one.periodStart, one.periodEnd),
  );
  await measure(
    rows,
    'AnchorRegistry.anchorBatches (1 batch)',
    'as the anchoring worker sends a round of one',
    chain.anchorRegistry.anchorBatches([batch('round of one')]),
  );
  const twenty = [...Array(20).keys()].map((i) => batch(`round of twenty ${i}`));
  await measure(
    rows,
    'AnchorRegistry.anchorBatches (20 batches)',
    'a round of 20 sealed batches',
    chain.anchorRegistry.anchorBatches(twenty),
    { units: 20, unit: 'batch' },
  );
}

/**
 * Submits, assigns and attests the organisation's inventory of `period`, measured when `rows` is given; returns the
 * obligation it gives, in tonnes.
 */
async function verifyEmissions(
  rows: Row[] | null,
  chain: ChainConnection,
  p: Parties,
  org: Party,
  totals: typeof STEEL_TOTALS,
  period: { start: number; end: number },
): Promise<bigint> {
  const registry = InventoryRegistry__factory.connect(chain.deployment.inventoryRegistry as string, org.wallet);
  const total = totals.scope1 + totals.scope2Location;
  const submission = {
    orgId: org.orgId,
    periodStart: period.start,
    periodEnd: period.end,
    scope1KgCO2e: totals.scope1,
    scope2LocationKgCO2e: totals.scope2Location,
    scope2MarketKgCO2e: totals.scope2Market,
    totalKgCO2e: total,
    energyKgce: total / 3n,
    inventoryHash: keccakText(`{"format":"nengtan-inventory/v1","org":"${org.orgId}","totalKgCO2e":"${total}"}`),
    reportCid: REPORT_CID,
    batchRootsCommitment: keccakText(`roots of ${org.orgId}`),
    factorSetId: keccakText('cn-mee-2024/grid-2022-0.5703'),
  };
  const step = (operation: string, state: string, sent: Promise<Mined>) =>
    rows ? measure(rows, operation, state, sent) : succeeded(operation, sent);
  await step(
    'InventoryRegistry.submit',
    "first version of the organisation's period; report CID a 59-character CIDv1",
    registry.submit(submission),
  );
  const inventoryId = await registry.liveInventoryId(org.orgId, period.start, period.end);
  await step(
    'InventoryRegistry.assignVerifier',
    'first assignment',
    registry.assignVerifier(inventoryId, p.verifier.wallet.address),
  );
  await step(
    'InventoryRegistry.attest',
    'verified, reasonable assurance; statement CID a 59-character CIDv1',
    registry.connect(p.verifier.wallet).attest(inventoryId, Opinion.Verified, Assurance.Reasonable, 500, STATEMENT_CID),
  );
  return (total + 999n) / 1000n;
}

async function allowances(
  rows: Row[],
  chain: ChainConnection,
  market: MarketContracts,
  p: Parties,
  year: number,
  period: { start: number; end: number },
  /** The most offsets the cement works may surrender: 5 % of its obligation. */
  cementOffsetCap: bigint,
): Promise<void> {
  const authority = market.allowances.connect(p.regulator.wallet);
  const latest = await chain.provider.getBlock('latest');
  const deadline = (latest?.timestamp ?? 0) + 90 * DAY;
  await measure(
    rows,
    'CarbonAllowance.openYear',
    'new year',
    authority.openYear(year, period.start, period.end, deadline, 500),
  );
  await measure(
    rows,
    'CarbonAllowance.allocate (1 account)',
    "first allocation of the year: the year's issued total and supply, and the account's balance, written fresh",
    authority.allocate(year, [p.steel.wallet.address], [1_600_000n]),
  );
  await measure(
    rows,
    'CarbonAllowance.allocate (10 accounts)',
    'ten organisations of one account each, all new holders; the year already allocated to',
    authority.allocate(
      year,
      p.plants.map((plant) => plant.wallet.address),
      p.plants.map((_, i) => 80_000n + 7_000n * BigInt(i)),
    ),
    { units: 10, unit: 'account' },
  );
  await measure(
    rows,
    'CarbonAllowance.allocate (1 account)',
    'a new holder; the year already allocated to',
    authority.allocate(year, [p.cement.wallet.address], [950_000n]),
  );
  await measure(
    rows,
    'CarbonAllowance.allocate (1 account)',
    'second allocation to the same account (every slot already non-zero)',
    authority.allocate(year, [p.steel.wallet.address], [150_000n]),
  );

  const program = programCode('CCER');
  const vintage = year - 1;
  const offsetId = await market.allowances.offsetId(program, vintage);
  await measure(
    rows,
    'CarbonAllowance.registerOffset',
    'new programme vintage',
    authority.registerOffset(program, vintage),
  );
  await measure(
    rows,
    'CarbonAllowance.issueOffset',
    'first issuance of the offset id, to a new holder',
    authority.issueOffset(offsetId, p.cement.wallet.address, 60_000n, keccakText(`CCER-${vintage}-000123`)),
  );

  const steel = market.allowances.connect(p.steel.wallet);
  const transfer = (to: Party, amount: bigint) =>
    steel.safeTransferFrom(p.steel.wallet.address, to.wallet.address, year, amount, '0x');
  await measure(
    rows,
    'CarbonAllowance.safeTransferFrom',
    "first transfer to the account: recipient's balance 0 → non-zero",
    transfer(p.glass, 20_000n),
  );
  await measure(
    rows,
    'CarbonAllowance.safeTransferFrom',
    "second transfer to the same account: recipient's balance already non-zero",
    transfer(p.glass, 5_000n),
  );

  await trades(rows, chain, market, p, year);

  await measure(
    rows,
    'CarbonAllowance.surrender (allowances only)',
    "the organisation's and the year's first surrender; balance stays non-zero",
    steel.surrender(year, 1_650_000n, [], []),
  );
  await measure(
    rows,
    'CarbonAllowance.surrender (allowances + 1 offset id)',
    "the organisation's first surrender, the offset id's first; the year's surrendered total already non-zero",
    market.allowances.connect(p.cement.wallet).surrender(year, 940_000n, [offsetId], [cementOffsetCap]),
  );
}

async function trades(
  rows: Row[],
  chain: ChainConnection,
  market: MarketContracts,
  p: Parties,
  year: number,
): Promise<void> {
  const ledger = market.ledger.target.toString();
  await measure(
    rows,
    'CarbonAllowance.setApprovalForAll (TradeLedger)',
    "the seller's first approval",
    market.allowances.connect(p.steel.wallet).setApprovalForAll(ledger, true),
  );
  const parties = { buyer: p.cement.wallet.address, seller: p.steel.wallet.address };
  const input = {
    asset: 'allowance' as const,
    tokenId: String(year),
    quantity: '10000',
    pricePerUnit: '8650',
    currency: 'CNY',
    paymentRef: `ICBC-${year}-0000123456`,
  };
  await measure(
    rows,
    'TradeLedger.recordTrade (exchange, with settlement)',
    'new trade; buyer and seller already hold the id',
    market.ledger
      .connect(p.exchange.wallet)
      .recordTrade(keccakText(`SEEE-${year}-000042`), tradeTerms(chain, parties, input, 'SEEE')),
  );

  const latest = await chain.provider.getBlock('latest');
  const deal: DealValue = {
    dealId: keccakText(`deal ${year} 0193a7c2-5e1f-7b3d-9a8c-4f6e2d1b0a97`),
    deadline: String((latest?.timestamp ?? 0) + 7 * DAY),
    terms: tradeTerms(chain, parties, { ...input, quantity: '15000', pricePerUnit: '8720' }, 'OTC'),
  };
  // The domain as the ledger itself reports it (EIP-5267), so the signatures rest on nothing copied here.
  const [, name, version, chainId, verifyingContract] = await market.ledger.eip712Domain();
  const domain = { name, version, chainId, verifyingContract };
  const buyerSignature = await p.cement.wallet.signTypedData(domain, DEAL_TYPES, deal);
  const sellerSignature = await p.steel.wallet.signTypedData(domain, DEAL_TYPES, deal);
  await measure(
    rows,
    'TradeLedger.recordDeal (OTC, 2 EIP-712 signatures, with settlement)',
    'new deal, sent by the buyer; buyer and seller already hold the id',
    market.ledger.connect(p.cement.wallet).recordDeal(deal, buyerSignature, sellerSignature),
  );
}

async function certificates(rows: Row[], market: MarketContracts, p: Parties, year: number): Promise<void> {
  const issuer = market.certificates.connect(p.issuer.wallet);
  const deviceId = deviceIdOf('GEC-DEV-320623-RUDONG-H1');
  await measure(
    rows,
    'GreenCertificate.registerDevice',
    'new device; the owner checked active with isActiveOrganisation (one slot, whatever its name)',
    issuer.registerDevice(
      deviceId,
      p.wind.orgId,
      encodeBytes32String('offshore wind'),
      encodeBytes32String('CN-JS'),
      300_000,
    ),
  );
  const month = (m: number) => localMidnight(`${year}-${String(m).padStart(2, '0')}-01`, MARKET_TIME_ZONE);
  await measure(
    rows,
    'GreenCertificate.issue',
    "the device's first issuance; evidence CID a 59-character CIDv1",
    issuer.issue(
      deviceId,
      p.wind.wallet.address,
      month(3),
      month(4),
      61_000,
      keccakText('March meter data'),
      EVIDENCE_CID,
    ),
  );
  await measure(
    rows,
    'GreenCertificate.issue',
    "a following issuance; no evidence CID (as services/market sends it, only the evidence's hash)",
    issuer.issue(deviceId, p.wind.wallet.address, month(4), month(5), 58_500, keccakText('April meter data'), ''),
  );

  const march = 1n;
  const wind = market.certificates.connect(p.wind.wallet);
  const transfer = (amount: bigint) =>
    wind.safeTransferFrom(p.wind.wallet.address, p.steel.wallet.address, march, amount, '0x');
  await measure(
    rows,
    'GreenCertificate.safeTransferFrom',
    'first transfer of the id to the account: a new holder',
    transfer(5_000n),
  );
  await measure(rows, 'GreenCertificate.safeTransferFrom', 'second transfer to the same account', transfer(3_000n));
  await measure(
    rows,
    'GreenCertificate.claim',
    "the certificate's first claim, part of the holder's units",
    market.certificates
      .connect(p.steel.wallet)
      .claim(
        march,
        1_000n,
        p.steel.orgId,
        month(1),
        localMidnight(`${year + 1}-01-01`, MARKET_TIME_ZONE),
        encodeBytes32String('CN-JS'),
      ),
  );
  await measure(
    rows,
    'GreenCertificate.revoke',
    'part of a holding (the issuance stays live)',
    issuer.revoke(march, p.wind.wallet.address, 1_000n, 'Metering error: the March statement double-counted feeder 2'),
  );
}

function formatTable(rows: Row[]): string {
  const gas = (n: bigint) => n.toLocaleString('en');
  const lines = rows.map((r) => [
    r.operation,
    gas(r.gas),
    r.per ? `${gas(r.gas / BigInt(r.per.units))} per ${r.per.unit}` : '',
    r.state,
  ]);
  const header = ['operation', 'gas', 'per unit', 'measured state'];
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const numeric = (c: number) => c === 1 || c === 2;
  const cells = (l: string[]) =>
    `| ${l.map((cell, c) => (numeric(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric(c) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [cells(header), rule, ...lines.map(cells)].join('\n');
}

async function main(): Promise<number> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nengtan-bench-gas-'));
  const chain = await connectChain({ ...loadConfig({}), dataDir, chainPort: 0, rpcUrl: undefined });
  try {
    const rows = await deploymentRows(chain, await chain.provider.getBlockNumber());
    const p = await registerParties(chain);
    const market = marketContracts(chain);
    const year = lastYear();
    const period = {
      start: localMidnight(`${year}-01-01`, MARKET_TIME_ZONE),
      end: localMidnight(`${year + 1}-01-01`, MARKET_TIME_ZONE),
    };

    await anchoring(rows, chain, p, year);
    await verifyEmissions(rows, chain, p, p.steel, STEEL_TOTALS, period);
    const cementObligation = await verifyEmissions(null, chain, p, p.cement, CEMENT_TOTALS, period);
    await allowances(rows, chain, market, p, year, period, (cementObligation * 500n) / 10_000n);
    await certificates(rows, market, p, year);

    const registry = ParticipantRegistry__factory.connect(chain.deployment.participantRegistry, chain.provider);
    const accounts = await registry.accountCount();

    const today = new Date().toISOString().slice(0, 10);
    const solc = hardhatConfig.solidity.compilers[0];
    const { hardfork } = hardhatConfig.networks.hardhat;
    const evm = `${hardfork}; solc ${solc.version}, optimizer ${solc.settings.optimizer.runs} runs`;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `bench:gas — ${today}: receipt.gasUsed on a fresh embedded Hardhat chain (${evm}) deployed as by npm start, ` +
        `${accounts} registered accounts, compliance year ${year}\n\n${formatTable(rows)}\n\n` +
        `${rows.length} transactions measured; ${seconds} s in all\n`,
    );
    return 0;
  } finally {
    await chain.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import path from 'node:path';
import { DEFAULT_CHROMIUM } from '../reports/htmlToPdf';
import { defaultMqttClientId } from '../mqtt/mqttClientId';

/**
 * Every setting, from the environment. Each real component is chosen by one variable; unset means the embedded
 * default (README: configuration), so `npm start` works on a machine with nothing else installed.
 */
export interface Config {
  /** PostgreSQL connection string; unset means embedded PGlite under dataDir. */
  databaseUrl?: string;
  /** Where embedded state lives (PGlite, chain journal, deployment record, platform key); null = memory only. */
  dataDir: string | null;
  host: string;
  port: number;
  /** JSON-RPC endpoint of the chain; unset means the embedded in-process chain on chainPort. */
  rpcUrl?: string;
  /**
   * The chain's JSON-RPC URL as browsers may use it (the console verifies receipts against it; it joins the console's
   * connect-src). Unset: the embedded chain's loopback URL, or none when the RPC is external (RPC_URL may be private).
   */
  rpcPublicUrl?: string;
  chainPort: number;
  /** Private key of the anchoring account (hex). Unset with the embedded chain: its well-known dev account. */
  signerKey?: string;
  signerKeystore?: string;
  signerKeystorePassword?: string;
  /**
   * Private key of the network authority, for registering organisations and their accounts in ParticipantRegistry.
   * The embedded chain's authority is its development account; on a real network most instances hold none.
   */
  authorityKey?: string;
  /** Secret that custodial chain keys are encrypted under (64 hex); embedded default: <dataDir>/keystore-secret. */
  keystoreSecret?: string;
  /** Explicit gas price for free-gas permissioned networks (Besu with min-gas-price 0): "0". */
  gasPrice?: bigint;
  /** Blocks after inclusion before an anchor counts as final (0 on QBFT, which has immediate finality). */
  confirmations: number;
  /** Address file of deployed contracts; default <dataDir>/deployments/<chainId>.json. */
  deploymentFile?: string;
  mqttUrl?: string;
  mqttTopicPrefix: string;
  /** This instance's MQTT client id, stable across restarts (MQTT_CLIENT_ID, else derived: see defaultMqttClientId). */
  mqttClientId: string;
  /** How long the broker keeps this instance's session (and queues its messages) while it is disconnected. */
  mqttSessionExpirySeconds: number;
  /** Alert webhooks may target loopback and private addresses (WEBHOOK_ALLOW_PRIVATE=1; off by default: SSRF). */
  webhookAllowPrivate: boolean;
  /** Delay after a webhook delivery's first failure, doubled after each further one. */
  webhookRetryBaseMs: number;
  /** Kubo RPC endpoint for evidence documents; unset means the embedded blockstore in the database. */
  ipfsApiUrl?: string;
  ipfsTimeoutMs: number;
  /** A batch is sealed when it is this old ... */
  batchWindowSeconds: number;
  /** ... or holds this many readings, whichever comes first. */
  batchMaxReadings: number;
  /** How often the batching and anchoring worker looks for work. */
  workerIntervalMs: number;
  /**
   * How long an instance's claim on batches it is anchoring lasts; after a crash another instance takes them over
   * once it expires. Longer than a transaction takes to be mined.
   */
  anchorLeaseSeconds: number;
  /** How often the worker checks that the chain still is the one anchored on (genesis, contract code, anchors). */
  chainCheckIntervalSeconds: number;
  /** Older anchors re-checked on chain per check, chosen at random (every new anchor is checked once). */
  chainCheckSample: number;
  ingestMaxReadings: number;
  /** Largest body of any route but ingest (bytes); larger ones are refused before they are read. */
  bodyLimitBytes: number;
  /** Largest body of the ingest routes (JSON, NDJSON, CSV, multipart), in bytes. */
  ingestBodyLimitBytes: number;
  /** Data rows of one CSV upload; the parser stops at the first row past it. */
  csvMaxRows: number;
  /** Requests per organisation (or key without one) per rate-limit window; 0 switches the limit off. */
  rateLimitMax: number;
  rateLimitWindowSeconds: number;
  /** OTC proposals one organisation may have open to one counterparty, counted over the last hour. */
  otcProposalsPerHour: number;
  /** The console's live stream (GET /v1/live): how often it looks for new data, and how many streams one organisation may hold open. */
  live: { pollMs: number; maxStreamsPerOrganisation: number };
  vee: VeeConfig;
  /** A platform operator key to accept (hex secret part or full key); created on first start when unset. */
  platformKey?: string;
  /** The Chromium binary that prints reports to PDF (Debian's package by default; nothing is downloaded). */
  chromiumPath: string;
  /** How long a console session lasts after sign-in. */
  sessionTtlSeconds: number;
  logLevel: string;
}

export interface VeeConfig {
  /** Gaps up to this long are filled by linear interpolation. */
  interpolateMaxSeconds: number;
  /** Longer gaps, up to this, are filled from the meter's daily profile; longer ones stay open. */
  gapFillMaxSeconds: number;
  /** Readings later than now plus this are refused. */
  futureToleranceSeconds: number;
  /** Readings before this instant are refused. */
  earliest: number;
  /** Timestamps this close to an interval boundary are snapped to it (clock drift). */
  alignToleranceSeconds: number;
  /** Days of history averaged for a profile estimate. */
  profileDays: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${text}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDirText = env.NENGTAN_DATA_DIR ?? '.nengtan';
  const dataDir = dataDirText === ':memory:' ? null : path.resolve(dataDirText);
  const gasPriceText = env.GAS_PRICE;
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    host: env.HOST ?? '127.0.0.1',
    port: int(env, 'PORT', 8080),
    rpcUrl: env.RPC_URL || undefined,
    rpcPublicUrl: env.RPC_PUBLIC_URL || undefined,
    chainPort: int(env, 'CHAIN_PORT', 8545),
    signerKey: env.SIGNER_KEY || undefined,
    signerKeystore: env.SIGNER_KEYSTORE || undefined,
    signerKeystorePassword: env.SIGNER_KEYSTORE_PASSWORD,
    authorityKey: env.AUTHORITY_KEY || undefined,
    keystoreSecret: env.NENGTAN_KEYSTORE_SECRET || undefined,
    gasPrice: gasPriceText === undefined || gasPriceText === '' ? undefined : BigInt(gasPriceText),
    confirmations: int(env, 'CHAIN_CONFIRMATIONS', 0),
    deploymentFile: env.DEPLOYMENT_FILE || undefined,
    mqttUrl: env.MQTT_URL || undefined,
    mqttTopicPrefix: env.MQTT_TOPIC_PREFIX ?? 'nengtan/v1',
    mqttClientId: env.MQTT_CLIENT_ID || defaultMqttClientId({ instance: env.NENGTAN_INSTANCE || undefined, dataDir }),
    mqttSessionExpirySeconds: int(env, 'MQTT_SESSION_EXPIRY_SECONDS', 86_400),
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE === '1' || env.WEBHOOK_ALLOW_PRIVATE === 'true',
    webhookRetryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 5_000),
    ipfsApiUrl: env.IPFS_API_URL || undefined,
    ipfsTimeoutMs: int(env, 'IPFS_TIMEOUT_MS', 60_000),
    batchWindowSeconds: int(env, 'BATCH_WINDOW_SECONDS', 30),
    batchMaxReadings: int(env, 'BATCH_MAX_READINGS', 20_000),
    workerIntervalMs: int(env, 'WORKER_INTERVAL_MS', 500),
    anchorLeaseSeconds: int(env, 'ANCHOR_LEASE_SECONDS', 30),
    chainCheckIntervalSeconds: int(env, 'CHAIN_CHECK_INTERVAL_SECONDS', 60),
    chainCheckSample: int(env, 'CHAIN_CHECK_SAMPLE', 20),
    ingestMaxReadings: Math.min(int(env, 'INGEST_MAX_READINGS', 50_000), 1_000_000),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    ingestBodyLimitBytes: int(env, 'INGEST_BODY_LIMIT_BYTES', 16 * 1024 * 1024),
    csvMaxRows: int(env, 'CSV_MAX_ROWS', 100_000),
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', 1200),
    rateLimitWindowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60),
    otcProposalsPerHour: int(env, 'OTC_PROPOSALS_PER_HOUR', 20),
    live: {
      pollMs: int(env, 'LIVE_POLL_MS', 2000),
      maxStreamsPerOrganisation: int(env, 'LIVE_MAX_STREAMS', 20),
    },
    vee: {
      interpolateMaxSeconds: int(env, 'VEE_INTERPOLATE_MAX_SECONDS', 3600),
      gapFillMaxSeconds: int(env, 'VEE_GAP_FILL_MAX_SECONDS', 7 * 86400),
      futureToleranceSeconds: int(env, 'VEE_FUTURE_TOLERANCE_SECONDS', 300),
      earliest: Date.parse(env.VEE_EARLIEST ?? '2000-01-01T00:00:00Z'),
      alignToleranceSeconds: int(env, 'VEE_ALIGN_TOLERANCE_SECONDS', 60),
      profileDays: int(env, 'VEE_PROFILE_DAYS', 7),
    },
    platformKey: env.NENGTAN_PLATFORM_KEY || undefined,
    chromiumPath: env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
    sessionTtlSeconds: Math.max(1, int(env, 'SESSION_TTL_SECONDS', 8 * 3600)),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

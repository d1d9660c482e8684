import type { FastifyInstance } from 'fastify';
import { startLedgerWorker, type LedgerWorker } from '../anchoring/ledgerWorker';
import { startAlertWorker, type AlertWorker } from '../alerts/alertWorker';
import { connectChain, type ChainConnection } from '../chain/connectChain';
import { loadKeystoreSecret } from '../custody/custodialKeys';
import type { Config } from './config';
import { lockDataDir } from './dataDirLock';
import type { Db } from '../db/db';
import { migrate } from '../db/migrate';
import { openDb } from '../db/openDb';
import { loadKeccak } from '../lib/keccak';
import type { MqttIngest } from '../mqtt/mqttIngest';
import { startConfiguredMqttIngest } from './startConfiguredMqttIngest';
import { ensurePlatformKey } from './platformKey';
import { startChainIndexer, type ChainIndexer } from '../indexer/chainIndexer';
import { indexedContracts } from '../indexer/indexedContracts';
import { buildApp } from '../api/buildApp';
import { openDocumentStore } from '../documents/openDocumentStore';
import type { DocumentStore } from '../documents/documentStore';
import { startDeferredIngestThread } from '../ingest/deferredIngestThread';
import { startDeferredIngestWorker, type DeferredIngestWorker } from '../ingest/deferredIngestWorker';

export interface Nengtan {
  app: FastifyInstance;
  db: Db;
  documents: DocumentStore;
  chain: ChainConnection;
  worker: LedgerWorker;
  /** Evaluates alert rules after ingest, delivers webhooks and publishes alerts over MQTT. */
  alerts: AlertWorker;
  /** Mirrors the contracts' events into PostgreSQL. */
  indexer: ChainIndexer;
  /** Ingests requests acknowledged 202 (Prefer: respond-async). */
  deferredIngest: DeferredIngestWorker;
  mqtt?: MqttIngest;
  url: string;
  platformKeyAt: string;
  stop(): Promise<void>;
}

/**
 * Starts everything: database (migrated), chain (embedded or RPC_URL), the ledger worker, the chain indexer, MQTT
 * ingest, and the API listening on HOST:PORT. Idempotent across restarts: the same data, contracts and chain are reused.
 */
export async function startNengtan(config: Config): Promise<Nengtan> {
  const unlock = config.dataDir && !config.databaseUrl ? lockDataDir(config.dataDir) : () => undefined;
  const app0 = {
    db: undefined as Db | undefined,
    chain: undefined as ChainConnection | undefined,
    alerts: undefined as AlertWorker | undefined,
    deferredIngest: undefined as DeferredIngestWorker | undefined,
  };
  try {
    await loadKeccak();
    const db = (app0.db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
    await migrate(db);
    const platformKeyAt = await ensurePlatformKey(db, { platformKey: config.platformKey, dataDir: config.dataDir });
    const documents = await openDocumentStore(db, {
      ipfsApiUrl: config.ipfsApiUrl,
      ipfsTimeoutMs: config.ipfsTimeoutMs,
    });
    const chain = (app0.chain = await connectChain(config));
    const keystoreSecret = loadKeystoreSecret({ secret: config.keystoreSecret, dataDir: config.dataDir });
    // The route wakes the deferred-ingest worker, which logs through the app: it starts once the app exists.
    const wakeDeferred = { wake: () => app0.deferredIngest?.wake() };
    const app = await buildApp(
      { config, db, chain, keystoreSecret, documents, deferredIngest: wakeDeferred },
      { logger: { level: config.logLevel } },
    );
    // On PostgreSQL the deferred ingest runs on its own thread (its own pool), off the acknowledging event loop.
    const deferredOptions = {
      vee: config.vee,
      maxReadings: config.ingestMaxReadings,
      intervalMs: config.workerIntervalMs,
    };
    const deferredIngest = (app0.deferredIngest = config.databaseUrl
      ? startDeferredIngestThread(config.databaseUrl, deferredOptions, app.log)
      : startDeferredIngestWorker(db, deferredOptions, app.log));
    const worker = startLedgerWorker(
      db,
      chain,
      {
        windowSeconds: config.batchWindowSeconds,
        maxReadings: config.batchMaxReadings,
        intervalMs: config.workerIntervalMs,
        chainCheckIntervalMs: config.chainCheckIntervalSeconds * 1000,
        chainCheckSample: config.chainCheckSample,
      },
      app.log,
    );
    const indexer = startChainIndexer(
      db,
      chain.provider,
      indexedContracts(chain.deployment),
      {
        name: `deployment:${chain.chainId}:${chain.deployment.participantRegistry.toLowerCase()}`,
        confirmations: config.confirmations,
        maxBlocks: 2_000,
        startBlock: chain.deployment.deployedAtBlock,
        intervalMs: Math.max(config.workerIntervalMs, 1_000),
      },
      app.log,
    );
    const alerts = (app0.alerts = startAlertWorker(
      db,
      {
        intervalMs: Math.max(config.workerIntervalMs, 1_000),
        webhooks: { allowPrivate: config.webhookAllowPrivate, baseDelayMs: config.webhookRetryBaseMs },
        mqtt: config.mqttUrl ? { url: config.mqttUrl, clientId: `${config.mqttClientId}-alerts` } : undefined,
        chain,
      },
      app.log,
    ));
    const mqtt = await startConfiguredMqttIngest(db, config, app.log);
    const url = await app.listen({ host: config.host, port: config.port });
    let stopping: Promise<void> | undefined;
    return {
      app,
      db,
      documents,
      chain,
      worker,
      alerts,
      indexer,
      deferredIngest,
      mqtt,
      url,
      platformKeyAt,
      stop() {
        // Stop taking work first, then let in-flight work finish, then close what it used.
        stopping ??= (async () => {
          await app.close();
          await mqtt?.stop();
          await worker.stop();
          await deferredIngest.stop();
          await alerts.stop();
          await indexer.stop();
          await chain.close();
          await db.close();
          unlock();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app0.alerts?.stop().catch(() => undefined);
    await app0.deferredIngest?.stop().catch(() => undefined);
    await app0.chain?.close().catch(() => undefined);
    await app0.db?.close().catch(() => undefined);
    unlock();
    throw error;
  }
}

/**
 * The MQTT ingest with its database as a process of its own, configured from the environment like `npm start`
 * (NENGTAN_DATA_DIR, DATABASE_URL, MQTT_URL, MQTT_TOPIC_PREFIX, ...), so a test can restart it the way an operator
 * restarts Nengtan: a new process each time. Prints "ready" once subscribed; SIGTERM stops it gracefully.
 */
import { openDb } from '../../../services/db/openDb';
import { loadKeccak } from '../../../services/lib/keccak';
import { loadConfig } from '../../../services/runtime/config';
import { lockDataDir } from '../../../services/runtime/dataDirLock';
import { startConfiguredMqttIngest } from '../../../services/runtime/startConfiguredMqttIngest';

async function main(): Promise<void> {
  const config = loadConfig();
  await loadKeccak();
  const unlock = config.dataDir && !config.databaseUrl ? lockDataDir(config.dataDir) : () => undefined;
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  const log = {
    info() {},
    warn: (o: { err?: Error }, m?: string) => process.stderr.write(`${m} ${o.err?.message}\n`),
    error: (o: object, m?: string) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`),
  };
  const ingest = await startConfiguredMqttIngest(db, config, log);
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await ingest?.stop();
      await db.close();
      unlock();
      process.exit(0);
    })();
  });
}

// Only when run as a process of its own: `hardhat test` also loads every file under test/.
if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`ingest process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

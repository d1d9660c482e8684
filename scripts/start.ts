/**
 * npm start: Nengtan in one process with embedded defaults (README: quick start). Every component can be replaced by
 * setting one environment variable (README: configuration).
 */
import { loadConfig } from '../services/runtime/config';
import { startNengtan } from '../services/runtime/startNengtan';
import { redactUrl, redactUrlsIn } from '../services/lib/redactUrl';

async function main(): Promise<void> {
  const config = loadConfig();
  const nengtan = await startNengtan(config);
  const lines = [
    '',
    'Nengtan 能碳 is running',
    `  API            ${nengtan.url}   (OpenAPI docs: ${nengtan.url}/docs)`,
    `  database       ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}/pglite`}`,
    `  chain          ${redactUrl(nengtan.chain.rpcUrl)} (chain id ${nengtan.chain.chainId}${nengtan.chain.embedded ? ', embedded' : ''})`,
    `  contracts      AnchorRegistry ${nengtan.chain.deployment.anchorRegistry}, ParticipantRegistry ${nengtan.chain.deployment.participantRegistry}, InventoryRegistry ${nengtan.chain.deployment.inventoryRegistry ?? '(not deployed: npm run deploy)'}`,
    `  deployment     ${nengtan.chain.deploymentFile}`,
    `  documents      ${nengtan.documents.kind === 'kubo' ? `Kubo at ${redactUrl(config.ipfsApiUrl ?? '')}` : 'embedded IPFS blockstore in the database (set IPFS_API_URL for Kubo)'}`,
    `  MQTT ingest    ${config.mqttUrl ? `${redactUrl(config.mqttUrl)}, topics ${config.mqttTopicPrefix}/<org>/meters/<meter>/readings` : 'off (set MQTT_URL)'}`,
    `  platform key   ${nengtan.platformKeyAt}`,
    `  batches        sealed every ${config.batchWindowSeconds} s or ${config.batchMaxReadings} readings`,
    '',
    'Try it: npm run demo   (in another terminal)',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const shutdown = (signal: string) => {
    nengtan.app.log.info({ signal }, 'shutting down');
    nengtan.stop().then(
      () => process.exit(0),
      (error) => {
        nengtan.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(
    `Nengtan could not start: ${redactUrlsIn(error instanceof Error ? error.message : String(error))}\n`,
  );
  process.exit(1);
});

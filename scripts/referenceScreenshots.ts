/**
 * npm run screenshots: copies the browser tests' screenshots that serve as reference images (README,
 * docs/miit-functions.md) from test-output/console/ to docs/screenshots/. Run `npm run test:console` first; a
 * missing image stops the copy and names it, so the references never mix two runs' pages silently.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Each reference image and what it shows (MIIT function numbers from docs/miit-functions.md). */
export const REFERENCE_SCREENSHOTS: Record<string, string> = {
  'cockpit.png': 'cockpit (functions 1, 2)',
  'monitoring.png': 'energy monitoring (function 1)',
  'energyAnalysis.png': 'energy structure, cost and load shifting (function 3)',
  'benchmarking.png': 'efficiency benchmarking (function 4)',
  'flow.png': 'energy flow Sankey and balances (function 5)',
  'flowBalance.png': 'energy balance table and ranked savings (functions 5, 6)',
  'measures.png': 'energy-saving measures and measured savings (function 6)',
  'budgets.png': 'budgets and forecasts (function 7)',
  'carbon-trace.png': 'carbon inventory traced to meters and factors (function 8)',
  'carbon-product-footprint.png': 'product footprint by life-cycle stage (function 9)',
  'accounting-setup.png': 'energy contracts and Scope 3 factor sets (function 8)',
  'supply-chain-customer.png': 'supplier footprint received and verified (functions 9, 10)',
  'notarization-verifier.png': "verifier's workspace (function 11)",
  'trust-verified.png': 'a receipt verified in the browser against the chain (function 11)',
  'market.png': 'positions, compliance and trades (function 12)',
  'park.png': 'industrial park over its members',
  'park-alert-rules.png': "park alert rules and alerts on the members' aggregates",
};

function main(): void {
  const root = path.resolve(__dirname, '..');
  const from = path.join(root, 'test-output', 'console');
  const to = path.join(root, 'docs', 'screenshots');
  const missing = Object.keys(REFERENCE_SCREENSHOTS).filter((name) => !existsSync(path.join(from, name)));
  if (missing.length > 0) {
    console.error(`missing in test-output/console: ${missing.join(', ')}\nrun first: npm run test:console`);
    process.exit(1);
  }
  mkdirSync(to, { recursive: true });
  for (const name of Object.keys(REFERENCE_SCREENSHOTS)) copyFileSync(path.join(from, name), path.join(to, name));
  console.log(`${Object.keys(REFERENCE_SCREENSHOTS).length} screenshots → docs/screenshots/`);
}

main();

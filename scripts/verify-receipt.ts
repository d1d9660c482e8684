/**
 * npm run verify-receipt -- <receipt.json> <rpc-url>
 * Checks a Nengtan proof receipt with ethers and the chain's JSON-RPC endpoint only (services/receipts/verifyReceipt.ts
 * imports nothing but ethers). Exits 0 when every check passes, 1 otherwise, 2 on usage errors.
 */
import { readFileSync } from 'node:fs';
import { receiptIsValid, verifyReceipt } from '../services/receipts/verifyReceipt';

async function main(): Promise<number> {
  const [file, rpcUrl = process.env.RPC_URL] = process.argv.slice(2);
  if (!file || !rpcUrl) {
    process.stderr.write('usage: npm run verify-receipt -- <receipt.json> <rpc-url>   (or set RPC_URL)\n');
    return 2;
  }
  const receipt = JSON.parse(readFileSync(file, 'utf8'));
  const checks = await verifyReceipt(receipt, rpcUrl);
  for (const c of checks) process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name}${c.ok ? '' : `  (${c.detail})`}\n`);
  const ok = receiptIsValid(checks);
  process.stdout.write(ok ? 'VERIFIED: the reading is in a batch anchored on chain\n' : 'NOT VERIFIED\n');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`verify-receipt failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

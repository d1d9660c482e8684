/**
 * Three 50 MB CSV uploads at once to `<base>/v1/readings/csv` with `<key>` (multipart with Content-Length, chunked
 * multipart, chunked text/csv), run as a process of its own by test/services/api/bigBodies.test.ts so that the clients'
 * work does not share the server's event loop. Prints the answers as JSON.
 */
import { auth } from './testApp';
import { streamUpload } from './httpUpload';
import { csvBytes, MAPPING, multipartStream, streamOf } from './bigCsv';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [base, key] = process.argv.slice(2);
  const size = 50 * MB;
  const withLength = multipartStream(csvBytes(size), size, true);
  const chunkedMultipart = multipartStream(csvBytes(size), size, false);
  const answers = await Promise.all([
    streamUpload(
      `${base}/v1/readings/csv`,
      { ...auth(key), ...withLength.headers },
      withLength.body,
      withLength.length,
    ),
    streamUpload(`${base}/v1/readings/csv`, { ...auth(key), ...chunkedMultipart.headers }, chunkedMultipart.body),
    streamUpload(
      `${base}/v1/readings/csv?mapping=${encodeURIComponent(MAPPING)}`,
      { ...auth(key), 'content-type': 'text/csv' },
      streamOf(csvBytes(size)),
    ),
  ]);
  process.stdout.write(JSON.stringify(answers));
}

main().catch((error) => {
  process.stderr.write(`uploads failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

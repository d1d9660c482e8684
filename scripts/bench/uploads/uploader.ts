/**
 * Uploading clients in their own process (bench:uploads, and the lingering-close test), so that the process
 * watching the server does no upload work: `rounds` times, either three `size`-byte CSV uploads at once
 * (`three`) or one multipart upload with its Content-Length written at full speed (`one`). Tells its parent what
 * each upload was answered: the status, or the socket error that came instead of an answer.
 */
import { csvBytes, multipartStream, streamUpload, threeBigUploads } from '../../../test/helpers/httpUpload';

async function oneWithLength(base: string, key: string, size: number): Promise<number> {
  const upload = multipartStream(csvBytes(size), size, true);
  const headers = { authorization: `Bearer ${key}`, ...upload.headers };
  return (await streamUpload(`${base}/v1/readings/csv`, headers, upload.body, upload.length)).status;
}

async function main(): Promise<void> {
  const [base, key, sizeText, roundsText, mode] = process.argv.slice(2);
  const size = Number(sizeText);
  const answers: (number | string)[] = [];
  const errorCode = (error: unknown) => String((error as { code?: string }).code ?? error);
  for (let round = 0; round < Number(roundsText); round++) {
    if (mode === 'one') answers.push(await oneWithLength(base, key, size).catch(errorCode));
    else
      answers.push(
        ...(await threeBigUploads(base, key, size).then(
          (all) => all.map((a) => a.status),
          (error) => [errorCode(error)],
        )),
      );
  }
  process.send?.({ answers });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

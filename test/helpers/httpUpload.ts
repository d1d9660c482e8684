import http from 'node:http';

export interface UploadAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body bytes the client had written when the answer came. */
  sent: number;
}

/**
 * Sends a body to a listening server over a real socket, chunk by chunk with backpressure (so the client never holds
 * the whole body), and stops sending as soon as the server answers, as a client does that reads while it writes.
 * Without `contentLength` the body goes chunked.
 */
export function streamUpload(
  url: string,
  headers: Record<string, string>,
  body: AsyncIterable<Buffer>,
  contentLength?: number,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const request = http.request(url, {
      method: 'POST',
      headers: contentLength === undefined ? headers : { ...headers, 'content-length': String(contentLength) },
    });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
          sent,
        });
      });
      response.on('error', reject);
    });
    request.on('error', (error) => {
      // Writing after the server answered and closed is expected; failing before an answer is not.
      if (!answered) reject(error);
    });
    void (async () => {
      for await (const chunk of body) {
        if (answered || request.destroyed) return;
        sent += chunk.length;
        if (!request.write(chunk)) {
          await new Promise<void>((done) => {
            const settle = () => {
              request.off('drain', settle);
              request.off('close', settle);
              done();
            };
            request.on('drain', settle);
            request.on('close', settle);
          });
        }
      }
      if (!answered && !request.destroyed) request.end();
    })().catch(reject);
  });
}

/** GET over a real socket; resolves with the status and the milliseconds the answer took. */
export function timedGet(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      })
      .on('error', reject);
  });
}

export const CSV_HEADER = 'meter,start,kwh\n';
export const CSV_MAPPING = JSON.stringify({ meter: 'meter', time: 'start', value: 'kwh' });

/** `total` bytes of CSV: a header and rows of meter A-E1, made 64 KiB at a time (the client never holds the file). */
export function* csvBytes(total: number): Generator<Buffer> {
  const row = Buffer.from('A-E1,2026-11-01T00:00:00Z,1.25\n');
  const block = Buffer.concat(Array.from({ length: Math.floor((64 * 1024) / row.length) }, () => row));
  yield Buffer.from(CSV_HEADER);
  for (let left = total - CSV_HEADER.length; left > 0; left -= block.length)
    yield block.subarray(0, Math.min(left, block.length));
}

/** A multipart/form-data body around a streamed file, with the mapping field before or after it. */
export function multipartStream(file: Iterable<Buffer>, fileBytes: number, mappingFirst: boolean) {
  const boundary = '----nengtanbodies';
  const mapping = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${CSV_MAPPING}\r\n`,
  );
  const fileHead = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const end = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = async function* () {
    if (mappingFirst) yield mapping;
    yield fileHead;
    yield* file;
    yield mappingFirst ? end : Buffer.concat([Buffer.from('\r\n'), mapping.subarray(0, mapping.length - 2), end]);
  };
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: body(),
    length: mapping.length + fileHead.length + fileBytes + end.length,
  };
}

export async function* streamOf(chunks: Iterable<Buffer>): AsyncGenerator<Buffer> {
  yield* chunks;
}

/**
 * Three uploads of `size` bytes of CSV to POST /v1/readings/csv at once, one of each kind a client sends: multipart
 * with a length, multipart chunked (mapping after the file), and text/csv chunked.
 */
export function threeBigUploads(base: string, key: string, size: number): Promise<UploadAnswer[]> {
  const auth = { authorization: `Bearer ${key}` };
  const withLength = multipartStream(csvBytes(size), size, true);
  const chunkedMultipart = multipartStream(csvBytes(size), size, false);
  return Promise.all([
    streamUpload(`${base}/v1/readings/csv`, { ...auth, ...withLength.headers }, withLength.body, withLength.length),
    streamUpload(`${base}/v1/readings/csv`, { ...auth, ...chunkedMultipart.headers }, chunkedMultipart.body),
    streamUpload(
      `${base}/v1/readings/csv?mapping=${encodeURIComponent(CSV_MAPPING)}`,
      { ...auth, 'content-type': 'text/csv' },
      streamOf(csvBytes(size)),
    ),
  ]);
}

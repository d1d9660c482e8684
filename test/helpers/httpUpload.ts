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

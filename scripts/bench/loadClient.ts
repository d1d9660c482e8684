/**
 * The gateways of bench:ingest, in a worker thread so that producing load does not steal the server's event loop:
 * each queue is one gateway sending its requests in order; the answer is every request's latency in milliseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  url: string;
  key: string;
  queues: string[][];
  /** Send `Prefer: respond-async` and expect 202 (deferred ingest). */
  deferred?: boolean;
}

async function run({ url, key, queues, deferred }: Job): Promise<number[]> {
  const expected = deferred ? 202 : 200;
  const latencies: number[] = [];
  await Promise.all(
    queues.map(async (queue) => {
      for (const body of queue) {
        const started = performance.now();
        const res = await fetch(`${url}/v1/readings`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            ...(deferred ? { prefer: 'respond-async' } : {}),
          },
          body,
        });
        const text = await res.text();
        if (res.status !== expected) throw new Error(`ingest failed: ${res.status} ${text.slice(0, 300)}`);
        latencies.push(performance.now() - started);
        if (process.env.BENCH_TRACE)
          console.log(`request ${latencies.length}: ${(performance.now() - started).toFixed(0)} ms`);
      }
    }),
  );
  return latencies;
}

run(workerData as Job).then(
  (latencies) => parentPort?.postMessage({ latencies }),
  (error) => parentPort?.postMessage({ error: String(error) }),
);

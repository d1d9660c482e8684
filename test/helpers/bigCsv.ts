/** Big CSV uploads made on the fly, for the body-limit tests: the client never holds the file. */
export const HEADER = 'meter,start,kwh\n';
export const MAPPING = JSON.stringify({ meter: 'meter', time: 'start', value: 'kwh' });

/** `total` bytes of CSV: a header and rows of one meter, made 64 KiB at a time (the client never holds the file). */
export function* csvBytes(total: number): Generator<Buffer> {
  const row = Buffer.from('A-E1,2026-11-01T00:00:00Z,1.25\n');
  const block = Buffer.concat(Array.from({ length: Math.floor((64 * 1024) / row.length) }, () => row));
  yield Buffer.from(HEADER);
  for (let left = total - HEADER.length; left > 0; left -= block.length)
    yield block.subarray(0, Math.min(left, block.length));
}

/** A multipart/form-data body around a streamed file, with the mapping field before or after it. */
export function multipartStream(file: Iterable<Buffer>, fileBytes: number, mappingFirst: boolean) {
  const boundary = '----nengtanbodies';
  const mapping = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${MAPPING}\r\n`);
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

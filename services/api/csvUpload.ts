import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import {
  parseCsvReadings,
  parseMapping,
  readCsvReadings,
  type CsvLimits,
  type CsvMapping,
} from '../ingest/csvReadings';
import type { ReceivedBatch } from '../ingest/received';
import { NengtanError, type ReadingProblem } from '../lib/errors';
import { bodyLimitOf, bodyTooLarge } from './bodyLimits';

/** A CSV upload read into readings, with the hash that makes its retry idempotent. */
export interface CsvUpload {
  batch: ReceivedBatch;
  problems: ReadingProblem[];
  /** sha256(file bytes ‖ NUL ‖ mapping text): the same for a multipart and a text/csv upload of one file. */
  bodyHash: Uint8Array;
}

function mappingOf(text: string | undefined): CsvMapping {
  if (text === undefined) throw new NengtanError('NT_ERR_CSV_MAPPING', { message: 'No column mapping was sent' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NengtanError('NT_ERR_CSV_MAPPING', { message: 'The mapping is not valid JSON' });
  }
  return parseMapping(json);
}

function finishHash(hash: Hash, mappingText: string | undefined): Uint8Array {
  return hash.update(`\u0000${mappingText ?? ''}`).digest();
}

async function* hashed(source: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}

/** A text/csv body (already bounded by the route's body limit), mapping in the query. */
export async function readTextCsv(
  request: FastifyRequest<{ Querystring: { mapping?: string } }>,
  limits: CsvLimits,
): Promise<CsvUpload> {
  if (!String(request.headers['content-type'] ?? '').startsWith('text/csv')) {
    throw new NengtanError('NT_ERR_REQUEST_MEDIA_TYPE', {
      message: 'A CSV upload must be multipart/form-data or text/csv',
      hint: 'Send the file as multipart/form-data (fields "file" and "mapping") or as text/csv with ?mapping=.',
    });
  }
  const mappingText = request.query.mapping;
  const mapping = mappingOf(mappingText);
  const { batch, problems } = await parseCsvReadings(String(request.body ?? ''), mapping, limits);
  const hash = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0));
  return { batch, problems, bodyHash: finishHash(hash, mappingText) };
}

/**
 * A multipart upload: the file is parsed as it streams in when the mapping came first (the query or a field before
 * the file), else it is held, within the file size limit, until the mapping arrives. A file past the limit is refused
 * the moment it passes it.
 */
export async function readMultipartCsv(
  request: FastifyRequest<{ Querystring: { mapping?: string } }>,
  limits: CsvLimits,
): Promise<CsvUpload> {
  let mappingText = request.query.mapping;
  const hash = createHash('sha256');
  let parsed: Omit<CsvUpload, 'bodyHash'> | undefined;
  let parsedWith: string | undefined;
  let held: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        refuseWhenTooLarge(part.file, bodyLimitOf(request));
        if (mappingText === undefined) {
          held = await part.toBuffer();
        } else {
          parsedWith = mappingText;
          parsed = await readCsvReadings(hashed(part.file, hash), mappingOf(mappingText), limits);
        }
      } else if (part.fieldname === 'mapping') {
        mappingText = String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof NengtanError || (error as { statusCode?: number }).statusCode) throw error;
    // The multipart parser reports broken framing (no boundary, truncated body) as plain errors.
    throw new NengtanError('NT_ERR_CSV_PARSE', {
      message: `The multipart body is malformed: ${(error as Error).message}`,
      hint: 'Send multipart/form-data with a boundary, a "mapping" field and a "file" field.',
    });
  }
  if (parsed) {
    if (mappingText !== parsedWith) {
      throw new NengtanError('NT_ERR_CSV_MAPPING', {
        message: 'Two different mappings were sent (the query and a field after the file)',
        hint: 'Send one mapping: the "mapping" field before the "file" field, or ?mapping= alone.',
      });
    }
    return { ...parsed, bodyHash: finishHash(hash, mappingText) };
  }
  if (!held) {
    throw new NengtanError('NT_ERR_CSV_PARSE', {
      message: 'No file part in the upload',
      hint: 'Send the CSV as the form field "file".',
    });
  }
  const mapping = mappingOf(mappingText);
  const { batch, problems } = await parseCsvReadings(held.toString('utf8'), mapping, limits);
  return { batch, problems, bodyHash: finishHash(hash.update(held), mappingText) };
}

/** Ends the file's stream with a coded 413 as soon as it passes the limit (the multipart parser only truncates it). */
function refuseWhenTooLarge(file: Readable, limitBytes: number): void {
  file.once('limit', () => file.destroy(bodyTooLarge(limitBytes)));
}

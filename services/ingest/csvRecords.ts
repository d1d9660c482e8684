import { pipeline, Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { NengtanError } from '../lib/errors';
import { CsvText } from './csvText';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
  fields: string[];
  /** 1-based line in the file where the record starts. */
  line: number;
}

/** Where the parser is, for naming the line of a parse error. */
interface Progress {
  /** Line on which the last good record ended. */
  lastEnd: number;
  /** Blank lines skipped up to the end of the last good record. */
  emptyLinesAtLastEnd: number;
  headerLength: number;
}

/** Line (1-based) at which a record that ends on `endLine` starts, given its raw text. */
function startLine(endLine: number, raw: string): number {
  // Raw text includes the blank lines skipped before the record and its own line break.
  const own = raw.replace(/^(?:[ \t]*\n)+/, '').replace(/\n$/, '');
  return endLine - (own.match(/\n/g)?.length ?? 0);
}

/**
 * The records of a CSV upload as they arrive: the source is parsed chunk by chunk (csv-parse's stream), so a large
 * upload is never held whole, the event loop serves other requests between chunks, and a consumer that stops early
 * (a row limit) stops the reading of the source too. Line numbers count the `skipRows` title lines.
 */
export async function* csvRecords(
  source: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  delimiter: CsvDelimiter,
  skipRows: number,
): AsyncGenerator<CsvRecord> {
  const progress: Progress = { lastEnd: 0, emptyLinesAtLastEnd: 0, headerLength: 0 };
  const options: Options = {
    delimiter,
    raw: true,
    trim: true,
    skip_empty_lines: true,
    on_record: (record: { record: string[]; raw: string }, context) => {
      progress.lastEnd = context.lines;
      progress.emptyLinesAtLastEnd = context.empty_lines;
      if (progress.headerLength === 0) progress.headerLength = record.record.length;
      return { fields: record.record, line: skipRows + startLine(context.lines, record.raw) };
    },
  };
  const parser = parse(options);
  // Errors of any stage (a source over its size limit, broken quoting) end the iteration below with that error.
  pipeline(Readable.from(source, { objectMode: false }), new CsvText(skipRows), parser, () => undefined);
  try {
    for await (const record of parser) yield record as CsvRecord;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = skipRows + errorLine(error, progress);
    throw new NengtanError('NT_ERR_CSV_PARSE', {
      message: `Line ${line}: ${describeCsvError(error, progress.headerLength)}`,
      details: { line },
    });
  }
}

/**
 * csv-parse reports where it noticed the problem; for a quote never closed that is the end of the file, so point at
 * the first line after the last good record and the blank lines after it, where the quoted field opened.
 */
function errorLine(error: CsvError, progress: Progress): number {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const blank = Number((error as unknown as { empty_lines?: number }).empty_lines ?? progress.emptyLinesAtLastEnd);
    return progress.lastEnd + Math.max(0, blank - progress.emptyLinesAtLastEnd) + 1;
  }
  return Number(error.lines) || progress.lastEnd + 1;
}

function describeCsvError(error: CsvError, headerLength: number): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field starting on this line is never closed';
    case 'INVALID_OPENING_QUOTE':
      return `a quote appears inside the unquoted field ${Number(error.index) + 1}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `text follows the closing quote of field ${Number(error.index) + 1}; write a quote inside quotes as ""`;
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const fields = Array.isArray(error.record) ? String(error.record.length) : 'a different number of';
      return `the row has ${fields} fields but the header row has ${headerLength}`;
    }
    default:
      return error.message.replace(/\s+(?:at|on) line \d+/, '');
  }
}

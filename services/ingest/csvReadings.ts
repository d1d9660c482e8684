import { NengtanError, type ReadingProblem } from '../lib/errors';
import { csvRecords, type CsvDelimiter, type CsvRecord } from './csvRecords';
import { parseReceivedReading, type ReceivedBatch, type ReceivedReading, type TimeField } from './received';

export type CsvTimeFormat = 'iso' | 'unix' | 'unix_ms';
export type { CsvDelimiter } from './csvRecords';

/** A value that is the same on every row, instead of a column. */
export interface CsvFixed {
  value: string;
}

interface CsvMappingCommon {
  /** Column holding the time of the reading. */
  time: string;
  /** Which reading time the time column holds; default 'start'. */
  timeField?: TimeField;
  /** 'iso': text as written; 'unix': seconds; 'unix_ms': milliseconds. Default 'iso'. */
  timeFormat?: CsvTimeFormat;
  /** Default ','. */
  delimiter?: CsvDelimiter;
  /** Lines before the header row (titles written by meter software). Default 0. */
  skipRows?: number;
}

/** One reading per row. */
export interface CsvLongMapping extends CsvMappingCommon {
  /** Column holding the meter id, or the one meter of the whole file. */
  meter: string | CsvFixed;
  value: string;
  unit?: string | CsvFixed;
  meters?: never;
}

/** One row per time, one column per meter: `meters` maps column -> meter id. Empty cells are gaps. */
export interface CsvWideMapping extends CsvMappingCommon {
  meters: Record<string, string>;
  unit?: CsvFixed;
  meter?: never;
  value?: never;
}

/** How the columns of a CSV upload map to readings (README: CSV import). */
export type CsvMapping = CsvLongMapping | CsvWideMapping;

const COMMON_KEYS = ['time', 'timeField', 'timeFormat', 'delimiter', 'skipRows', 'unit'];
const LONG_KEYS = new Set([...COMMON_KEYS, 'meter', 'value']);
const WIDE_KEYS = new Set([...COMMON_KEYS, 'meters']);
const TIME_FIELDS: readonly TimeField[] = ['start', 'end', 'at'];
const TIME_FORMATS: readonly CsvTimeFormat[] = ['iso', 'unix', 'unix_ms'];
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
const MAX_NAME = 200;
const MAX_UNIT = 20;
const MAX_METER_COLUMNS = 1000;
const MAX_SKIP_ROWS = 1000;

const LAYOUT_HINT =
  'One reading per row: {"meter": "<column>" or {"value": "<meter id>"}, "time": "<column>", "value": "<column>"}; ' +
  'one column per meter: {"time": "<column>", "meters": {"<column>": "<meter id>"}}. ' +
  'Optional: timeField, timeFormat, unit, delimiter, skipRows (see the README).';

function mappingError(key: string, message: string, hint = LAYOUT_HINT): NengtanError {
  return new NengtanError('NT_ERR_CSV_MAPPING', { message, hint, details: { key } });
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function columnName(key: string, raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '' || name.length > MAX_NAME) {
    throw mappingError(key, `${key} must name a column (a non-empty string of at most ${MAX_NAME} characters)`);
  }
  return name;
}

function fixedValue(key: string, raw: Record<string, unknown>, maxLength: number): CsvFixed {
  for (const k of Object.keys(raw)) {
    if (k !== 'value')
      throw mappingError(`${key}.${k}`, `Unknown key "${k.slice(0, 40)}" in ${key}; only "value" is allowed`);
  }
  const value = typeof raw.value === 'string' ? raw.value.trim() : '';
  if (value === '' || value.length > maxLength) {
    throw mappingError(`${key}.value`, `${key}.value must be a non-empty string of at most ${maxLength} characters`);
  }
  return { value };
}

function columnOrFixed(key: string, raw: unknown, maxLength: number): string | CsvFixed {
  return isPlainObject(raw) ? fixedValue(key, raw, maxLength) : columnName(key, raw);
}

function oneOf<T extends string>(key: string, raw: unknown, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !allowed.includes(raw as T)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(', ');
    throw mappingError(key, `${key} must be one of ${list}`, `Use one of ${list}, or omit ${key} for the default.`);
  }
  return raw as T;
}

/**
 * Checks a column mapping sent by a client (a JSON form field) and returns it with column names trimmed. Anything
 * it does not understand is refused rather than ignored: a misspelt key would otherwise silently read the wrong
 * column into the ledger.
 */
export function parseMapping(raw: unknown): CsvMapping {
  if (!isPlainObject(raw)) throw mappingError('mapping', 'The mapping must be a JSON object');
  const hasMeter = raw.meter !== undefined;
  const hasMeters = raw.meters !== undefined;
  if (hasMeter && hasMeters) {
    throw mappingError(
      'mapping',
      'The mapping has both "meter" (one reading per row) and "meters" (one column per meter); use one of them',
    );
  }
  if (!hasMeter && !hasMeters) {
    throw mappingError('mapping', 'The mapping needs "meter" (one reading per row) or "meters" (one column per meter)');
  }
  const allowed = hasMeters ? WIDE_KEYS : LONG_KEYS;
  for (const key of Object.keys(raw)) {
    if (allowed.has(key)) continue;
    if (hasMeters && key === 'value') {
      throw mappingError(
        'mapping.value',
        '"value" cannot be used with "meters": each meter column holds the values of its meter',
      );
    }
    throw mappingError(
      `mapping.${key.slice(0, 40)}`,
      `Unknown key "${key.slice(0, 40)}" in the mapping; allowed: ${[...allowed].join(', ')}`,
    );
  }

  const common: CsvMappingCommon = { time: columnName('mapping.time', raw.time) };
  const timeField = oneOf('mapping.timeField', raw.timeField, TIME_FIELDS);
  const timeFormat = oneOf('mapping.timeFormat', raw.timeFormat, TIME_FORMATS);
  const delimiter = oneOf('mapping.delimiter', raw.delimiter, DELIMITERS);
  if (timeField !== undefined) common.timeField = timeField;
  if (timeFormat !== undefined) common.timeFormat = timeFormat;
  if (delimiter !== undefined) common.delimiter = delimiter;
  if (raw.skipRows !== undefined) {
    const n = raw.skipRows;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_SKIP_ROWS) {
      throw mappingError('mapping.skipRows', `mapping.skipRows must be a whole number from 0 to ${MAX_SKIP_ROWS}`);
    }
    common.skipRows = n;
  }

  let mapping: CsvMapping;
  if (hasMeters) {
    if (!isPlainObject(raw.meters) || Object.keys(raw.meters).length === 0) {
      throw mappingError('mapping.meters', 'mapping.meters must be an object mapping column names to meter ids');
    }
    const entries = Object.entries(raw.meters);
    if (entries.length > MAX_METER_COLUMNS) {
      throw mappingError('mapping.meters', `mapping.meters maps more than ${MAX_METER_COLUMNS} columns`);
    }
    const meters: Record<string, string> = {};
    const columnOfMeter = new Map<string, string>();
    for (const [column, meter] of entries) {
      const key = `mapping.meters[${JSON.stringify(column.slice(0, 40))}]`;
      const name = column.trim();
      if (name === '' || name.length > MAX_NAME) {
        throw mappingError(
          key,
          `mapping.meters has an empty or over-long column name (at most ${MAX_NAME} characters)`,
        );
      }
      if (typeof meter !== 'string' || meter.trim() === '' || meter.trim().length > MAX_NAME) {
        throw mappingError(key, `${key} must be a meter id (a non-empty string of at most ${MAX_NAME} characters)`);
      }
      const id = meter.trim();
      if (Object.prototype.hasOwnProperty.call(meters, name)) {
        throw mappingError(key, `Column "${name}" appears twice in mapping.meters`);
      }
      const other = columnOfMeter.get(id);
      if (other !== undefined) {
        // Two columns for one meter would send two values for every interval; refuse instead of picking one.
        throw mappingError(key, `mapping.meters maps both "${other}" and "${name}" to meter "${id}"`);
      }
      columnOfMeter.set(id, name);
      meters[name] = id;
    }
    const wide: CsvWideMapping = { ...common, meters };
    if (raw.unit !== undefined) {
      if (!isPlainObject(raw.unit)) {
        throw mappingError(
          'mapping.unit',
          'With "meters", mapping.unit must be {"value": "<unit>"}: the unit of every meter column',
          'Write e.g. "unit": {"value": "kWh"}, or omit unit to use each meter\'s reading unit.',
        );
      }
      wide.unit = fixedValue('mapping.unit', raw.unit, MAX_UNIT);
    }
    mapping = wide;
  } else {
    const long: CsvLongMapping = {
      ...common,
      meter: columnOrFixed('mapping.meter', raw.meter, MAX_NAME),
      value: columnName('mapping.value', raw.value),
    };
    if (raw.unit !== undefined) long.unit = columnOrFixed('mapping.unit', raw.unit, MAX_UNIT);
    mapping = long;
  }
  assertDistinctColumns(mapping);
  return mapping;
}

/** The columns a mapping reads, each with the mapping key that names it. */
function mappedColumns(mapping: CsvMapping): Array<{ key: string; column: string }> {
  const out = [{ key: 'mapping.time', column: mapping.time }];
  if (mapping.meters !== undefined) {
    for (const column of Object.keys(mapping.meters)) out.push({ key: `mapping.meters`, column });
  } else {
    if (typeof mapping.meter === 'string') out.push({ key: 'mapping.meter', column: mapping.meter });
    out.push({ key: 'mapping.value', column: mapping.value });
    if (typeof mapping.unit === 'string') out.push({ key: 'mapping.unit', column: mapping.unit });
  }
  return out;
}

function assertDistinctColumns(mapping: CsvMapping): void {
  const seen = new Map<string, string>();
  for (const { key, column } of mappedColumns(mapping)) {
    const other = seen.get(column);
    if (other !== undefined) {
      throw mappingError(key, `Column "${column}" is used by both ${other} and ${key}; each column has one role`);
    }
    seen.set(column, key);
  }
}

/** Time text as the pipeline parses it; Excel in zh-CN writes dates as 2026/11/1 8:15. */
function isoText(text: string): string {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:([ T])(\d{1,2})(:.*))?$/.exec(text);
  if (!m) return text;
  const [, y, mo, d, sep, h, rest] = m;
  const date = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return sep === undefined ? date : `${date}${sep}${h.padStart(2, '0')}${rest}`;
}

const UNIX_SECONDS = /^-?\d+(?:\.\d+)?$/;
const UNIX_MS = /^-?\d+$/;

/**
 * The time cell as a reading time, or undefined when it is not in the mapping's format. ISO text is passed on as
 * written (it is parsed later against the meter's time zone); unix times become numbers of seconds.
 */
function readTime(text: string, format: CsvTimeFormat): string | number | undefined {
  if (format === 'iso') return isoText(text);
  if (format === 'unix') return UNIX_SECONDS.test(text) ? Number(text) : undefined;
  return UNIX_MS.test(text) ? Number(text) / 1000 : undefined;
}

interface CellSources {
  meter?: string;
  time: string;
  value: string;
  unit?: string;
}

export interface CsvLimits {
  /** Readings of one upload (INGEST_MAX_READINGS). */
  maxReadings: number;
  /** Data rows of one upload (CSV_MAX_ROWS): bounds the work on rows that hold no readings, too. */
  maxRows: number;
}

/** Reads the data rows of a file whose header row is `headerRow` into readings. */
interface RowReader {
  read(row: CsvRecord): void;
  result(): { batch: ReceivedBatch; problems: ReadingProblem[] };
}

/**
 * Reads a CSV upload into readings using `mapping`, as its bytes arrive: the upload is parsed chunk by chunk and
 * refused at the first row past `limits.maxRows` or reading past `limits.maxReadings`, without reading the rest.
 * Each reading's index is its 1-based line in the file, so problems point at the line a user sees in a spreadsheet
 * or editor. Problems with single readings are collected; a file that cannot be read as a whole (bad mapping,
 * missing column, broken quoting, too many rows or readings) throws.
 */
export async function readCsvReadings(
  source: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  mapping: CsvMapping,
  limits: CsvLimits,
): Promise<{ batch: ReceivedBatch; problems: ReadingProblem[] }> {
  const m = parseMapping(mapping);
  const skipRows = m.skipRows ?? 0;
  let rows: RowReader | undefined;
  let dataRows = 0;
  for await (const record of csvRecords(source, m.delimiter ?? ',', skipRows)) {
    if (!record.fields.some((f) => f.trim() !== '')) continue;
    if (!rows) {
      rows = rowReader(m, record, limits.maxReadings);
      continue;
    }
    if (++dataRows > limits.maxRows) {
      throw new NengtanError('NT_ERR_CSV_TOO_MANY_ROWS', {
        message: `The file has more than ${limits.maxRows} data rows (line ${record.line} is one too many)`,
        details: { maxRows: limits.maxRows },
      });
    }
    rows.read(record);
  }
  if (!rows) {
    throw new NengtanError('NT_ERR_CSV_PARSE', {
      message: skipRows > 0 ? `The file has no header row after the ${skipRows} skipped rows` : 'The file is empty',
      details: { line: skipRows + 1 },
    });
  }
  return rows.result();
}

/** A CSV file held as text, read the same way in slices (so a large one does not hold the event loop). */
export function parseCsvReadings(
  text: string,
  mapping: CsvMapping,
  limits: CsvLimits,
): Promise<{ batch: ReceivedBatch; problems: ReadingProblem[] }> {
  return readCsvReadings(textSlices(text), mapping, limits);
}

function* textSlices(text: string, size = 64 * 1024): Generator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function rowReader(m: CsvMapping, headerRow: CsvRecord, maxReadings: number): RowReader {
  const timeField = m.timeField ?? 'start';
  const timeFormat = m.timeFormat ?? 'iso';
  const header = headerRow.fields.map((f) => f.trim());
  const indexOf = (column: string, key: string): number => {
    const at = header.indexOf(column);
    if (at === -1) {
      const names = header.map((h) => JSON.stringify(h)).join(', ');
      throw new NengtanError('NT_ERR_CSV_MAPPING', {
        message: `Column "${column}" (${key}) is not in the header row on line ${headerRow.line}; the header has: ${names}`,
        hint:
          'Column names must match the header row exactly (case and inner spaces count); ' +
          'set skipRows if title lines come before the header.',
        details: { column, header },
      });
    }
    if (header.indexOf(column, at + 1) !== -1) {
      throw new NengtanError('NT_ERR_CSV_MAPPING', {
        message: `Column "${column}" (${key}) appears more than once in the header row on line ${headerRow.line}`,
        hint: 'Rename one of the columns so the mapping names exactly one.',
        details: { column, header },
      });
    }
    return at;
  };
  for (const { key, column } of mappedColumns(m)) indexOf(column, key);

  const problems: ReadingProblem[] = [];
  const readings: ReceivedReading[] = [];
  let count = 0;
  const add = (line: number, cells: CellSources, columns: CellSources): void => {
    if (++count > maxReadings) {
      throw new NengtanError('NT_ERR_INGEST_TOO_LARGE', { details: { maxReadings } });
    }
    const before = problems.length;
    const time = readTime(cells.time, timeFormat);
    if (time === undefined) {
      problems.push({
        index: line,
        field: timeField,
        code: 'NT_ERR_READING_TIME',
        message: `"${cells.time.slice(0, 40)}" is not ${timeFormat === 'unix' ? 'unix seconds' : 'unix milliseconds'}`,
        hint: `The mapping says timeFormat "${timeFormat}"; check the column or change timeFormat.`,
      });
    }
    const obj: Record<string, unknown> = { meter: cells.meter, [timeField]: time ?? 0, value: cells.value };
    if (cells.unit !== undefined && cells.unit !== '') obj.unit = cells.unit;
    const reading = parseReceivedReading(obj, line, problems);
    for (let i = before; i < problems.length; i++) {
      const field = problems[i].field === timeField ? 'time' : (problems[i].field as keyof CellSources);
      const column = columns[field];
      if (column !== undefined)
        problems[i] = { ...problems[i], message: `${problems[i].message} (column "${column}")` };
    }
    if (reading && time !== undefined) readings.push(reading);
  };
  // CSV uploads come from people, not gateways: nothing in them is signed.
  const result = () => ({ batch: { readings, signatures: [] }, problems });

  const timeAt = indexOf(m.time, 'mapping.time');
  if (m.meters !== undefined) {
    const unit = m.unit?.value;
    const meterColumns = Object.entries(m.meters).map(([column, meter]) => ({
      column,
      meter,
      at: indexOf(column, 'mapping.meters'),
    }));
    return {
      read(row) {
        for (const { column, meter, at } of meterColumns) {
          const value = (row.fields[at] ?? '').trim();
          if (value === '') continue;
          add(row.line, { meter, time: row.fields[timeAt].trim(), value, unit }, { time: m.time, value: column });
        }
      },
      result,
    };
  }
  const meter = m.meter;
  const meterAt = typeof meter === 'string' ? indexOf(meter, 'mapping.meter') : -1;
  const unitAt = typeof m.unit === 'string' ? indexOf(m.unit, 'mapping.unit') : -1;
  const valueAt = indexOf(m.value, 'mapping.value');
  const columns: CellSources = {
    meter: typeof meter === 'string' ? meter : undefined,
    time: m.time,
    value: m.value,
    unit: typeof m.unit === 'string' ? m.unit : undefined,
  };
  return {
    read(row) {
      const cell = (at: number) => (row.fields[at] ?? '').trim();
      add(
        row.line,
        {
          meter: typeof meter === 'string' ? cell(meterAt) : meter.value,
          time: cell(timeAt),
          value: cell(valueAt),
          unit: typeof m.unit === 'string' ? cell(unitAt) : m.unit?.value,
        },
        columns,
      );
    },
    result,
  };
}

import { NengtanError, type ReadingProblem } from '../lib/errors';

export type TimeField = 'at' | 'start' | 'end';
export type IngestSource = 'http' | 'csv' | 'mqtt';

/** One reading as a client sent it, after structural parsing and before any interpretation. */
export interface ReceivedReading {
  /**
   * Where the reading is in the request; every problem and notice refers to it: the 0-based array index for JSON,
   * the 1-based line number for NDJSON and CSV (so an editor can jump to it).
   */
  index: number;
  /** Meter external id (or UUID). */
  meter: string;
  timeField: TimeField;
  /** The time as sent: ISO 8601 text, or a number of unix seconds. */
  time: string | number;
  /** The value as sent: a decimal string or a JSON number. */
  value: string | number;
  unit?: string;
}

/** A gateway signature over all readings of one meter in the request (README: signed readings). */
export interface ReceivedSignature {
  meter: string;
  signature: string;
}

export interface ReceivedBatch {
  readings: ReceivedReading[];
  signatures: ReceivedSignature[];
}

const READING_KEYS = new Set(['meter', 'at', 'start', 'end', 'value', 'unit']);
const TIME_FIELDS: TimeField[] = ['at', 'start', 'end'];
const MAX_TEXT = 200;

function problem(
  index: number,
  field: string,
  code: ReadingProblem['code'],
  message: string,
  hint: string,
): ReadingProblem {
  return { index, field, code, message, hint };
}

/**
 * Checks the shape of one reading object and returns it typed, or the problems with it. Nothing is interpreted
 * here (meter, unit and time are resolved later), so the same checks serve JSON, NDJSON and MQTT.
 */
export function parseReceivedReading(
  raw: unknown,
  index: number,
  problems: ReadingProblem[],
  meterFromContext?: string,
): ReceivedReading | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(
      problem(
        index,
        '',
        'NT_ERR_READING_FIELD',
        'A reading must be a JSON object',
        'Send {"meter", "start"|"end"|"at", "value", "unit"?}.',
      ),
    );
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  const before = problems.length;
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    if (!READING_KEYS.has(key)) {
      problems.push(
        problem(
          index,
          key,
          'NT_ERR_READING_FIELD',
          `Unknown field "${key.slice(0, 40)}"`,
          'Allowed fields: meter, at, start, end, value, unit.',
        ),
      );
    }
    const value = obj[key];
    // PostgreSQL text cannot hold U+0000; refuse it here rather than let it reach a query.
    if (typeof value === 'string' && value.includes('\u0000')) {
      problems.push(
        problem(
          index,
          key,
          key === 'value' ? 'NT_ERR_READING_VALUE' : 'NT_ERR_READING_FIELD',
          `${key.slice(0, 40)} contains a NUL character`,
          'Remove control characters from the field.',
        ),
      );
    }
  }
  let meter = meterFromContext;
  if (meterFromContext === undefined || obj.meter !== undefined) {
    if (typeof obj.meter !== 'string' || obj.meter.length === 0 || obj.meter.length > MAX_TEXT) {
      problems.push(
        problem(
          index,
          'meter',
          'NT_ERR_READING_FIELD',
          'meter must be a non-empty string',
          "Send the meter's external id.",
        ),
      );
    } else if (meterFromContext !== undefined && obj.meter !== meterFromContext) {
      problems.push(
        problem(
          index,
          'meter',
          'NT_ERR_READING_FIELD',
          'meter differs from the meter of the topic',
          'Omit meter or send the same one.',
        ),
      );
    } else {
      meter = obj.meter;
    }
  }
  const present = TIME_FIELDS.filter((f) => obj[f] !== undefined);
  let timeField: TimeField | undefined;
  if (present.length !== 1) {
    problems.push(
      problem(
        index,
        'start',
        'NT_ERR_READING_FIELD',
        present.length === 0 ? 'The reading has no time' : `The reading has several times (${present.join(', ')})`,
        'Send exactly one of start or end (interval meters) or at (register meters).',
      ),
    );
  } else {
    timeField = present[0];
    const t = obj[timeField];
    if (!((typeof t === 'string' && t.length > 0 && t.length <= 64) || (typeof t === 'number' && Number.isFinite(t)))) {
      problems.push(
        problem(
          index,
          timeField,
          'NT_ERR_READING_TIME',
          `${timeField} must be an ISO 8601 string or unix seconds`,
          'Example: "2026-11-01T08:15:00+08:00".',
        ),
      );
    }
  }
  const value = obj.value;
  if (!(
    (typeof value === 'string' && value.length > 0 && value.length <= 80) ||
    (typeof value === 'number' && Number.isFinite(value))
  )) {
    problems.push(
      problem(
        index,
        'value',
        'NT_ERR_READING_VALUE',
        'value must be a decimal string or a finite number',
        'Send the value as a string such as "123.45" to keep every digit.',
      ),
    );
  }
  if (obj.unit !== undefined && (typeof obj.unit !== 'string' || obj.unit.length === 0 || obj.unit.length > 20)) {
    problems.push(
      problem(
        index,
        'unit',
        'NT_ERR_READING_UNIT',
        'unit must be a short string',
        'Omit unit to use the meter\'s reading unit, or send e.g. "kWh".',
      ),
    );
  }
  if (problems.length > before || meter === undefined || timeField === undefined) return undefined;
  return {
    index,
    meter,
    timeField,
    time: obj[timeField] as string | number,
    value: value as string | number,
    unit: obj.unit as string | undefined,
  };
}

/** Checks `{ meter, signature }` entries of a request. */
export function parseSignatures(raw: unknown, problems: ReadingProblem[]): ReceivedSignature[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push(
      problem(
        -1,
        'signatures',
        'NT_ERR_READING_SIGNATURE',
        'signatures must be an array',
        'Send [{"meter": "...", "signature": "0x..."}].',
      ),
    );
    return [];
  }
  const out: ReceivedSignature[] = [];
  raw.forEach((entry, i) => {
    const e = entry as Record<string, unknown> | null;
    if (
      typeof e !== 'object' ||
      e === null ||
      Array.isArray(e) ||
      typeof e.meter !== 'string' ||
      e.meter.includes('\u0000') ||
      typeof e.signature !== 'string' ||
      !/^0x[0-9a-fA-F]{130}$/.test(e.signature) ||
      Object.keys(e).some((k) => k !== 'meter' && k !== 'signature')
    ) {
      problems.push(
        problem(
          -1,
          `signatures[${i}]`,
          'NT_ERR_READING_SIGNATURE',
          'A signature entry must be {"meter", "signature": 65-byte hex}',
          'Sign the canonical batch with EIP-191 (README: signed readings).',
        ),
      );
      return;
    }
    out.push({ meter: e.meter, signature: e.signature });
  });
  return out;
}

/** Parses the JSON body of POST /v1/readings: `{ readings: [...], signatures?: [...] }`. */
export function parseJsonBatch(
  body: unknown,
  maxReadings: number,
): { batch: ReceivedBatch; problems: ReadingProblem[] } {
  const problems: ReadingProblem[] = [];
  const obj = body as Record<string, unknown> | null;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || !Array.isArray(obj.readings)) {
    problems.push(
      problem(
        -1,
        'readings',
        'NT_ERR_READING_FIELD',
        'The body must be an object with a readings array',
        'Send {"readings": [...]}.',
      ),
    );
    return { batch: { readings: [], signatures: [] }, problems };
  }
  for (const key of Object.keys(obj)) {
    if (key !== 'readings' && key !== 'signatures') {
      problems.push(
        problem(
          -1,
          key,
          'NT_ERR_READING_FIELD',
          `Unknown field "${key.slice(0, 40)}"`,
          'Allowed: readings, signatures.',
        ),
      );
    }
  }
  if (obj.readings.length > maxReadings) throw tooMany(maxReadings);
  const readings: ReceivedReading[] = [];
  obj.readings.forEach((raw, index) => {
    const reading = parseReceivedReading(raw, index, problems);
    if (reading) readings.push(reading);
  });
  const signatures = parseSignatures(obj.signatures, problems);
  return { batch: { readings, signatures }, problems };
}

/**
 * Parses NDJSON: one reading object per line; a line `{"meter", "signature"}` carries a gateway signature. Blank
 * lines are ignored; the 1-based line number is the reading index.
 */
export function parseNdjsonBatch(
  text: string,
  maxReadings: number,
): { batch: ReceivedBatch; problems: ReadingProblem[] } {
  const problems: ReadingProblem[] = [];
  const readings: ReceivedReading[] = [];
  const signatureEntries: unknown[] = [];
  const lines = text.split('\n');
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push(
        problem(i + 1, '', 'NT_ERR_READING_FIELD', `Line ${i + 1} is not valid JSON`, 'Send one JSON object per line.'),
      );
      continue;
    }
    if (typeof parsed === 'object' && parsed !== null && 'signature' in parsed) {
      signatureEntries.push(parsed);
      continue;
    }
    if (++count > maxReadings) throw tooMany(maxReadings);
    const reading = parseReceivedReading(parsed, i + 1, problems);
    if (reading) readings.push(reading);
  }
  const signatures = parseSignatures(signatureEntries, problems);
  return { batch: { readings, signatures }, problems };
}

function tooMany(max: number): NengtanError {
  return new NengtanError('NT_ERR_INGEST_TOO_LARGE', { details: { maxReadings: max } });
}

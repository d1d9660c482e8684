/**
 * The one error registry. Every error a caller can see has a stable code (`NT_ERR_<AREA>_<PROBLEM>`), an HTTP
 * status, a message and a hint that says what to do about it. Codes are a promise to API users: add, never rename.
 */
export const ERRORS = {
  NT_ERR_AUTH_MISSING: {
    status: 401,
    message: 'No API key was sent',
    hint: 'Send the key as "Authorization: Bearer nt_..." (or the x-api-key header).',
  },
  NT_ERR_AUTH_INVALID: {
    status: 401,
    message: 'The API key is unknown or revoked',
    hint: 'Check the key; an organisation admin can issue a new one with POST /v1/api-keys.',
  },
  NT_ERR_AUTH_SCOPE: {
    status: 403,
    message: 'The API key lacks the scope this call needs',
    hint: 'Use a key with the scope named in the error details, or ask an admin to issue one.',
  },
  NT_ERR_NOT_FOUND: {
    status: 404,
    message: 'Not found',
    hint: 'Check the identifier; resources of other organisations are never visible.',
  },
  NT_ERR_REQUEST_INVALID: {
    status: 400,
    message: 'The request does not match the API schema',
    hint: 'See the OpenAPI document at /docs for the exact shape of this request.',
  },
  NT_ERR_REQUEST_MEDIA_TYPE: {
    status: 415,
    message: 'Unsupported content type for this route',
    hint: 'Send the content type the route documents at /docs.',
  },
  NT_ERR_CONFLICT: {
    status: 409,
    message: 'A resource with the same identity exists',
    hint: 'Use a different identifier, or fetch and update the existing resource.',
  },
  NT_ERR_METER_CONFIG: {
    status: 422,
    message: 'The meter configuration is not valid',
    hint: 'See the energy kinds and units table in the README (GET /v1/energy-kinds lists them).',
  },
  NT_ERR_INGEST_INVALID: {
    status: 422,
    message: 'The readings were refused; nothing was stored',
    hint: 'Fix the readings listed in `errors` (each names its index, field, code and hint) and send the whole request again.',
  },
  NT_ERR_INGEST_EMPTY: {
    status: 422,
    message: 'The request holds no readings',
    hint: 'Send at least one reading.',
  },
  NT_ERR_INGEST_TOO_LARGE: {
    status: 413,
    message: 'The request holds too many readings',
    hint: 'Split it into requests of at most the limit in the error details (NDJSON streams are limited the same way).',
  },
  NT_ERR_INGEST_IDEMPOTENCY_MISMATCH: {
    status: 422,
    message: 'This Idempotency-Key was used before with a different body',
    hint: 'Use a new Idempotency-Key for a different request; resend the identical body to get the original answer.',
  },
  NT_ERR_CSV_MAPPING: {
    status: 422,
    message: 'The CSV column mapping is not valid',
    hint: 'Send a mapping naming the meter, time and value columns that exist in the header row (see the README).',
  },
  NT_ERR_CSV_PARSE: {
    status: 422,
    message: 'The CSV file could not be parsed',
    hint: 'Send UTF-8 CSV with a header row; quote fields that contain the delimiter.',
  },
  NT_ERR_RECEIPT_NOT_ANCHORED: {
    status: 409,
    message: 'The reading is stored but its batch is not anchored yet',
    hint: 'Batches are anchored within the batch window; retry in a few seconds (GET /v1/batches shows their status).',
  },
  NT_ERR_CHAIN_UNAVAILABLE: {
    status: 503,
    message: 'The chain cannot be reached',
    hint: 'Check RPC_URL and that the node is up; anchoring resumes by itself when it is.',
  },
  NT_ERR_INTERNAL: {
    status: 500,
    message: 'Internal error',
    hint: 'Retry; if it persists, report the request id in the response header x-request-id.',
  },
} as const satisfies Record<string, { status: number; message: string; hint: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** One problem with one reading of a request, reported back with the index of the reading in the request. */
export interface ReadingProblem {
  index: number;
  field: string;
  code: ReadingProblemCode;
  message: string;
  hint: string;
}

export type ReadingProblemCode =
  | 'NT_ERR_READING_FIELD'
  | 'NT_ERR_READING_METER_UNKNOWN'
  | 'NT_ERR_READING_VALUE'
  | 'NT_ERR_READING_UNIT'
  | 'NT_ERR_READING_TIME'
  | 'NT_ERR_READING_TIME_FUTURE'
  | 'NT_ERR_READING_TIME_RANGE'
  | 'NT_ERR_READING_UNALIGNED'
  | 'NT_ERR_READING_SIGNATURE';

/** An error a caller can act on. Thrown anywhere, turned into an HTTP answer by the API's error handler. */
export class NengtanError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly hint: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, options: { message?: string; hint?: string; details?: Record<string, unknown> } = {}) {
    super(options.message ?? ERRORS[code].message);
    this.name = 'NengtanError';
    this.code = code;
    this.statusCode = ERRORS[code].status;
    this.hint = options.hint ?? ERRORS[code].hint;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return { statusCode: this.statusCode, code: this.code, message: this.message, hint: this.hint, ...this.details };
  }
}

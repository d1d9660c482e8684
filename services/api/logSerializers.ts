import { redactUrlsIn } from '../lib/redactUrl';

interface LoggedError {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

/**
 * How errors are logged: type, message, code and stack, with every URL in them redacted (a failed connection's
 * message names the URL it tried, credentials and API key included).
 */
export function serializeError(error: Error): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: redactUrlsIn(String(error)), stack: '' };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor.name,
    message: redactUrlsIn(error.message),
    ...(code === undefined ? {} : { code }),
    stack: redactUrlsIn(error.stack ?? ''),
    ...(error.cause instanceof Error ? { cause: serializeError(error.cause) } : {}),
  };
}

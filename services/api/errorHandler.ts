import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PG_ERROR, pgErrorCode } from '../db/db';
import { decodeContractError } from '../chain/contractErrors';
import { contractRefusalMessage } from '../chain/contractErrorWords';
import { NengtanError } from '../lib/errors';
import { bodyLimitOf, bodyTooLarge } from './bodyLimits';
import { redactUrlsIn } from '../lib/redactUrl';

/** Fastify's own error codes that mean "the client sent something unusable". */
const CLIENT_ERRORS: Record<string, { status: number; message: string; hint: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    message: 'Unsupported content type',
    hint: 'Send application/json, application/x-ndjson, text/csv or multipart/form-data as the route documents (/docs).',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'The JSON body is empty', hint: 'Send a JSON document.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    message: 'Content-Length does not match the body',
    hint: 'Resend the request.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'The body is not valid JSON', hint: 'Check the JSON syntax.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    message: 'The request is not multipart',
    hint: 'Send multipart/form-data with the fields file and mapping.',
  },
  FST_PARTS_LIMIT: { status: 413, message: 'Too many multipart parts', hint: 'Send one file and one mapping.' },
  FST_FILES_LIMIT: { status: 413, message: 'Too many files', hint: 'Send one file per request.' },
  FST_FIELDS_LIMIT: { status: 413, message: 'Too many form fields', hint: 'Send the fields file and mapping only.' },
  FST_PROTO_VIOLATION: {
    status: 400,
    message: 'Malformed multipart field name',
    hint: 'Send the fields file and mapping only.',
  },
};

/**
 * The one place errors become HTTP answers: NengtanErrors and client mistakes get their status, code, message and
 * hint (details only for 4xx); anything else is logged with the request's context and answered as a bare 500.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof NengtanError) {
    if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
    void reply.status(error.statusCode).send(error.toJSON());
    return;
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE') {
    void reply.status(413).send(bodyTooLarge(bodyLimitOf(request)).toJSON());
    return;
  }
  if (error.validation) {
    const body = new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: `The request does not match the API schema: ${error.message}`,
      details: {
        errors: error.validation.map((v) => ({
          path: `${error.validationContext ?? ''}${v.instancePath}`,
          message: v.message ?? '',
        })),
      },
    });
    void reply.status(400).send(body.toJSON());
    return;
  }
  const known = error.code ? CLIENT_ERRORS[error.code] : undefined;
  if (known || (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)) {
    const status = known?.status ?? (error.statusCode as number);
    void reply.status(status).send({
      statusCode: status,
      code: 'NT_ERR_REQUEST_INVALID',
      message: known?.message ?? error.message,
      hint: known?.hint ?? 'See the OpenAPI document at /docs.',
    });
    return;
  }
  const failed = error as { code?: string; revert?: { name: string; args: unknown[] } | null; data?: unknown };
  const revert = failed.revert ?? decodeContractError(failed.data);
  if (failed.code === 'CALL_EXCEPTION' && revert) {
    // A contract refused: a custom error decoded from the interface, e.g. CarbonAllowanceEmissionsNotVerified, told in
    // words and then as raised.
    void reply
      .status(422)
      .send(new NengtanError('NT_ERR_CHAIN_REVERTED', { message: contractRefusalMessage(revert) }).toJSON());
    return;
  }
  if (pgErrorCode(error) === PG_ERROR.UNIQUE_VIOLATION) {
    void reply.status(409).send(new NengtanError('NT_ERR_CONFLICT').toJSON());
    return;
  }
  if (['22P02', '22007', '22008', '22021', '22P05', '22003'].includes(pgErrorCode(error) ?? '')) {
    // Malformed or out-of-range input that reached a query (invalid text representation, datetime format or
    // overflow, bytes not in UTF-8 such as NUL, numeric overflow): the request's fault, not the server's.
    void reply
      .status(400)
      .send(new NengtanError('NT_ERR_REQUEST_INVALID', { message: 'A value in the request is malformed' }).toJSON());
    return;
  }
  // Unexpected: the caller sees only the request id, so the log must hold everything (the child logger binds reqId).
  request.log.error({ err: error, reqId: request.id }, `unexpected error answered 500: ${redactUrlsIn(error.message)}`);
  void reply.status(500).send(new NengtanError('NT_ERR_INTERNAL').toJSON());
}

/** Fastify's own refusals before routing: a path that is not valid percent-encoded UTF-8 (/v1/meters/%ED%A0%80). */
export function badUrl(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(400)
    .header('x-request-id', request.id)
    .send(
      new NengtanError('NT_ERR_REQUEST_INVALID', {
        message: `The URL is not valid: ${error.message}`,
        hint: 'Percent-encode path segments as UTF-8 (encodeURIComponent); GET /docs lists the routes.',
      }).toJSON(),
    );
}

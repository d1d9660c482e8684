import { expect } from 'chai';
import { ERRORS, NengtanError, type ErrorCode } from '../../../services/lib/errors';

/**
 * The NengtanError a call refuses with, checked to carry `code`, its registry status and a hint: every failure path of
 * the document store must be an error a caller can act on, never a crash or a library's own exception.
 */
export async function refusal(call: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<NengtanError> {
  let caught: unknown;
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof NengtanError)) {
    throw new Error(`expected a NengtanError ${code}, got ${caught === undefined ? 'success' : String(caught)}`);
  }
  expect(caught.code).to.equal(code);
  expect(caught.statusCode).to.equal(ERRORS[code].status);
  expect(caught.hint).to.be.a('string').and.not.equal('');
  return caught;
}

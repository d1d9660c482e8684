import { verifyMessage } from 'ethers';
import { canonicalJson } from '../lib/canonicalJson';
import type { ReadingProblem } from '../lib/errors';
import { keccak256 } from '../lib/keccak';
import { fromHex, toHex } from '../lib/hex';
import type { Meter } from '../registry/meters';
import type { ReceivedBatch, ReceivedReading } from './received';

/**
 * The message a gateway signs for the readings of one meter in one request: the RFC 8785 canonical JSON of
 * `{ "meter": <meter as sent>, "readings": [ { <at|start|end>: <time as sent>, "value": <value as sent>,
 * "unit"?: <unit as sent> }, ... ] }` with the readings in request order. It is signed with EIP-191
 * (`personal_sign`, ethers `signMessage`).
 */
export function canonicalSignedMessage(meter: string, readings: readonly ReceivedReading[]): string {
  return canonicalJson({
    meter,
    readings: readings.map((r) => ({
      [r.timeField]: r.time,
      value: r.value,
      ...(r.unit === undefined ? {} : { unit: r.unit }),
    })),
  });
}

/**
 * Checks gateway signatures: every meter with a registered gateway must come with a valid signature from that
 * gateway over its readings; a signature for any other meter is refused as well (it cannot be checked). Returns the
 * signature hash per meter reference (what the leaves commit to) and the problems.
 */
export function checkSignatures(
  batch: ReceivedBatch,
  meters: Map<string, Meter>,
): { hashes: Map<string, string>; problems: ReadingProblem[] } {
  const problems: ReadingProblem[] = [];
  const hashes = new Map<string, string>();
  const byMeter = new Map<string, ReceivedReading[]>();
  for (const r of batch.readings) {
    const list = byMeter.get(r.meter);
    if (list) list.push(r);
    else byMeter.set(r.meter, [r]);
  }
  const signatures = new Map<string, string>();
  for (const s of batch.signatures) {
    if (signatures.has(s.meter)) {
      problems.push({
        index: -1,
        field: 'signatures',
        code: 'NT_ERR_READING_SIGNATURE',
        message: `Two signatures for meter "${s.meter.slice(0, 80)}"`,
        hint: 'Send one signature per meter over all its readings.',
      });
    }
    signatures.set(s.meter, s.signature);
  }
  for (const [ref, readings] of byMeter) {
    const meter = meters.get(ref);
    if (!meter) continue; // reported as an unknown meter elsewhere
    const signature = signatures.get(ref);
    signatures.delete(ref);
    const first = readings[0].index;
    if (!meter.gatewayAddress) {
      if (signature) {
        problems.push({
          index: first,
          field: 'signature',
          code: 'NT_ERR_READING_SIGNATURE',
          message: `Meter "${ref}" has no registered gateway to check the signature against`,
          hint: 'Register the gateway address on the meter (PATCH /v1/meters/{id}) or send the readings unsigned.',
        });
      }
      continue;
    }
    if (!signature) {
      problems.push({
        index: first,
        field: 'signature',
        code: 'NT_ERR_READING_SIGNATURE',
        message: `Meter "${ref}" accepts only readings signed by its gateway ${meter.gatewayAddress}`,
        hint: 'Sign the canonical batch of its readings with the gateway key (README: signed readings) and send it in signatures.',
      });
      continue;
    }
    let signer: string | undefined;
    try {
      signer = verifyMessage(canonicalSignedMessage(ref, readings), signature).toLowerCase();
    } catch {
      signer = undefined;
    }
    if (signer !== meter.gatewayAddress) {
      problems.push({
        index: first,
        field: 'signature',
        code: 'NT_ERR_READING_SIGNATURE',
        message: `The signature for meter "${ref}" is not by its gateway ${meter.gatewayAddress}`,
        hint: "Sign exactly the canonical batch of this meter's readings in this request, in request order, with EIP-191.",
      });
      continue;
    }
    hashes.set(ref, toHex(keccak256(fromHex(signature))));
  }
  for (const ref of signatures.keys()) {
    problems.push({
      index: -1,
      field: 'signatures',
      code: 'NT_ERR_READING_SIGNATURE',
      message: `A signature names meter "${ref.slice(0, 80)}", which has no readings in this request`,
      hint: 'Send signatures only for meters with readings in the same request.',
    });
  }
  return { hashes, problems };
}

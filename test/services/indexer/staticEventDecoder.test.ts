import { expect } from 'chai';
import fc from 'fast-check';
import { hexlify, Interface, type EventFragment, type ParamType } from 'ethers';
import { eventArgs } from '../../../services/indexer/eventArgs';
import { staticEventDecoder } from '../../../services/indexer/staticEventDecoder';
import {
  AnchorRegistry__factory,
  CarbonAllowance__factory,
  GreenCertificate__factory,
  InventoryRegistry__factory,
  ParticipantRegistry__factory,
  TradeLedger__factory,
} from '../../../types/contracts';

const CONTRACTS = {
  AnchorRegistry: AnchorRegistry__factory.abi,
  CarbonAllowance: CarbonAllowance__factory.abi,
  GreenCertificate: GreenCertificate__factory.abi,
  InventoryRegistry: InventoryRegistry__factory.abi,
  ParticipantRegistry: ParticipantRegistry__factory.abi,
  TradeLedger: TradeLedger__factory.abi,
};

/** Any value of a static ABI type, as ethers takes it for encoding. */
function valueOf(type: ParamType): fc.Arbitrary<unknown> {
  if (type.isTuple()) return fc.tuple(...(type.components as readonly ParamType[]).map(valueOf));
  if (type.type === 'address') return fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => hexlify(b));
  if (type.type === 'bool') return fc.boolean();
  const int = /^(u?)int(\d+)$/.exec(type.type);
  if (int) {
    const bits = BigInt(int[2]);
    return int[1] === 'u'
      ? fc.bigInt({ min: 0n, max: 2n ** bits - 1n })
      : fc.bigInt({ min: -(2n ** (bits - 1n)), max: 2n ** (bits - 1n) - 1n });
  }
  const bytes = Number(/^bytes(\d+)$/.exec(type.type)?.[1]);
  return fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => hexlify(b));
}

describe('staticEventDecoder', function () {
  for (const [name, abi] of Object.entries(CONTRACTS)) {
    const iface = new Interface(abi);
    const events: EventFragment[] = [];
    iface.forEachEvent((e) => events.push(e));
    for (const fragment of events) {
      const fast = staticEventDecoder(fragment);
      if (!fast) continue;
      it(`decodes ${name}.${fragment.name} exactly like ethers and eventArgs`, function () {
        fc.assert(
          fc.property(fc.tuple(...fragment.inputs.map(valueOf)), (values) => {
            const log = iface.encodeEventLog(fragment, values);
            const expected = eventArgs(fragment, iface.decodeEventLog(fragment, log.data, log.topics));
            expect(fast(log.topics, log.data)).to.deep.equal(expected);
          }),
          { numRuns: 50 },
        );
      });
    }
  }

  it('covers the events that come in volume', function () {
    const names = Object.entries(CONTRACTS).flatMap(([name, abi]) => {
      const iface = new Interface(abi);
      const found: string[] = [];
      iface.forEachEvent((e) => {
        if (staticEventDecoder(e)) found.push(`${name}.${e.name}`);
      });
      return found;
    });
    expect(names).to.include.members([
      'AnchorRegistry.BatchAnchored',
      'CarbonAllowance.TransferSingle',
      'TradeLedger.TradeRecorded',
      'GreenCertificate.CertificateClaimed',
    ]);
  });

  it('leaves events with strings or arrays to the general decoder', function () {
    const iface = new Interface(CarbonAllowance__factory.abi);
    expect(staticEventDecoder(iface.getEvent('TransferBatch') as EventFragment)).to.equal(null);
  });
});

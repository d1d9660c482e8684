import { expect } from 'chai';
import { fromHex, isHexOfLength, toHex, ZERO_BYTES32 } from '../../../services/lib/hex';

describe('hex', function () {
  it('prints lowercase 0x hex', function () {
    expect(toHex(Uint8Array.of(0, 0xab, 0xff))).to.equal('0x00abff');
  });

  it('prints a subarray view, not its whole buffer', function () {
    expect(toHex(Uint8Array.of(1, 2, 3, 4).subarray(1, 3))).to.equal('0x0203');
  });

  it('parses prefixed, bare and uppercase hex', function () {
    expect([fromHex('0x0aFf'), fromHex('0aff'), fromHex('0X0AFF')].map(toHex)).to.deep.equal([
      '0x0aff',
      '0x0aff',
      '0x0aff',
    ]);
  });

  it('parses empty hex', function () {
    expect(fromHex('0x')).to.have.lengthOf(0);
  });

  for (const bad of ['0x0', '0xzz', 'hello', '0x 00']) {
    it(`refuses ${JSON.stringify(bad)}`, function () {
      expect(() => fromHex(bad)).to.throw(/not a hex string/);
    });
  }

  it('checks the byte length of hex', function () {
    expect([isHexOfLength(ZERO_BYTES32, 32), isHexOfLength(ZERO_BYTES32, 31), isHexOfLength(32, 32)]).to.deep.equal([
      true,
      false,
      false,
    ]);
  });
});

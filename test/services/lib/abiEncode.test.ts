import { expect } from 'chai';
import { AbiCoder } from 'ethers';
import fc from 'fast-check';
import { abiEncode, type AbiValue } from '../../../services/lib/abiEncode';
import { toHex } from '../../../services/lib/hex';

const coder = AbiCoder.defaultAbiCoder();
const MAX_UINT256 = (1n << 256n) - 1n;
const MIN_INT256 = -(1n << 255n);
const MAX_INT256 = (1n << 255n) - 1n;
const ADDRESS = '0x' + 'ab'.repeat(20);
const BYTES32 = '0x' + '0123456789abcdef'.repeat(4);

/** Both encoders on the same input, as hex; ethers is the reference that receipt verifiers use. */
function both(types: readonly string[], values: readonly AbiValue[]): { ours: string; ethers: string } {
  return { ours: toHex(abiEncode(types, values)), ethers: coder.encode(types, values) };
}

function expectSame(types: readonly string[], values: readonly AbiValue[]): void {
  const { ours, ethers } = both(types, values);
  expect(ours).to.equal(ethers);
}

describe('abiEncode', function () {
  describe('when the values are in range', function () {
    const cases: [string, readonly string[], readonly AbiValue[]][] = [
      ['an empty tuple', [], []],
      ['uint256 zero', ['uint256'], [0n]],
      ['max uint256', ['uint256'], [MAX_UINT256]],
      ['uint as an alias of uint256', ['uint'], [MAX_UINT256]],
      ['min int256', ['int256'], [MIN_INT256]],
      ['max int256', ['int256'], [MAX_INT256]],
      ['int256 -1', ['int256'], [-1n]],
      ['int256 negative as a number', ['int256'], [-12_500_000]],
      ['int as an alias of int256', ['int'], [-42n]],
      ['uint64 as a number', ['uint64'], [1_767_225_600]],
      ['uint64 as a bigint', ['uint64'], [1_767_225_600n]],
      ['max uint64 as a bigint', ['uint64'], [(1n << 64n) - 1n]],
      ['max safe integer as uint64', ['uint64'], [Number.MAX_SAFE_INTEGER]],
      ['uint8 255', ['uint8'], [255]],
      ['uint16 as a decimal string', ['uint16'], ['65535']],
      ['int8 -128', ['int8'], [-128]],
      ['int8 127', ['int8'], [127]],
      ['uint32 max', ['uint32'], [0xffffffff]],
      ['bool true and false', ['bool', 'bool'], [true, false]],
      ['bytes32', ['bytes32'], [BYTES32]],
      ['bytes32 zero', ['bytes32'], ['0x' + '00'.repeat(32)]],
      ['a lowercase address', ['address'], [ADDRESS]],
      ['a checksummed address', ['address'], ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed']],
      ['an empty string', ['string'], ['']],
      ['a 31-byte string', ['string'], ['a'.repeat(31)]],
      ['a 32-byte string', ['string'], ['b'.repeat(32)]],
      ['a 33-byte string', ['string'], ['c'.repeat(33)]],
      ['a 64-byte string', ['string'], ['d'.repeat(64)]],
      ['multibyte UTF-8 (CJK)', ['string'], ['电力 能碳 天然气']],
      ['multibyte UTF-8 (astral emoji)', ['string'], ['meter 😀 🔋']],
      ['multibyte UTF-8 crossing a word boundary', ['string'], ['x'.repeat(30) + '电']],
      ['"m³" and "万m3"', ['string', 'string'], ['m³', '万m3']],
      [
        'several strings between static words',
        ['string', 'uint64', 'string', 'int256', 'string'],
        ['', 1, 'a'.repeat(33), -1n, '热力'],
      ],
      [
        'every supported type at once',
        ['uint16', 'string', 'uint64', 'int256', 'bool', 'address', 'bytes32', 'string', 'uint8'],
        [1, 'org', 1_767_225_600n, -5n, true, ADDRESS, BYTES32, 'kWh', 6],
      ],
    ];
    for (const [name, types, values] of cases) {
      it(`encodes ${name} as ethers does`, function () {
        expectSame(types, values);
      });
    }
  });

  describe('when a value is out of range or malformed', function () {
    const cases: [string, string, AbiValue][] = [
      ['uint256 above the maximum', 'uint256', MAX_UINT256 + 1n],
      ['a negative uint256', 'uint256', -1n],
      ['a negative uint64 number', 'uint64', -1],
      ['int256 below the minimum', 'int256', MIN_INT256 - 1n],
      ['int256 above the maximum', 'int256', MAX_INT256 + 1n],
      ['uint8 256 as a number', 'uint8', 256],
      ['uint64 2^64 as a bigint', 'uint64', 1n << 64n],
      ['int8 -129 as a number', 'int8', -129],
      ['int8 128 as a bigint', 'int8', 128n],
      ['a fractional number', 'uint64', 1.5],
      ['a non-numeric string', 'uint64', 'twelve'],
      ['a 31-byte bytes32', 'bytes32', '0x' + '00'.repeat(31)],
      ['a bytes32 without 0x', 'bytes32', '00'.repeat(32)],
      ['a bytes32 with a non-hex digit', 'bytes32', '0x' + 'zz'.repeat(32)],
      ['a 21-byte address', 'address', '0x' + '11'.repeat(21)],
    ];
    for (const [name, type, value] of cases) {
      it(`throws for ${name}`, function () {
        expect(() => abiEncode([type], [value])).to.throw();
      });
    }

    it('throws when types and values differ in number', function () {
      expect(() => abiEncode(['uint8', 'uint8'], [1])).to.throw(/2 types, 1 values/);
    });

    for (const type of ['bytes', 'uint7', 'uint264', 'int0', 'uint256[]', 'tuple', 'bytes31']) {
      it(`throws for the unsupported type ${type}`, function () {
        expect(() => abiEncode([type], [0])).to.throw(/unsupported ABI type/);
      });
    }

    // Reported to the owner of services/lib: the small-number fast path checks only the unsigned range, so intN
    // (N <= 53) accepts numbers in [2^(N-1), 2^N). ethers throws "value out-of-bounds". Unskip once fixed.
    it('throws for int8 128 passed as a number', function () {
      expect(() => abiEncode(['int8'], [128])).to.throw();
    });

    // Reported: BigInt('') is 0n, so an empty string encodes as zero where ethers refuses it. Unskip once fixed.
    it('throws for an empty string as an integer', function () {
      expect(() => abiEncode(['uint64'], [''])).to.throw();
    });

    // Reported: TextEncoder turns a lone surrogate into U+FFFD, so '\ud800' and '\ufffd' encode (and hash) alike;
    // ethers refuses the lone surrogate. Unskip once fixed.
    it('throws for a string with a lone surrogate', function () {
      expect(() => abiEncode(['string'], ['\ud800'])).to.throw();
    });
  });

  describe('property: equals ethers for random values', function () {
    const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map(toHex);
    const field: fc.Arbitrary<[string, AbiValue]> = fc.oneof(
      fc.bigInt(0n, MAX_UINT256).map((v): [string, AbiValue] => ['uint256', v]),
      fc.bigInt(MIN_INT256, MAX_INT256).map((v): [string, AbiValue] => ['int256', v]),
      fc.bigInt(0n, (1n << 64n) - 1n).map((v): [string, AbiValue] => ['uint64', v]),
      fc.nat({ max: Number.MAX_SAFE_INTEGER }).map((v): [string, AbiValue] => ['uint64', v]),
      fc.integer({ min: -128, max: 127 }).map((v): [string, AbiValue] => ['int8', v]),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v): [string, AbiValue] => ['int32', v]),
      fc.integer({ min: 0, max: 255 }).map((v): [string, AbiValue] => ['uint8', v]),
      fc.integer({ min: 0, max: 0xffff }).map((v): [string, AbiValue] => ['uint16', v]),
      fc.boolean().map((v): [string, AbiValue] => ['bool', v]),
      hex(32).map((v): [string, AbiValue] => ['bytes32', v]),
      hex(20).map((v): [string, AbiValue] => ['address', v]),
      fc.string({ unit: 'binary', maxLength: 80 }).map((v): [string, AbiValue] => ['string', v]),
      fc.string({ unit: 'grapheme', maxLength: 40 }).map((v): [string, AbiValue] => ['string', v]),
    );

    it('for tuples of up to 16 elementary fields', function () {
      fc.assert(
        fc.property(fc.array(field, { maxLength: 16 }), (fields) => {
          const types = fields.map(([t]) => t);
          const values = fields.map(([, v]) => v);
          const { ours, ethers } = both(types, values);
          expect(ours).to.equal(ethers);
        }),
        { numRuns: 500 },
      );
    });

    it('throws exactly when a uint64 is out of range', function () {
      fc.assert(
        fc.property(fc.bigInt(-(1n << 70n), 1n << 70n), (v) => {
          const inRange = v >= 0n && v < 1n << 64n;
          if (inRange) expect(toHex(abiEncode(['uint64'], [v]))).to.equal(coder.encode(['uint64'], [v]));
          else expect(() => abiEncode(['uint64'], [v])).to.throw(/out of range/);
        }),
      );
    });

    it('throws exactly when an int32 is out of range (bigint)', function () {
      fc.assert(
        fc.property(fc.bigInt(-(1n << 40n), 1n << 40n), (v) => {
          const inRange = v >= -(1n << 31n) && v < 1n << 31n;
          if (inRange) expect(toHex(abiEncode(['int32'], [v]))).to.equal(coder.encode(['int32'], [v]));
          else expect(() => abiEncode(['int32'], [v])).to.throw(/out of range/);
        }),
      );
    });
  });
});

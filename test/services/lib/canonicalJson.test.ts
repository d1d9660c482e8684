import { expect } from 'chai';
import { canonicalJson } from '../../../services/lib/canonicalJson';

describe('canonicalJson (RFC 8785)', function () {
  describe('object keys', function () {
    it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', function () {
      const input = {
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\ud83d\ude00': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      };
      expect(canonicalJson(input)).to.equal(
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
          '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
      );
    });

    it('puts an astral key (surrogate pair 0xD83D) before U+FB33, unlike code point order', function () {
      expect(canonicalJson({ '\ufb33': 1, '😀': 2 })).to.equal('{"😀":2,"\ufb33":1}');
    });

    it('sorts CJK keys by code unit', function () {
      // 电 U+7535, 能 U+80FD, 碳 U+78B3
      expect(canonicalJson({ 能: 1, 碳: 2, 电: 3 })).to.equal('{"电":3,"碳":2,"能":1}');
    });

    it('sorts uppercase before lowercase and shorter before longer', function () {
      expect(canonicalJson({ b: 1, a: 2, B: 3, aa: 4, '': 5 })).to.equal('{"":5,"B":3,"a":2,"aa":4,"b":1}');
    });

    it('sorts integer-like keys as strings, not numerically', function () {
      expect(canonicalJson({ 10: 'a', 9: 'b', 1: 'c' })).to.equal('{"1":"c","10":"a","9":"b"}');
    });

    it('omits undefined members as JSON.stringify does', function () {
      expect(canonicalJson({ a: undefined, b: 1 })).to.equal('{"b":1}');
    });
  });

  describe('structure', function () {
    it('serialises nested arrays and objects without whitespace', function () {
      expect(canonicalJson({ z: [1, [2, { y: null, x: [] }]], a: { c: {}, b: [true, false] } })).to.equal(
        '{"a":{"b":[true,false],"c":{}},"z":[1,[2,{"x":[],"y":null}]]}',
      );
    });

    it('writes undefined array elements as null', function () {
      expect(canonicalJson([1, undefined, 3])).to.equal('[1,null,3]');
    });

    it('serialises literals', function () {
      expect(canonicalJson([null, true, false])).to.equal('[null,true,false]');
    });

    it('matches the RFC 8785 §3.2.2 example', function () {
      const input = {
        numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
        string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
        literals: [null, true, false],
      };
      expect(canonicalJson(input)).to.equal(
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
          '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
      );
    });
  });

  describe('numbers', function () {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-1.5, '-1.5'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [0.000001, '0.000001'],
      [0.0000001, '1e-7'],
      [123.456, '123.456'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [Number.MIN_VALUE, '5e-324'],
      [0.1 + 0.2, '0.30000000000000004'],
    ];
    for (const [value, text] of cases) {
      it(`prints ${Object.is(value, -0) ? '-0' : value} as ${text}`, function () {
        expect(canonicalJson(value)).to.equal(text);
      });
    }
  });

  describe('strings', function () {
    const cases: [string, string][] = [
      ['plain', '"plain"'],
      ['quote " and backslash \\', '"quote \\" and backslash \\\\"'],
      ['\b\f\n\r\t', '"\\b\\f\\n\\r\\t"'],
      ['\u0000\u001f', '"\\u0000\\u001f"'],
      ['\u007f', '"\u007f"'],
      ['/', '"/"'],
      ['能碳 m³ 😀', '"能碳 m³ 😀"'],
      ['\u2028\u2029', '"\u2028\u2029"'],
      ['\ud800', '"\\ud800"'],
    ];
    for (const [value, text] of cases) {
      it(`escapes ${JSON.stringify(value)} as ${text}`, function () {
        expect(canonicalJson(value)).to.equal(text);
      });
    }
  });

  describe('errors', function () {
    for (const value of [NaN, Infinity, -Infinity]) {
      it(`refuses ${value}`, function () {
        expect(() => canonicalJson(value)).to.throw(TypeError, /NaN or Infinity/);
      });
    }

    it('refuses NaN nested in an object', function () {
      expect(() => canonicalJson({ a: [1, NaN] })).to.throw(TypeError, /NaN or Infinity/);
    });

    it('refuses a bigint', function () {
      expect(() => canonicalJson({ quantity: 1n })).to.throw(TypeError, /bigint/);
    });

    it('refuses a function', function () {
      expect(() => canonicalJson(() => 1)).to.throw(TypeError, /function/);
    });

    it('refuses a symbol', function () {
      expect(() => canonicalJson(Symbol('x'))).to.throw(TypeError, /symbol/);
    });
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import {
  add,
  compare,
  decimalFromJson,
  divideHalfEven,
  formatDecimal,
  formatUnits,
  isZero,
  multiply,
  parseDecimal,
  rescale,
  subtract,
  type Decimal,
} from '../../../services/lib/decimal';

const dec = (units: bigint, scale: number): Decimal => ({ units, scale });

/**
 * Reference for banker's rounding, written independently of the implementation: floor division first, then the
 * remainder (always in [0, d) for d > 0) decides, ties going to the even neighbour.
 */
function referenceHalfEven(n: bigint, d: bigint): bigint {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  const r = n - floor * d;
  if (2n * r < d) return floor;
  if (2n * r > d) return floor + 1n;
  return floor % 2n === 0n ? floor : floor + 1n;
}

describe('decimal', function () {
  describe('parseDecimal', function () {
    const valid: [string, Decimal][] = [
      ['0', dec(0n, 0)],
      ['12.345', dec(12345n, 3)],
      ['+1.5', dec(15n, 1)],
      ['-0.001', dec(-1n, 3)],
      ['-0', dec(0n, 0)],
      ['007', dec(7n, 0)],
      ['1.000', dec(1000n, 3)],
      ['1e-7', dec(1n, 7)],
      ['1.50e1', dec(150n, 1)],
      ['2.5e+2', dec(250n, 0)],
      ['1E3', dec(1000n, 0)],
      ['-4.2e-3', dec(-42n, 4)],
      ['  7.25 ', dec(725n, 2)],
      ['1e-60', dec(1n, 60)],
      ['9'.repeat(60), dec(BigInt('9'.repeat(60)), 0)],
      ['0.' + '0'.repeat(58) + '1', dec(1n, 59)],
    ];
    for (const [text, expected] of valid) {
      it(`parses ${JSON.stringify(text)}`, function () {
        expect(parseDecimal(text)).to.deep.equal(expected);
      });
    }

    const garbage = ['', ' ', 'abc', '1.', '.5', '1..2', '1e', 'e5', '0x10', 'NaN', 'Infinity', '1,5', '1 000', '--1'];
    for (const text of [...garbage, '+-1', '1e12345', '１２', '1.5kWh']) {
      it(`rejects ${JSON.stringify(text)}`, function () {
        expect(() => parseDecimal(text)).to.throw(RangeError, /not a decimal number/);
      });
    }

    it('rejects 61 significant digits', function () {
      expect(() => parseDecimal('1'.repeat(61))).to.throw(RangeError, /too many digits/);
    });

    it('rejects 61 digits split around the point', function () {
      expect(() => parseDecimal('1'.repeat(30) + '.' + '1'.repeat(31))).to.throw(RangeError, /too many digits/);
    });

    it('rejects an exponent that needs more than 60 decimals', function () {
      expect(() => parseDecimal('1e-61')).to.throw(RangeError, /exponent out of range/);
    });

    // Reported to the owner of services/lib: MAX_DIGITS bounds the digits written, not the magnitude, so "1e9999"
    // parses to a 10,000-digit integer (cheap to send, expensive to carry through every later multiply/format).
    // Unskip once a positive exponent is bounded too.
    it('rejects "1e9999" (magnitude beyond 60 digits)', function () {
      expect(() => parseDecimal('1e9999')).to.throw(RangeError);
    });
  });

  describe('decimalFromJson', function () {
    it('takes a string exactly', function () {
      expect(decimalFromJson('0.1000')).to.deep.equal(dec(1000n, 4));
    });

    it('takes a number through its shortest decimal form', function () {
      expect(decimalFromJson(0.1)).to.deep.equal(dec(1n, 1));
    });

    it('takes a small number printed with an exponent', function () {
      expect(decimalFromJson(1e-7)).to.deep.equal(dec(1n, 7));
    });

    for (const value of [NaN, Infinity, -Infinity]) {
      it(`rejects ${value}`, function () {
        expect(() => decimalFromJson(value)).to.throw(RangeError, /not a finite number/);
      });
    }
  });

  describe('divideHalfEven', function () {
    const cases: [bigint, bigint, bigint][] = [
      [5n, 2n, 2n],
      [7n, 2n, 4n],
      [-5n, 2n, -2n],
      [-7n, 2n, -4n],
      [5n, -2n, -2n],
      [-5n, -2n, 2n],
      [25n, 10n, 2n],
      [35n, 10n, 4n],
      [26n, 10n, 3n],
      [24n, 10n, 2n],
      [-26n, 10n, -3n],
      [-24n, 10n, -2n],
      [1n, 3n, 0n],
      [2n, 3n, 1n],
      [-2n, 3n, -1n],
      [0n, 5n, 0n],
      [10n, 5n, 2n],
      [-10n, 5n, -2n],
      [1n, 2n, 0n],
      [3n, 2n, 2n],
      [-1n, 2n, 0n],
      [-3n, 2n, -2n],
    ];
    for (const [n, d, q] of cases) {
      it(`${n} / ${d} = ${q}`, function () {
        expect(divideHalfEven(n, d)).to.equal(q);
      });
    }

    it('throws on division by zero', function () {
      expect(() => divideHalfEven(1n, 0n)).to.throw(RangeError, /division by zero/);
    });

    it('property: matches a floor-based reference', function () {
      const nonZero = fc.bigInt(-(10n ** 30n), 10n ** 30n).filter((d) => d !== 0n);
      fc.assert(
        fc.property(fc.bigInt(-(10n ** 40n), 10n ** 40n), nonZero, (n, d) => {
          expect(divideHalfEven(n, d)).to.equal(referenceHalfEven(n, d));
        }),
        { numRuns: 2000 },
      );
    });

    it('property: matches the reference on exact ties', function () {
      fc.assert(
        fc.property(fc.bigInt(-(10n ** 20n), 10n ** 20n), fc.bigInt(1n, 10n ** 12n), (k, half) => {
          // n / d = k + 1/2 exactly
          const d = 2n * half;
          const n = k * d + half;
          expect(divideHalfEven(n, d)).to.equal(referenceHalfEven(n, d));
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('rescale', function () {
    it('adds decimals exactly', function () {
      expect(rescale(dec(12345n, 3), 5)).to.deep.equal({ units: 1234500n, exact: true });
    });

    it('keeps the same scale exactly', function () {
      expect(rescale(dec(-7n, 2), 2)).to.deep.equal({ units: -7n, exact: true });
    });

    it('drops zeros exactly', function () {
      expect(rescale(dec(12340n, 3), 2)).to.deep.equal({ units: 1234n, exact: true });
    });

    it('rounds a tie to even and says it was inexact', function () {
      expect(rescale(dec(12345n, 3), 2)).to.deep.equal({ units: 1234n, exact: false });
    });

    it('rounds a negative tie to even', function () {
      expect(rescale(dec(-15n, 1), 0)).to.deep.equal({ units: -2n, exact: false });
    });

    it('rounds 1e-7 to zero at six decimals', function () {
      expect(rescale(parseDecimal('1e-7'), 6)).to.deep.equal({ units: 0n, exact: false });
    });
  });

  describe('arithmetic', function () {
    it('adds at the larger scale', function () {
      expect(add(dec(15n, 1), dec(25n, 2))).to.deep.equal(dec(175n, 2));
    });

    it('subtracts', function () {
      expect(subtract(dec(1n, 0), dec(1n, 3))).to.deep.equal(dec(999n, 3));
    });

    it('subtracts into negative', function () {
      expect(subtract(dec(1n, 3), dec(2n, 0))).to.deep.equal(dec(-1999n, 3));
    });

    it('multiplies, adding scales', function () {
      expect(multiply(dec(15n, 1), dec(-25n, 2))).to.deep.equal(dec(-375n, 3));
    });

    it('compares equal values at different scales as equal', function () {
      expect(compare(dec(150n, 2), dec(15n, 1))).to.equal(0);
    });

    it('compares a negative below a small positive', function () {
      expect(compare(dec(-1n, 0), dec(1n, 3))).to.equal(-1);
    });

    it('compares a larger value above', function () {
      expect(compare(dec(1001n, 3), dec(1n, 0))).to.equal(1);
    });

    it('knows zero at any scale', function () {
      expect([isZero(dec(0n, 6)), isZero(dec(1n, 6))]).to.deep.equal([true, false]);
    });

    it('property: add and subtract are inverse', function () {
      const d = fc.record({ units: fc.bigInt(-(10n ** 25n), 10n ** 25n), scale: fc.integer({ min: 0, max: 12 }) });
      fc.assert(
        fc.property(d, d, (a, b) => {
          expect(compare(subtract(add(a, b), b), a)).to.equal(0);
        }),
      );
    });
  });

  describe('formatUnits', function () {
    const cases: [bigint, number, string][] = [
      [-1_500_000n, 6, '-1.500000'],
      [5n, 3, '0.005'],
      [-5n, 3, '-0.005'],
      [123n, 0, '123'],
      [-123n, 0, '-123'],
      [0n, 2, '0.00'],
      [0n, 0, '0'],
      [1234n, 2, '12.34'],
    ];
    for (const [units, scale, text] of cases) {
      it(`formats ${units} at scale ${scale} as ${text}`, function () {
        expect(formatUnits(units, scale)).to.equal(text);
      });
    }
  });

  describe('formatDecimal', function () {
    const cases: [Decimal, string][] = [
      [dec(1500n, 3), '1.5'],
      [dec(12000n, 3), '12'],
      [dec(-1n, 3), '-0.001'],
      [dec(0n, 3), '0'],
      [dec(100n, 0), '100'],
      [dec(1000n, 1), '100'],
      [dec(-105n, 1), '-10.5'],
    ];
    for (const [d, text] of cases) {
      it(`formats ${d.units}e-${d.scale} as ${text}`, function () {
        expect(formatDecimal(d)).to.equal(text);
      });
    }
  });

  describe('round trips', function () {
    /** Plain decimal strings: optional minus, no superfluous leading zeros, 0..20 decimals, up to 60 digits. */
    const plainDecimal = fc
      .tuple(
        fc.boolean(),
        fc.bigInt(0n, 10n ** 39n),
        fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 }),
      )
      .map(([negative, whole, fraction]) => {
        const body = fraction === '' ? `${whole}` : `${whole}.${fraction}`;
        const isZero = /^[0.]*$/.test(body);
        return negative && !isZero ? `-${body}` : body;
      });

    it('property: formatUnits(parseDecimal(x)) gives x back', function () {
      fc.assert(
        fc.property(plainDecimal, (text) => {
          const d = parseDecimal(text);
          expect(formatUnits(d.units, d.scale)).to.equal(text);
        }),
        { numRuns: 1000 },
      );
    });

    it('property: formatDecimal(parseDecimal(x)) is x without trailing fractional zeros', function () {
      fc.assert(
        fc.property(plainDecimal, (text) => {
          const expected = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
          expect(formatDecimal(parseDecimal(text))).to.equal(expected);
        }),
        { numRuns: 1000 },
      );
    });

    it('property: an exponent form parses to the same value as the plain form', function () {
      fc.assert(
        fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.integer({ min: 0, max: 25 }), (units, scale) => {
          expect(compare(parseDecimal(`${units}e-${scale}`), parseDecimal(formatUnits(units, scale)))).to.equal(0);
        }),
        { numRuns: 500 },
      );
    });
  });
});

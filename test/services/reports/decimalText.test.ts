import { expect } from 'chai';
import {
  compareDecimalTexts,
  groupThousands,
  negate,
  shareAsPercent,
  shiftDecimal,
  sumDecimalTexts,
  thousandth,
  trimZeros,
} from '../../../services/reports/decimalText';

describe('report figures from decimal strings', function () {
  describe('groupThousands', function () {
    it('separates thousands in the whole part only', function () {
      expect(groupThousands('1234567.891234')).to.equal('1,234,567.891234');
    });

    it('keeps short and negative figures', function () {
      expect(['0.000', '999', '-1000', '-12345.5'].map(groupThousands)).to.deep.equal([
        '0.000',
        '999',
        '-1,000',
        '-12,345.5',
      ]);
    });

    it('refuses anything but a plain decimal', function () {
      expect(() => groupThousands('1e6')).to.throw(RangeError);
    });
  });

  describe('thousandth (kg → t)', function () {
    it('divides by 1000 exactly, keeping every digit', function () {
      expect(thousandth('250549.663')).to.equal('250.549663');
    });

    it('drops only trailing zeros, down to 3 decimals', function () {
      expect([thousandth('561700.000'), thousandth('0.000'), thousandth('5')]).to.deep.equal([
        '561.700',
        '0.000',
        '0.005',
      ]);
    });

    it('keeps the sign of negative totals', function () {
      expect(thousandth('-24750.125')).to.equal('-24.750125');
    });

    it('never rounds: digits beyond any float precision survive', function () {
      expect(thousandth('123456789012345678901.123')).to.equal('123456789012345678.901123');
    });
  });

  describe('shiftDecimal', function () {
    it('multiplies by powers of ten', function () {
      expect([shiftDecimal('0.0523', 2), shiftDecimal('12', 3), shiftDecimal('0.5', -2)]).to.deep.equal([
        '5.23',
        '12000',
        '0.005',
      ]);
    });
  });

  it('shows a share as a percentage', function () {
    expect(shareAsPercent('0.0900')).to.equal('9.00');
  });

  it('trims zeros without rounding', function () {
    expect(trimZeros('75.000000', 2)).to.equal('75.00');
  });

  it('negates by sign, leaving zero unsigned', function () {
    expect([negate('24750.000'), negate('-1.5'), negate('0.000')]).to.deep.equal(['-24750.000', '1.5', '0.000']);
  });

  it('sums exactly at the largest scale', function () {
    expect(sumDecimalTexts(['12425.096', '10871.959', '108215.527', '119037.080'])).to.equal('250549.662');
  });

  it('sums nothing to zero at the minimum scale', function () {
    expect(sumDecimalTexts([], 3)).to.equal('0.000');
  });

  it('compares by value, not by text', function () {
    expect([compareDecimalTexts('9.5', '10'), compareDecimalTexts('0.0500', '0.05')]).to.deep.equal([-1, 0]);
  });
});

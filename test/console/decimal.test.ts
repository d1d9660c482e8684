import { expect } from 'chai';
import { percentChange } from '../../console/src/decimal';

describe('console decimal: percentChange (no floats)', function () {
  it('gives the change in per cent with one decimal and a sign', function () {
    expect(percentChange('112.3', '100')).to.equal('+12.3');
    expect(percentChange('96', '100')).to.equal('-4.0');
    expect(percentChange('100', '100')).to.equal('+0.0');
  });

  it('rounds half away from zero on the exact decimal, not a binary float', function () {
    // 1.0005 / 1 - 1 = 0.05 % exactly: rounds to +0.1, where float arithmetic gives 0.04999… → +0.0.
    expect(percentChange('1.0005', '1')).to.equal('+0.1');
    expect(percentChange('0.9995', '1')).to.equal('-0.1');
    expect(percentChange('2.000001', '3')).to.equal('-33.3');
  });

  it('has no percentage for a change from zero', function () {
    expect(percentChange('5', '0')).to.equal(null);
    expect(percentChange('5', '0.000000')).to.equal(null);
  });

  it('takes negative figures (net exports) by their size', function () {
    expect(percentChange('-50', '-100')).to.equal('+50.0');
    expect(percentChange('-150', '-100')).to.equal('-50.0');
  });
});

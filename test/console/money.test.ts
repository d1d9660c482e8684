import { expect } from 'chai';
import { minorToMajor } from '../../console/src/pages/scenarios/money';

describe('console money: minorToMajor (分 → 元 as text, no floats)', function () {
  it('moves the decimal point two places and keeps every digit given', function () {
    expect(minorToMajor('12345.00')).to.equal('123.45');
    expect(minorToMajor('5')).to.equal('0.05');
    expect(minorToMajor('100')).to.equal('1.00');
    expect(minorToMajor('123456789012345678901')).to.equal('1234567890123456789.01');
    expect(minorToMajor('7.25')).to.equal('0.0725');
  });

  it('keeps the sign of a negative amount and drops it from zero', function () {
    expect(minorToMajor('-12345.00')).to.equal('-123.45');
    expect(minorToMajor('-0.00')).to.equal('0.00');
  });
});

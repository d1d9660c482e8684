import { expect } from 'chai';
import { monthsOf } from '../../console/src/carbon/breakdown';
import { decimalNegate, decimalSum } from '../../console/src/carbon/decimalSum';

describe("the Carbon page's exact arithmetic and months", function () {
  it('adds decimal strings exactly, across scales and signs', function () {
    expect(decimalSum(['0.1', '0.2'])).to.equal('0.3');
    expect(decimalSum(['703.345', '852.659'])).to.equal('1556.004');
    expect(decimalSum(['1.5', '-2.25'])).to.equal('-0.75');
    expect(decimalSum(['99999999999999999999.999', '0.001'])).to.equal('100000000000000000000.000');
    expect(decimalSum([])).to.equal('0');
  });

  it('negates without producing -0', function () {
    expect(decimalNegate('12.500')).to.equal('-12.500');
    expect(decimalNegate('-3')).to.equal('3');
    expect(decimalNegate('0.000')).to.equal('0.000');
  });

  it('cuts a period into calendar months clipped to it, across a year end', function () {
    expect(monthsOf('2025-11-15', '2026-02-10')).to.deep.equal([
      { start: '2025-11-15', end: '2025-12-01' },
      { start: '2025-12-01', end: '2026-01-01' },
      { start: '2026-01-01', end: '2026-02-01' },
      { start: '2026-02-01', end: '2026-02-10' },
    ]);
    expect(monthsOf('2026-03-01', '2026-03-01')).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import { contractEffect, type HierarchyYear } from '../../console/src/carbon/marketHierarchy';

const factor = (value: string) => ({ name: 'f', value, unit: 'tCO2/MWh' });

function year(
  y: number,
  residual: string,
  contracts: { appliedMWh: string; factor: string }[] | undefined,
  supplier?: string,
): HierarchyYear {
  return {
    year: y,
    purchasedMWh: '1',
    certificatesMWh: '0',
    coveredMWh: '0',
    residualMWh: '0',
    residualFactor: factor(residual),
    co2e: '0',
    ...(contracts
      ? {
          contracts: contracts.map((c, i) => ({
            ref: `C${i}`,
            start: `${y}-01-01`,
            contractedMWh: '1',
            co2e: '0',
            ...c,
          })),
        }
      : {}),
    ...(supplier ? { supplierFactor: factor(supplier) } : {}),
  };
}

describe("console: the contracts' effect on market-based Scope 2 (exact, no floats)", function () {
  it('is none without contracts', function () {
    expect(contractEffect([year(2026, '0.6096', undefined)])).to.equal(null);
  });

  it('is the applied MWh times (contract factor − residual) × 1000', function () {
    // 0.5 × (0 − 0.6096) × 1000 = −304.8
    expect(contractEffect([year(2026, '0.6096', [{ appliedMWh: '0.500000', factor: '0' }])])).to.equal('-304.800');
  });

  it('measures against the supplier rate when the year has one, and adds the years', function () {
    // 2025: 0.26 × (0.3 − 0.4210) × 1000 = −31.46; 2026: 1.2 × (0.7 − 0.6096) × 1000 = +108.48; sum 77.02
    expect(
      contractEffect([
        year(2025, '0.6096', [{ appliedMWh: '0.260000', factor: '0.3' }], '0.4210'),
        year(2026, '0.6096', [{ appliedMWh: '1.200000', factor: '0.7' }]),
      ]),
    ).to.equal('77.020');
  });

  it('rounds half away from zero only at the end', function () {
    // 0.000001 × (0 − 0.6096) × 1000 = −0.0006096 → −0.001; twice: −0.0012192 → −0.001
    expect(contractEffect([year(2026, '0.6096', [{ appliedMWh: '0.000001', factor: '0' }])])).to.equal('-0.001');
    expect(
      contractEffect([
        year(2026, '0.6096', [
          { appliedMWh: '0.000001', factor: '0' },
          { appliedMWh: '0.000001', factor: '0' },
        ]),
      ]),
    ).to.equal('-0.001');
    // 0.0000005 × (1 − 0) × 1000 = 0.0005 exactly: half, away from zero → 0.001
    expect(contractEffect([year(2026, '0', [{ appliedMWh: '0.0000005', factor: '1' }])])).to.equal('0.001');
  });
});

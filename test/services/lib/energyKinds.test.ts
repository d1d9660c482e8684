import { expect } from 'chai';
import {
  conversionFactor,
  ENERGY_KIND_NAMES,
  ENERGY_KINDS,
  isEnergyKind,
  type EnergyKind,
} from '../../../services/lib/energyKinds';
import { formatDecimal, parseDecimal } from '../../../services/lib/decimal';

/** The factor as a plain decimal string, or undefined when the unit is not accepted. */
function factor(kind: EnergyKind, unit: string): string | undefined {
  const f = conversionFactor(kind, unit);
  return f === undefined ? undefined : formatDecimal(f);
}

describe('energyKinds', function () {
  describe('every kind', function () {
    for (const kind of ENERGY_KIND_NAMES) {
      it(`${kind} converts its normalised unit ${ENERGY_KINDS[kind].unit} with factor 1`, function () {
        expect(factor(kind, ENERGY_KINDS[kind].unit)).to.equal('1');
      });

      it(`${kind} lists only factors that are exact positive decimals`, function () {
        for (const text of Object.values(ENERGY_KINDS[kind].units) as string[]) {
          expect(parseDecimal(text).units > 0n, `${kind} ${text}`).to.equal(true);
        }
      });
    }

    it('has a label for every kind', function () {
      for (const kind of ENERGY_KIND_NAMES) expect(ENERGY_KINDS[kind].label, kind).to.be.a('string').and.not.empty;
    });

    it('applies CT/PT multipliers to electricity only', function () {
      expect(ENERGY_KIND_NAMES.filter((k) => ENERGY_KINDS[k].transformerMultipliers)).to.deep.equal(['electricity']);
    });
  });

  describe('conversionFactor', function () {
    const cases: [EnergyKind, string, string][] = [
      ['electricity', 'Wh', '0.001'],
      ['electricity', 'kWh', '1'],
      ['electricity', 'MWh', '1000'],
      ['electricity', 'GWh', '1000000'],
      ['heat', 'MJ', '0.001'],
      ['heat', 'kWh', '0.0036'],
      ['heat', 'Gcal', '4.1868'],
      ['steam', 'TJ', '1000'],
      ['natural_gas', 'Nm3', '1'],
      ['natural_gas', '万m3', '10000'],
      ['natural_gas', '10^4 Nm3', '10000'],
      ['water', 'L', '0.001'],
      ['raw_coal', 'kg', '0.001'],
      ['diesel', 't', '1'],
    ];
    for (const [kind, unit, expected] of cases) {
      it(`converts ${unit} of ${kind} by ${expected}`, function () {
        expect(factor(kind, unit)).to.equal(expected);
      });
    }

    describe('when the unit is a known alias', function () {
      const aliases: [EnergyKind, string, string][] = [
        ['electricity', 'kwh', '1'],
        ['electricity', 'KWH', '1'],
        ['heat', 'gj', '1'],
        ['natural_gas', 'm³', '1'],
        ['natural_gas', 'Nm³', '1'],
        ['water', 'M3', '1'],
        ['coke', 'T', '1'],
        ['coke', 'KG', '0.001'],
      ];
      for (const [kind, unit, expected] of aliases) {
        it(`converts ${JSON.stringify(unit)} of ${kind} by ${expected}`, function () {
          expect(factor(kind, unit)).to.equal(expected);
        });
      }
    });

    describe('when a unit differs only in case from an accepted one', function () {
      // Exact matching on purpose: "mWh" is a milliwatt-hour, and reading it as MWh would be off by 10^9.
      for (const [kind, unit] of [
        ['electricity', 'mWh'],
        ['electricity', 'mwh'],
        ['heat', 'GCAL'],
        ['water', 'l'],
      ] as [EnergyKind, string][]) {
        it(`refuses ${JSON.stringify(unit)} of ${kind}`, function () {
          expect(conversionFactor(kind, unit)).to.equal(undefined);
        });
      }
    });

    describe('when the unit is not accepted', function () {
      const refused: [EnergyKind, string][] = [
        ['electricity', 'GJ'],
        ['electricity', 'kW'],
        ['electricity', ''],
        ['electricity', ' kWh'],
        ['natural_gas', 't'],
        ['natural_gas', 'm2'],
        ['heat', 'm3'],
        ['water', 'kWh'],
        ['raw_coal', 'm3'],
        ['diesel', 'L'],
        ['electricity', 'toString'],
        ['electricity', '__proto__'],
      ];
      for (const [kind, unit] of refused) {
        it(`returns undefined for ${JSON.stringify(unit)} of ${kind}`, function () {
          expect(conversionFactor(kind, unit)).to.equal(undefined);
        });
      }
    });

    it('returns the same factor twice (cached)', function () {
      expect(conversionFactor('heat', 'MWh')).to.equal(conversionFactor('heat', 'MWh'));
    });
  });

  describe('isEnergyKind', function () {
    it('accepts every listed kind', function () {
      expect(ENERGY_KIND_NAMES.every(isEnergyKind)).to.equal(true);
    });

    for (const name of ['Electricity', 'gas', 'toString', '__proto__', '']) {
      it(`refuses ${JSON.stringify(name)}`, function () {
        expect(isEnergyKind(name)).to.equal(false);
      });
    }
  });
});

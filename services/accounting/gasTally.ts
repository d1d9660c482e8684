import { add, format, mul, ZERO, type Rational } from './rational';

/** Mass (kg) and CO2e (kg) per gas, summed over an inventory's lines; exports carry a negative CO2 mass. */
export class GasTally {
  private readonly gases = new Map<string, { mass: Rational; co2e: Rational; gwp: string | null }>();

  add(gas: string, massKg: Rational, gwp?: { value: Rational; text: string }): void {
    const entry = this.gases.get(gas) ?? { mass: ZERO, co2e: ZERO, gwp: gwp?.text ?? null };
    entry.mass = add(entry.mass, massKg);
    entry.co2e = add(entry.co2e, gwp ? mul(massKg, gwp.value) : massKg);
    this.gases.set(gas, entry);
  }

  /** CO2 first, then CH4, N2O, then the others by name. */
  document(scale: number) {
    const order = (g: string) => (g === 'CO2' ? 0 : g === 'CH4' ? 1 : g === 'N2O' ? 2 : 3);
    return [...this.gases.entries()]
      .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0))
      .map(([gas, e]) => ({
        gas,
        massKg: format(e.mass, scale),
        gwp: e.gwp ?? '1',
        co2eKg: format(e.co2e, scale),
      }));
  }
}

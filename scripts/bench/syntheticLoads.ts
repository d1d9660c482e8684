import type { ModelDay } from '../../services/analysis/baselineTypes';
import type { ReportingDay } from '../../services/analysis/avoidedEnergy';

/** A small seeded generator (xorshift32): the same seed gives the same site every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
}

function gaussian(random: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface SyntheticSite {
  baseline: ModelDay[];
  reporting: ReportingDay[];
  /** The savings built in: Σ savingsFraction × the noise-free load over the reporting days. */
  truthSavings: number;
  truth: { base: number; heating: number; heatingBalance: number; cooling: number; coolingBalance: number };
}

const DAY_MS = 86_400_000;

/**
 * One site with a weather- and production-driven daily load: a year of baseline, then a year in which a measure saves
 * `savingsFraction` of the load. Temperature follows the seasons with day-to-day noise, production the working week;
 * the load is μ + β_H·HDD + β_C·CDD + 0.3·production plus noise of 3 % of the mean load.
 */
export function syntheticSite(seed: number, savingsFraction = 0.1, start = '2024-01-01'): SyntheticSite {
  const random = seededRandom(seed);
  const truth = {
    base: 400 + 400 * random(),
    heating: 10 + 20 * random(),
    heatingBalance: 14 + 0.5 * Math.floor(6 * random()),
    cooling: 10 + 20 * random(),
    coolingBalance: 20 + 0.5 * Math.floor(6 * random()),
  };
  const startMs = Date.parse(`${start}T00:00:00Z`);
  const baseline: ModelDay[] = [];
  const reporting: ReportingDay[] = [];
  let truthSavings = 0;
  const noise = 0.03 * (truth.base + 300);
  for (let i = 0; i < 730; i++) {
    const date = new Date(startMs + i * DAY_MS);
    const day = date.toISOString().slice(0, 10);
    const temperature = 15 + 12 * Math.sin((2 * Math.PI * (i - 110)) / 365) + 3 * gaussian(random);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const production = (weekend ? 300 : 1000) + 50 * gaussian(random);
    const load =
      truth.base +
      truth.heating * Math.max(0, truth.heatingBalance - temperature) +
      truth.cooling * Math.max(0, temperature - truth.coolingBalance) +
      0.3 * production;
    const drivers = { production };
    if (i < 365) {
      baseline.push({ day, energy: load + noise * gaussian(random), temperature, drivers });
    } else {
      const energy = load * (1 - savingsFraction) + noise * gaussian(random);
      truthSavings += load * savingsFraction;
      reporting.push({ day, energy, temperature, drivers, energyUnits: BigInt(Math.round(energy * 1e6)) });
    }
  }
  return { baseline, reporting, truthSavings, truth };
}

/**
 * npm run bench:analytics: fits 100 baselines, each over one year of daily data of a synthetic weather- and
 * production-driven site (balance points searched 10–25 °C by 0.5 °C), then reports the savings of each site's
 * second year, where 10 % savings are built in. Prints the fitting time (goal ≤ 5 s) and the savings recovery error
 * against the truth, and how often the truth lies inside the reported 90 % uncertainty. Exits 1 when a site's savings
 * miss the truth by more than 10 %.
 */
import { evaluateAcceptance } from '../../services/analysis/acceptance';
import { avoidedEnergy } from '../../services/analysis/avoidedEnergy';
import { fitBaselineModel } from '../../services/analysis/baselineModel';
import { syntheticSite } from './syntheticLoads';

const SITES = 100;
const sites = Array.from({ length: SITES }, (_, i) => syntheticSite(i + 1, 0.1));
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const models = sites.map((site) => fitBaselineModel(site.baseline, { weather: true, drivers: ['production'] }));
const fitMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpuBefore);
const fitCpuMs = (cpu.user + cpu.system) / 1000;

let accepted = 0;
let inside = 0;
let worst = 0;
let sumError = 0;
sites.forEach((site, i) => {
  const model = models[i];
  if (!model) throw new Error(`site ${i + 1}: no model`);
  const acceptance = evaluateAcceptance(model, 365, 1);
  if (!acceptance.accepted) return;
  accepted++;
  const savings = avoidedEnergy(model, acceptance, site.reporting, 0.9);
  const error = Math.abs(Number(savings.avoided) - site.truthSavings);
  if (error <= Number(savings.uncertainty)) inside++;
  worst = Math.max(worst, error / site.truthSavings);
  sumError += error / site.truthSavings;
});

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
process.stdout.write(
  `fitted ${SITES} baselines (365 days each, ${models[0]?.candidatesTried} candidate models per baseline) in ` +
    `${(fitMs / 1000).toFixed(2)} s wall, ${(fitCpuMs / 1000).toFixed(2)} s CPU (goal ≤ 5 s)\n` +
    `accepted: ${accepted} / ${SITES}\n` +
    `savings recovery error: mean ${pct(sumError / accepted)}, worst ${pct(worst)} (goal ≤ 10 %)\n` +
    `truth inside the reported 90 % uncertainty: ${inside} / ${accepted}\n`,
);
process.exit(worst <= 0.1 && accepted === SITES ? 0 : 1);

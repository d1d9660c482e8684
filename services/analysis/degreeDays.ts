/**
 * Degree days of one day from its mean outdoor temperature (°C) and a balance point: heating below it, cooling above.
 * A day at 5 °C has 13 heating degree days at an 18 °C balance point and none of cooling.
 */
export function heatingDegreeDays(meanTemperature: number, balancePoint: number): number {
  return Math.max(0, balancePoint - meanTemperature);
}

export function coolingDegreeDays(meanTemperature: number, balancePoint: number): number {
  return Math.max(0, meanTemperature - balancePoint);
}

/** The balance points a model search tries: `from` to `to` inclusive in `step` (10–25 °C by 0.5 °C by default). */
export function balancePointGrid(from = 10, to = 25, step = 0.5): number[] {
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  return Array.from({ length: count }, (_, i) => from + i * step);
}

import type { FactorValue } from './factorSource';
import { format, fromDecimal } from './rational';

/** A factor as a source line cites it; `askedRegion` is the region it stands in for when that is another one. */
export function factorJson(name: string, x: FactorValue & { askedRegion?: string }) {
  return {
    name,
    value: x.value.units === 0n && x.value.scale === 0 ? '0' : format(fromDecimal(x.value), x.value.scale),
    unit: x.unit,
    factorId: x.factorId,
    series: x.series,
    source: x.source,
    notice: x.notice,
    year: x.year,
    region: x.region,
    quality: x.quality,
    ...(x.fallbackFromYear === undefined ? {} : { usedForYear: x.fallbackFromYear }),
    ...(x.askedRegion === undefined || x.askedRegion === x.region ? {} : { usedForRegion: x.askedRegion }),
  };
}

export type FactorJson = ReturnType<typeof factorJson>;

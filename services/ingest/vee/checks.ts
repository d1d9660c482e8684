import { parseDecimal, rescale } from '../../lib/decimal';
import { QUANTITY_SCALE } from '../../lib/leafSchema';
import { QualityFlag } from '../../lib/qualityFlags';
import type { Meter } from '../../registry/meters';

/** Per-interval plausibility checks of a meter (DOMAIN.md §7): zero, negative, absolute limit, jump ratio. */
export interface IntervalChecks {
  (quantity: bigint, previous: bigint | null): number;
}

export function intervalChecks(meter: Meter): IntervalChecks {
  // spike_limit is stated in the normalised unit, per interval.
  const limit = meter.spikeLimit === null ? null : rescale(parseDecimal(meter.spikeLimit), QUANTITY_SCALE).units;
  const ratio = parseDecimal(meter.spikeRatio);
  const ratioScale = 10n ** BigInt(ratio.scale);
  return (quantity, previous) => {
    let flags = 0;
    if (quantity === 0n) flags |= QualityFlag.ZERO;
    if (quantity < 0n) flags |= QualityFlag.NEGATIVE;
    if (limit !== null && quantity > limit) flags |= QualityFlag.SPIKE;
    // quantity > previous × ratio, in integers: quantity × 10^scale > previous × units.
    if (previous !== null && previous > 0n && quantity * ratioScale > previous * ratio.units)
      flags |= QualityFlag.SPIKE;
    return flags;
  };
}

/** Flags a raw reading passes on to the values derived from it. */
export const INHERITED_FLAGS =
  QualityFlag.UNIT_CONVERTED |
  QualityFlag.MULTIPLIED |
  QualityFlag.ROUNDED |
  QualityFlag.TIME_ALIGNED |
  QualityFlag.SIGNED;

/**
 * Quality flags of a cleaned reading, a bitmask that is part of the anchored leaf. Every rule of validation,
 * estimation and editing (VEE) that touches a value sets its flag, so an anchored number always says how it came to
 * be. Bits are a promise: never renumber, only add.
 */
export const QualityFlag = {
  /** No raw value behind it: estimated for a gap (see INTERPOLATED / PROFILED). */
  ESTIMATED: 1 << 0,
  /** Estimated by linear interpolation between its neighbours (gap up to the interpolation limit, 1 h). */
  INTERPOLATED: 1 << 1,
  /** Estimated from the meter's own profile: the mean of the same interval on preceding days. */
  PROFILED: 1 << 2,
  /** A register delta spread evenly over several missing intervals: the total is exact, the split is estimated. */
  PRORATED: 1 << 3,
  /** A different value arrived for this interval; the first value stands, the other is kept raw for review. */
  CONFLICT: 1 << 4,
  /** Above the meter's per-interval limit, or a jump of more than the spike ratio over the previous interval. */
  SPIKE: 1 << 5,
  /** Negative consumption. */
  NEGATIVE: 1 << 6,
  /** The register wrapped past its maximum; the delta is taken across the wrap. */
  ROLLOVER: 1 << 7,
  /** The register went backwards without a plausible rollover (meter exchange or reset). */
  METER_RESET: 1 << 8,
  /** Converted from the unit received to the meter's normalised unit. */
  UNIT_CONVERTED: 1 << 9,
  /** The CT × PT multiplier was applied to a secondary-side reading. */
  MULTIPLIED: 1 << 10,
  /** Normalisation produced more decimals than the quantity scale; rounded half to even. */
  ROUNDED: 1 << 11,
  /** The timestamp was snapped to the interval boundary (clock drift within tolerance). */
  TIME_ALIGNED: 1 << 12,
  /** Signed at the source by the meter's registered gateway. */
  SIGNED: 1 << 13,
  /** Replaces an earlier revision of the same interval (late data, a conflict, an estimate replaced). */
  REVISED: 1 << 14,
  /** Zero consumption: a possible outage. */
  ZERO: 1 << 15,
} as const;

export type QualityFlagName = keyof typeof QualityFlag;

/** The names of the flags set in `mask`, in bit order. */
export function flagNames(mask: number): QualityFlagName[] {
  return (Object.keys(QualityFlag) as QualityFlagName[]).filter((name) => (mask & QualityFlag[name]) !== 0);
}

/** Flags that mean "this value was not measured as is" (estimates and edits), for data-quality statements. */
export const ESTIMATE_FLAGS = QualityFlag.ESTIMATED | QualityFlag.PRORATED;

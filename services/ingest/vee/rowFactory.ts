import { isoUtc } from '../../lib/time';
import type { Meter } from '../../registry/meters';
import type { CleanedRow, CurrentReading, Notice, NoticeKind } from './types';

/** The current-reading view of a row just produced, so later readings in the same request see it. */
export function asCurrent(row: CleanedRow): CurrentReading {
  return { start: row.start, revision: row.revision, quantity: row.quantity, flags: row.flags, rawIds: row.rawIds };
}

export function notice(meter: Meter, index: number, kind: NoticeKind, start: number, message: string): Notice {
  return { index, kind, meter: meter.externalId, start: isoUtc(start * 1000), message };
}

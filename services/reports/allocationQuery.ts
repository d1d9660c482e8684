import { NengtanError } from '../lib/errors';
import type { AllocationMethod, AllocationRequest } from './coProductAllocation';

/** The allocation as a query string carries it: `allocation=mass&allocationKey=<product>=<value>` (repeated). */
export interface AllocationQuery {
  allocation?: AllocationMethod;
  allocationKey?: string | string[];
}

/** The allocation request of a query; a key is split at its last "=", since a value never holds one. */
export function allocationRequestOf(query: AllocationQuery): AllocationRequest {
  const keys: Record<string, string> = {};
  const given = query.allocationKey === undefined ? [] : [query.allocationKey].flat();
  for (const text of given) {
    const at = text.lastIndexOf('=');
    if (at <= 0 || at === text.length - 1) {
      throw new NengtanError('NT_ERR_FOOTPRINT_ALLOCATION_KEY', {
        message: `The allocation key "${text}" is not <product>=<value>`,
      });
    }
    const product = text.slice(0, at);
    if (product in keys) {
      throw new NengtanError('NT_ERR_FOOTPRINT_ALLOCATION_KEY', {
        message: `"${product}" has two allocation keys`,
      });
    }
    keys[product] = text.slice(at + 1);
  }
  return { method: query.allocation ?? 'mass', keys };
}

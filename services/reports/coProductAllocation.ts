import { compare, div, exact, format, mul, parseRational, sum, ZERO, type Rational } from '../accounting/rational';
import { NengtanError } from '../lib/errors';

/**
 * How the emissions of a multi-output process are split between its co-products. ISO 14067:2018 (GB/T 24067-2024)
 * asks first to avoid allocation (subdivision, system expansion), then to allocate by an underlying physical
 * relationship, and only where that cannot be established by another relationship such as economic value. A site
 * inventory cannot be subdivided per product here, so the choice is between `mass` (physical) and `economic`.
 */
export type AllocationMethod = 'mass' | 'economic';

export interface AllocationRequest {
  method: AllocationMethod;
  /** Per product: kg per unit (mass; needed for products not recorded in t or kg) or CNY per unit (economic). */
  keys?: Readonly<Record<string, string>>;
}

export interface CoProduct {
  product: string;
  unit: string;
  quantity: Rational;
}

export interface AllocatedCoProduct {
  product: string;
  /** kg per unit (mass) or CNY per unit (economic), as used. */
  key: string;
  keyUnit: string;
  /** Where the key comes from: the recorded unit itself (t, kg) or the request. */
  keySource: 'unit' | 'given';
  /** quantity × key: kg of product or CNY of output value in the period (6 decimals). */
  amount: string;
  /** amount ÷ the sum of amounts, exact ("3/4") and as a decimal (6 places). */
  shareExact: string;
  share: string;
}

const KG_PER_MASS_UNIT: Readonly<Record<string, string>> = { t: '1000', 吨: '1000', kg: '1', 千克: '1' };

const STATEMENTS: Record<AllocationMethod, string> = {
  mass: 'ISO 14067:2018 allocation procedure: allocation cannot be avoided (one site inventory, no subdivision per product), so emissions are partitioned by the underlying physical relationship, the mass of each co-product in the period (quantity × kg per unit)',
  economic:
    'ISO 14067:2018 allocation procedure: allocation cannot be avoided and is made by economic value (quantity × CNY per unit), the relationship the standard allows where a physical one cannot be established or used; the reason is the user’s to state',
};

export const allocationStatement = (method: AllocationMethod) => STATEMENTS[method];

function keyError(message: string): NengtanError {
  return new NengtanError('NT_ERR_FOOTPRINT_ALLOCATION_KEY', { message });
}

function positive(product: string, text: string): Rational {
  let value: Rational;
  try {
    value = parseRational(text);
  } catch {
    throw keyError(`The allocation key of "${product}" is not a number: "${text}"`);
  }
  if (compare(value, ZERO) <= 0) throw keyError(`The allocation key of "${product}" is not positive: "${text}"`);
  return value;
}

/** The share of each co-product, exact, by mass or economic value; refuses a missing key or one for no product. */
export function allocateCoProducts(products: readonly CoProduct[], request: AllocationRequest): AllocatedCoProduct[] {
  const keys = request.keys ?? {};
  for (const product of Object.keys(keys)) {
    if (!products.some((p) => p.product === product)) {
      throw new NengtanError('NT_ERR_FOOTPRINT_PRODUCT_UNKNOWN', {
        message: `An allocation key names "${product}", which the inventory has no production volume of`,
      });
    }
  }
  const keyed = products.map((p) => {
    const given = keys[p.product];
    if (given !== undefined) return { p, text: given, key: positive(p.product, given), keySource: 'given' as const };
    const fromUnit = request.method === 'mass' ? KG_PER_MASS_UNIT[p.unit] : undefined;
    if (fromUnit === undefined) {
      throw keyError(
        request.method === 'mass'
          ? `"${p.product}" is recorded in ${p.unit}, not a mass unit: its kg per ${p.unit} is needed for allocation by mass`
          : `No economic value (CNY per ${p.unit}) of "${p.product}" for allocation by economic value`,
      );
    }
    return { p, text: fromUnit, key: parseRational(fromUnit), keySource: 'unit' as const };
  });
  const amounts = keyed.map(({ p, key }) => mul(p.quantity, key));
  const total = sum(amounts);
  if (compare(total, ZERO) <= 0) {
    throw new NengtanError('NT_ERR_REQUEST_INVALID', {
      message: 'The production volumes of the period add up to zero: there is nothing to allocate to',
      hint: 'Record positive production volumes (POST /v1/production-volumes) and compute the inventory again.',
    });
  }
  return keyed.map(({ p, text, keySource }, i) => {
    const share = div(amounts[i], total);
    return {
      product: p.product,
      key: text,
      keyUnit: request.method === 'mass' ? `kg/${p.unit}` : `CNY/${p.unit}`,
      keySource,
      amount: format(amounts[i], 6),
      shareExact: exact(share),
      share: format(share, 6),
    };
  });
}

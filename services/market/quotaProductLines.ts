/**
 * The product lines an allowance allocation rule may cover, with the unit the benchmark is stated per. They follow
 * the sectors of the national ETS and its pilots that allocate by intensity (benchmark × output × corrections):
 * power supplied (MWh) and heat supplied (GJ) of power plants, cement clinker, crude steel and primary aluminium.
 */
export const QUOTA_PRODUCT_LINES = {
  power_supply: { unit: 'MWh', name: 'power supplied' },
  heat_supply: { unit: 'GJ', name: 'heat supplied' },
  clinker: { unit: 't', name: 'cement clinker' },
  crude_steel: { unit: 't', name: 'crude steel' },
  aluminium: { unit: 't', name: 'primary aluminium' },
} as const;

export type QuotaProductLine = keyof typeof QUOTA_PRODUCT_LINES;

export function isQuotaProductLine(product: string): product is QuotaProductLine {
  return Object.prototype.hasOwnProperty.call(QUOTA_PRODUCT_LINES, product);
}

/** Query and response schemas of GET /v1/inventories/{id}/product-footprint (and the allocation of the report). */
export const allocationQuery = {
  allocation: {
    type: 'string',
    enum: ['mass', 'economic'],
    default: 'mass',
    description:
      'Allocation between co-products (ISO 14067: physical relationship first, economic value where it cannot be used)',
  },
  allocationKey: {
    type: 'array',
    maxItems: 100,
    items: { type: 'string', minLength: 3, maxLength: 260 },
    description:
      'Repeat as allocationKey=<product>=<value>: kg per unit (mass; needed for products not recorded in t or kg) or CNY per unit (economic; needed for every product)',
  },
} as const;

const str = { type: 'string' } as const;
const stageName = { type: 'string', enum: ['raw-materials', 'upstream-energy', 'inbound-transport', 'production'] };

const stageAtBoundary = {
  type: 'object',
  properties: {
    stage: stageName,
    method: str,
    locationKgCO2e: str,
    marketKgCO2e: str,
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ref: str,
          description: str,
          calculation: str,
          kgCO2e: str,
          data: { type: 'string', enum: ['primary', 'secondary'] },
        },
        required: ['ref', 'description', 'calculation', 'kgCO2e', 'data'],
      },
    },
  },
  required: ['stage', 'method', 'locationKgCO2e', 'marketKgCO2e', 'inputs'],
} as const;

const productLine = {
  type: 'object',
  properties: {
    product: str,
    unit: str,
    declaredUnit: str,
    quantity: str,
    siteIds: { type: 'array', items: { type: ['string', 'null'] } },
    share: str,
    shareExact: str,
    stages: {
      type: 'array',
      items: {
        type: 'object',
        properties: { stage: stageName, kgCO2ePerUnitLocation: str, kgCO2ePerUnitMarket: str, trace: str },
        required: ['stage', 'kgCO2ePerUnitLocation', 'kgCO2ePerUnitMarket', 'trace'],
      },
    },
    kgCO2ePerUnitLocation: str,
    kgCO2ePerUnitMarket: str,
    biogenicCO2KgPerUnit: str,
    byGas: {
      type: 'array',
      items: {
        type: 'object',
        properties: { gas: str, massKgPerUnit: str, co2eKgPerUnit: str },
        required: ['gas', 'massKgPerUnit', 'co2eKgPerUnit'],
      },
    },
  },
  required: ['product', 'unit', 'declaredUnit', 'quantity', 'share', 'stages', 'kgCO2ePerUnitLocation'],
} as const;

export const footprintSchema = {
  type: 'object',
  properties: {
    format: str,
    standard: str,
    systemBoundary: str,
    organisation: { type: 'object', properties: { id: str, name: str }, required: ['id', 'name'] },
    period: {
      type: 'object',
      properties: { start: str, end: str, timeZone: str },
      required: ['start', 'end', 'timeZone'],
    },
    inventoryFormat: str,
    scope2: { type: 'object', properties: { primary: str, statement: str }, required: ['primary', 'statement'] },
    allocation: {
      type: 'object',
      properties: {
        method: { type: 'string', enum: ['mass', 'economic'] },
        statement: str,
        products: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              product: str,
              key: str,
              keyUnit: str,
              keySource: { type: 'string', enum: ['unit', 'given'] },
              amount: str,
              shareExact: str,
              share: str,
            },
            required: ['product', 'key', 'keyUnit', 'keySource', 'amount', 'shareExact', 'share'],
          },
        },
      },
      required: ['method', 'statement', 'products'],
    },
    stages: { type: 'array', items: stageAtBoundary },
    products: { type: 'array', items: productLine },
    exclusions: { type: 'array', items: str },
    biogenic: { type: 'object', properties: { boundaryCO2Kg: str, statement: str }, required: ['boundaryCO2Kg'] },
    byGasStatement: str,
    dataQuality: {
      type: 'object',
      properties: { primaryShare: str, secondaryShare: str, estimatedShareOfSiteEmissions: str, statement: str },
      required: ['primaryShare', 'secondaryShare', 'statement'],
    },
    rounding: str,
  },
  required: ['format', 'standard', 'systemBoundary', 'allocation', 'stages', 'products', 'exclusions', 'dataQuality'],
} as const;

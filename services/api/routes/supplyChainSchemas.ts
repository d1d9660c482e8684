import { address, decimalString, hex32, isoTime, uuid } from '../schemas';

const allocationSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'Version 2: allocation between co-products, mass (kg per unit from t or kg, or given) or economic (CNY per unit); signed with the figure',
  properties: {
    method: { type: 'string', enum: ['mass', 'economic'] },
    keys: {
      type: 'object',
      additionalProperties: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$' },
      maxProperties: 100,
    },
  },
  required: ['method'],
} as const;

const party = {
  type: 'object',
  properties: { id: uuid, name: { type: 'string' } },
  required: ['id', 'name'],
} as const;

export const shareSchema = {
  type: 'object',
  properties: {
    shareId: uuid,
    supplier: party,
    customer: party,
    supplierOrgId: uuid,
    customerOrgId: uuid,
    product: { type: 'string' },
    unit: { type: 'string' },
    basis: { type: 'string', enum: ['location', 'market'] },
    kgCO2ePerUnit: { type: 'string', description: 'Exact decimal from the product footprint of the inventory' },
    inventoryId: uuid,
    inventoryHash: hex32,
    chainInventoryId: hex32,
    notarizedTx: { type: 'string' },
    notarizedBlock: { type: 'integer' },
    figureVersion: {
      type: 'integer',
      enum: [1, 2],
      description:
        '1: gate-to-gate site footprint allocated by production volume (shares made before version 2); 2: cradle-to-gate product footprint (GB/T 24067 / ISO 14067)',
    },
    allocation: allocationSchema,
    signer: address,
    signature: { type: 'string', description: 'EIP-191 signature of the share statement by the supplier' },
    createdAt: isoTime,
    revokedAt: { ...isoTime, type: ['string', 'null'] },
  },
  required: ['shareId', 'supplier', 'customer', 'product', 'unit', 'kgCO2ePerUnit', 'inventoryHash', 'signature'],
} as const;

export const shareBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    customerOrgId: { ...uuid, description: 'The customer, found by name with GET /v1/directory?q=…' },
    inventoryId: { ...uuid, description: 'One of your notarized inventories' },
    product: { type: 'string', minLength: 1, maxLength: 200 },
    basis: { type: 'string', enum: ['location', 'market'], default: 'location' },
    footprintVersion: {
      type: 'integer',
      enum: [1, 2],
      description:
        '2 (default): cradle-to-gate product footprint (GET /v1/inventories/{id}/product-footprint); 1: the gate-to-gate site figure of earlier shares',
    },
    allocation: allocationSchema,
    unit: { type: 'string', minLength: 1, maxLength: 40, description: 'Optional: must be the unit recorded' },
    kgCO2ePerUnit: { ...decimalString, description: 'Optional: must equal the figure the inventory gives' },
    shareId: {
      ...uuid,
      description: 'Signing yourself: the share id of the statement (POST /v1/footprint-shares/statement)',
    },
    signature: {
      type: 'string',
      pattern: '^0x[0-9a-fA-F]{130}$',
      description: 'Signing yourself: your EIP-191 signature of the statement, by a registered account',
    },
  },
  required: ['customerOrgId', 'inventoryId', 'product'],
} as const;

export const statementBody = {
  ...shareBody,
  properties: Object.fromEntries(Object.entries(shareBody.properties).filter(([name]) => name !== 'signature')),
} as const;

export const statementSchema = {
  type: 'object',
  properties: { shareId: uuid, statement: { type: 'string' } },
  required: ['shareId', 'statement'],
} as const;

export const purchaseSchema = {
  type: 'object',
  properties: {
    id: uuid,
    shareId: uuid,
    supplier: party,
    product: { type: 'string' },
    unit: { type: 'string' },
    period: {
      type: 'object',
      properties: { start: { type: 'string' }, end: { type: 'string' } },
      required: ['start', 'end'],
    },
    quantity: { type: 'string' },
    createdAt: isoTime,
  },
  required: ['id', 'shareId', 'supplier', 'product', 'unit', 'period', 'quantity'],
} as const;

export const purchaseBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    shareId: uuid,
    period: {
      type: 'string',
      pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
      description: 'A year ("2025"), a month ("2025-03") or a day ("2025-03-01")',
    },
    quantity: { ...decimalString, description: "Quantity bought, in the share's unit" },
  },
  required: ['shareId', 'period', 'quantity'],
} as const;

export const verificationSchema = {
  type: 'object',
  properties: {
    shareId: uuid,
    verified: { type: 'boolean' },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, pass: { type: 'boolean' }, detail: { type: 'string' } },
        required: ['name', 'pass', 'detail'],
      },
    },
  },
  required: ['shareId', 'verified', 'checks'],
} as const;

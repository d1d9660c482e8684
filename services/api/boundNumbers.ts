type SchemaNode = Record<string, unknown>;

const SUBSCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf', 'prefixItems'] as const;
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const;
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'] as const;

function typesOf(node: SchemaNode): unknown[] {
  return Array.isArray(node.type) ? node.type : [node.type];
}

/**
 * Gives every integer of a request schema the bounds of a safe integer and every number the bounds of a finite
 * double, where the schema sets none. Ajv's integer check lets an infinite number through (Infinity % 1 is NaN): JSON's
 * 1e400 or the string "-Infinity" coerced from a query, and BigInt() or the database then fail with a 500. The bounds
 * refuse them as invalid (buildApp turns Ajv's strictNumbers off, which would skip the bounds of a coerced value).
 * Changes the schema in place; nodes already bounded keep their bounds.
 */
export function boundNumbers(schema: unknown): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  const node = schema as SchemaNode;
  const types = typesOf(node);
  const limit = types.includes('integer') ? Number.MAX_SAFE_INTEGER : types.includes('number') ? Number.MAX_VALUE : 0;
  if (limit > 0) {
    if (node.minimum === undefined && node.exclusiveMinimum === undefined) node.minimum = -limit;
    if (node.maximum === undefined && node.exclusiveMaximum === undefined) node.maximum = limit;
  }
  for (const key of SUBSCHEMA_LISTS) {
    if (Array.isArray(node[key])) for (const sub of node[key] as unknown[]) boundNumbers(sub);
  }
  for (const key of SUBSCHEMAS) boundNumbers(node[key]);
  for (const key of SUBSCHEMA_MAPS) {
    const map = node[key];
    if (map && typeof map === 'object') for (const sub of Object.values(map)) boundNumbers(sub);
  }
}

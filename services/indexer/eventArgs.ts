import type { EventFragment, ParamType, Result } from 'ethers';

/** A decoded event value as JSON: integers as decimal strings, bytes and addresses as lowercase 0x hex, structs by name. */
export type EventValue = string | boolean | EventValue[] | { [name: string]: EventValue };

function toJson(value: unknown, type: ParamType): EventValue {
  if (type.isArray()) {
    return Array.from(value as unknown[], (item) => toJson(item, type.arrayChildren as ParamType));
  }
  if (type.isTuple()) {
    const components = type.components as readonly ParamType[];
    const values = value as Result;
    return Object.fromEntries(components.map((c, i) => [c.name || String(i), toJson(values[i], c)]));
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value;
  if (type.type === 'address') return String(value).toLowerCase();
  // Indexed dynamic values (string, bytes, arrays) arrive as their keccak256 topic: kept as that hash.
  if (value && typeof value === 'object' && 'hash' in value) return String((value as { hash: string }).hash);
  return String(value);
}

/** The named arguments of a decoded log, as JSON. */
export function eventArgs(fragment: EventFragment, args: Result): Record<string, EventValue> {
  return Object.fromEntries(fragment.inputs.map((input, i) => [input.name || String(i), toJson(args[i], input)]));
}

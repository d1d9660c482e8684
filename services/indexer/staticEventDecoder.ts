import type { EventFragment, ParamType } from 'ethers';
import type { EventValue } from './eventArgs';

export type StaticDecoder = (topics: readonly string[], data: string) => Record<string, EventValue>;

const BITS = /^u?int(\d+)$/;

function isStatic(type: ParamType): boolean {
  if (type.isArray()) return false;
  if (type.isTuple()) return (type.components as readonly ParamType[]).every(isStatic);
  return type.type !== 'string' && type.type !== 'bytes';
}

/** A word (64 hex digits) as the JSON value eventArgs gives for `type`. */
function wordValue(word: string, type: string): EventValue {
  if (type === 'address') return `0x${word.slice(24)}`;
  if (type === 'bool') return BigInt(`0x${word}`) !== 0n;
  const bits = BITS.exec(type);
  if (bits) {
    const value = BigInt(`0x${word}`);
    return (type.startsWith('u') ? value : BigInt.asIntN(Number(bits[1]), value)).toString();
  }
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) return `0x${word.slice(0, 2 * Number(bytes[1]))}`;
  throw new Error(`no static decoding for ${type}`);
}

/**
 * A decoder for events whose arguments are all of static ABI types (words and static tuples): it reads the 32-byte
 * words straight from the topics and data, about ten times faster than ethers' general decoder, and gives exactly
 * what eventArgs gives (tests compare them on every such event of every contract). Null for other events.
 */
export function staticEventDecoder(fragment: EventFragment): StaticDecoder | null {
  // An indexed tuple is hashed into its topic, not laid out in it: only words can be read back.
  if (fragment.anonymous || !fragment.inputs.every((p) => isStatic(p) && !(p.indexed && p.isTuple()))) return null;
  return (topics, data) => {
    const hex = data.slice(2).toLowerCase();
    let word = 0;
    let topic = 1;
    const next = (type: ParamType, indexed: boolean): EventValue => {
      if (type.isTuple()) {
        const components = type.components as readonly ParamType[];
        return Object.fromEntries(components.map((c, i) => [c.name || String(i), next(c, false)]));
      }
      if (indexed) return wordValue(topics[topic++].slice(2).toLowerCase(), type.type);
      const value = wordValue(hex.slice(word * 64, word * 64 + 64), type.type);
      word++;
      return value;
    };
    return Object.fromEntries(
      fragment.inputs.map((input, i) => [input.name || String(i), next(input, input.indexed === true)]),
    );
  };
}

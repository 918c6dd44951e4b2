/**
 * Duplicate keys in a PHP array or object being decoded (PHP keeps the last silently; we refuse,
 * a parser differential on `user_id` is a security risk). Small containers are scanned; big ones
 * go through a KeyTable of 32-bit hashes the reader computed from the bytes, falling back to an
 * exact Set after crafted collisions.
 */
import { hashInt, type KeyTable, MAX_COLLISIONS } from "./key-table.js";
import { type PhpArrayKey, type PhpProperty, type PhpValue, sameKey } from "./values.js";

export type Entry = [PhpArrayKey, PhpValue];
/**
 * Records a key in {@link Frame.seen} and says whether it may repeat an earlier one (then the
 * caller runs the exact check). Its bit comes from its value for int keys, from the name cache
 * for names (`nameBit`; 0 when the name has none: such keys are always checked). Big containers
 * always check (their table needs every key).
 */
export function mayRepeat(frame: Frame, key: PhpArrayKey | PhpProperty["name"], nameBit: number): boolean {
  const bit = typeof key === "bigint" ? 1 << (Number(key) & 31) : nameBit;
  const maybe = frame.hashed || bit === 0 || (frame.seen & bit) !== 0;
  frame.seen |= bit;
  return maybe;
}

/** What the decoder stacks up while a container is open: array entries or object properties. */
export type Item = Entry | PhpProperty;

/** One open array or object of the decoder (pooled: reused by the next container at its depth). */
export class Frame {
  /** Where this container's entries start on the decoder's shared stack of items. */
  base = 0;
  remaining = 0;
  /** The class of an object; null for an array. */
  className: string | null = null;
  incomplete = false;
  /** Where the finished container goes in its parent: its array key, or its property; null for the root. */
  pending: PhpArrayKey | PhpProperty | null = null;
  /** Keys so far are exactly 0, 1, 2, …: the next key cannot be a duplicate if it is the next index. */
  list = true;
  /**
   * One bit per key so far, picked by its value ({@link keyBit}): in a small container, a key
   * whose bit is not set yet cannot be a duplicate, so the scan runs only when it is.
   */
  seen = 0;
  /** Big containers: hashes of the keys so far (small ones are scanned). */
  hashed = false;
  table: KeyTable | null = null;
  /** Exact keys, once crafted hash collisions made the table useless. */
  exact: Set<string | bigint> | null = null;
}

/**
 * Was `key` used before in this array, whose entries are `items` from `frame.base` to `top`? `hash` is
 * the key's byte hash (ignored for int keys and small arrays).
 */
export function isDuplicateKey(
  frame: Frame,
  items: ReadonlyArray<Item | undefined>,
  top: number,
  key: PhpArrayKey,
  hash: number,
): boolean {
  const base = frame.base;
  if (!frame.hashed) {
    if (key instanceof Uint8Array) return someKey(items, base, top, key);
    for (let i = base; i < top; i++) if ((items[i] as Entry)[0] === key) return true;
    return false;
  }
  if (frame.exact === null) {
    const table = frame.table as KeyTable;
    if (!table.add(typeof key === "bigint" ? hashInt(key) : hash)) return false;
    if (someKey(items, base, top, key)) return true;
    if (table.collisions <= MAX_COLLISIONS) return false;
    const exact = new Set<string | bigint>();
    for (let i = base; i < top; i++) exact.add(setKey((items[i] as Entry)[0]));
    frame.exact = exact;
  }
  const k = setKey(key);
  if (frame.exact.has(k)) return true;
  frame.exact.add(k);
  return false;
}

function someKey(
  items: ReadonlyArray<Item | undefined>,
  base: number,
  top: number,
  key: PhpArrayKey,
): boolean {
  for (let i = base; i < top; i++) if (sameKey((items[i] as Entry)[0], key)) return true;
  return false;
}

/** Was this property set before in this object (`items` from `frame.base` to `top`)? Its identity is its mangled name. */
export function isDuplicateProperty(
  frame: Frame,
  items: ReadonlyArray<Item | undefined>,
  top: number,
  property: PhpProperty,
  hash: number,
): boolean {
  const base = frame.base;
  if (!frame.hashed) {
    const name = property.name;
    for (let i = base; i < top; i++) {
      const other = items[i] as PhpProperty;
      if ((other.name === name || name instanceof Uint8Array) && sameProperty(other, property)) return true;
    }
    return false;
  }
  if (frame.exact === null) {
    const table = frame.table as KeyTable;
    if (!table.add(hash)) return false;
    for (let i = base; i < top; i++) if (sameProperty(items[i] as PhpProperty, property)) return true;
    if (table.collisions <= MAX_COLLISIONS) return false;
    const exact = new Set<string>();
    for (let i = base; i < top; i++) exact.add(propertyKey(items[i] as PhpProperty));
    frame.exact = exact;
  }
  const k = propertyKey(property);
  if (frame.exact.has(k)) return true;
  frame.exact.add(k);
  return false;
}

function setKey(key: PhpArrayKey): string | bigint {
  return key instanceof Uint8Array ? `\u0000bin:${Buffer.from(key).toString("latin1")}` : key;
}

function sameProperty(a: PhpProperty, b: PhpProperty): boolean {
  return (
    a.visibility === b.visibility &&
    a.declaringClass === b.declaringClass &&
    typeof a.name === typeof b.name &&
    sameKey(a.name, b.name)
  );
}

/** An exact identity for a property (used only after hash collisions). */
function propertyKey(p: PhpProperty): string {
  const n = p.name;
  const name =
    typeof n === "bigint"
      ? `i${n}`
      : typeof n === "string"
        ? `s${n}`
        : `b${Buffer.from(n).toString("latin1")}`;
  return `${p.visibility}|${p.declaringClass ?? ""}|${name}`;
}

/** The duplicate table's hash of a property: its bare name's (the last name() read) and its visibility. */
export function propertyHash(property: PhpProperty, nameHash: number): number {
  const visibility = property.visibility;
  return nameHash ^ (visibility === "public" ? 0 : visibility === "protected" ? 0x5bd1e995 : 0x27d4eb2d);
}

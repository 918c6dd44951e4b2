/**
 * Duplicate keys in a PHP array or object being decoded (PHP keeps the last silently; we refuse,
 * a parser differential on `user_id` is a security risk). Small containers are scanned; big ones
 * go through a KeyTable of 32-bit hashes the reader already computed, falling back to an exact Set
 * after crafted collisions.
 */
import { hashInt, type KeyTable, MAX_COLLISIONS } from "./key-table.js";
import { type PhpArrayKey, type PhpProperty, type PhpValue, sameKey } from "./values.js";

export type Entry = [PhpArrayKey, PhpValue];

/** One open array or object of the decoder (pooled: reused by the next container at its depth). */
export class Frame {
  entries: Entry[] | null = null;
  props: PhpProperty[] | null = null;
  remaining = 0;
  /** Keys so far are exactly 0, 1, 2, …: the next key cannot be a duplicate if it is the next index. */
  list = true;
  /** Big containers: hashes of the keys so far (small ones are scanned). */
  hashed = false;
  table: KeyTable | null = null;
  /** Exact keys, once crafted hash collisions made the table useless. */
  exact: Set<string | bigint> | null = null;
}

/** Was `key` used before in this array? `hash` is the key's byte hash (ignored for int keys). */
export function isDuplicateKey(frame: Frame, entries: Entry[], key: PhpArrayKey, hash: number): boolean {
  if (!frame.hashed) {
    if (key instanceof Uint8Array) return entries.some(([k]) => sameKey(k, key));
    for (let i = 0; i < entries.length; i++) if ((entries[i] as Entry)[0] === key) return true;
    return false;
  }
  if (frame.exact === null) {
    const table = frame.table as KeyTable;
    if (!table.add(typeof key === "bigint" ? hashInt(key) : hash)) return false;
    if (entries.some(([k]) => sameKey(k, key))) return true;
    if (table.collisions <= MAX_COLLISIONS) return false;
    frame.exact = new Set(entries.map(([k]) => setKey(k)));
  }
  const k = setKey(key);
  if (frame.exact.has(k)) return true;
  frame.exact.add(k);
  return false;
}

/** Was this property set before in this object? Its identity is its mangled name. */
export function isDuplicateProperty(
  frame: Frame,
  props: PhpProperty[],
  property: PhpProperty,
  hash: number,
): boolean {
  if (!frame.hashed) {
    const name = property.name;
    for (let i = 0; i < props.length; i++) {
      const other = props[i] as PhpProperty;
      if ((other.name === name || name instanceof Uint8Array) && sameProperty(other, property)) return true;
    }
    return false;
  }
  if (frame.exact === null) {
    const table = frame.table as KeyTable;
    if (!table.add(hash)) return false;
    if (props.some((p) => sameProperty(p, property))) return true;
    if (table.collisions <= MAX_COLLISIONS) return false;
    frame.exact = new Set(props.map(propertyKey));
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

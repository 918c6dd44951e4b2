/**
 * Laravel's `Arr` dot-notation helpers (Illuminate\Support\Arr::get/set/forget/pull/only/except, as
 * Session\Store uses them) over the lossless PhpArray model, with PHP's array semantics: '7' and 7
 * are the same key, `$a[] = v` appends after the largest int key, array_diff/array_unique keep the
 * surviving keys (so a flash list can have gaps, exactly as PHP stores it).
 */
import { PhpArray, type PhpArrayKey, type PhpValue } from "../../src/codecs/php/values.js";

const INT_KEY = /^(0|-?[1-9][0-9]{0,18})$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** PHP's array-key cast: canonical decimal strings within int64 become ints ('07', '-0' stay strings). */
export function phpKey(key: string | number | bigint): bigint | string {
  if (typeof key === "bigint") return key;
  if (typeof key === "number") return BigInt(Math.trunc(key));
  // Most keys (`_token`, `_flash`, `url`) do not start like a number: no regex for them.
  const first = key.charCodeAt(0);
  if (!(first === 45 || (first >= 48 && first <= 57))) return key;
  if (!INT_KEY.test(key)) return key;
  const n = BigInt(key);
  return n > INT64_MAX || n < INT64_MIN ? key : n;
}

/** Whether two normalised keys are the same PHP array key. */
function sameKey(a: PhpArrayKey, b: bigint | string): boolean {
  if (typeof a === "bigint" || typeof a === "string") return a === b;
  return typeof b === "string" && Buffer.from(a).equals(Buffer.from(b, "utf8"));
}

export function indexOfKey(array: PhpArray, key: bigint | string): number {
  const entries = array.entries;
  for (let i = 0; i < entries.length; i++) {
    if (sameKey((entries[i] as [PhpArrayKey, PhpValue])[0], key)) return i;
  }
  return -1;
}

/** `$array[$key]` (undefined when absent). */
export function offsetGet(array: PhpArray, key: bigint | string): PhpValue | undefined {
  const i = indexOfKey(array, key);
  return i === -1 ? undefined : (array.entries[i] as [PhpArrayKey, PhpValue])[1];
}

/** `$array[$key] = $value`: replaces in place (keeping the position) or appends. */
export function offsetSet(array: PhpArray, key: bigint | string, value: PhpValue): void {
  const i = indexOfKey(array, key);
  if (i === -1) array.entries.push([key, value]);
  else (array.entries[i] as [PhpArrayKey, PhpValue])[1] = value;
}

/** `unset($array[$key])`. */
export function offsetUnset(array: PhpArray, key: bigint | string): void {
  const i = indexOfKey(array, key);
  if (i !== -1) array.entries.splice(i, 1);
}

/** `$array[] = $value`: the next key is the largest int key + 1, or 0 (PHP < 8.3 rule for negatives). */
export function append(array: PhpArray, value: PhpValue): void {
  let next = 0n;
  for (const [k] of array.entries) if (typeof k === "bigint" && k >= next) next = k + 1n;
  array.entries.push([next, value]);
}

/** Arr::get: the exact key first (dots included), then the dotted path. */
export function arrGet(array: PhpArray, key: string): PhpValue | undefined {
  const direct = offsetGet(array, phpKey(key));
  if (direct !== undefined) return direct;
  let dot = key.indexOf(".");
  if (dot === -1) return undefined;
  // Walks the segments with indexOf: no array of segments per call (flash keys are read on every save).
  let current: PhpValue = array;
  let start = 0;
  while (true) {
    if (!(current instanceof PhpArray)) return undefined;
    const next: PhpValue | undefined = offsetGet(
      current,
      phpKey(key.slice(start, dot === -1 ? key.length : dot)),
    );
    if (next === undefined) return undefined;
    if (dot === -1) return next;
    current = next;
    start = dot + 1;
    dot = key.indexOf(".", start);
  }
}

/**
 * Arr::set: always splits on dots; an intermediate that is missing, null or not an array becomes
 * a new empty array (PHP's `! isset() || ! is_array()`).
 */
export function arrSet(array: PhpArray, key: string, value: PhpValue): void {
  let current = array;
  let start = 0;
  for (let dot = key.indexOf("."); dot !== -1; dot = key.indexOf(".", start)) {
    const segment = phpKey(key.slice(start, dot));
    let next = offsetGet(current, segment);
    if (!(next instanceof PhpArray)) {
      next = new PhpArray();
      offsetSet(current, segment, next);
    }
    current = next;
    start = dot + 1;
  }
  offsetSet(current, phpKey(start === 0 ? key : key.slice(start)), value);
}

/** Arr::forget for one key: the exact key if present, else the dotted path (missing parts: no-op). */
export function arrForget(array: PhpArray, key: string): void {
  const direct = phpKey(key);
  if (indexOfKey(array, direct) !== -1) {
    offsetUnset(array, direct);
    return;
  }
  const segments = key.split(".");
  let current = array;
  for (let i = 0; i < segments.length - 1; i++) {
    const next = offsetGet(current, phpKey(segments[i] as string));
    if (!(next instanceof PhpArray)) return;
    current = next;
  }
  offsetUnset(current, phpKey(segments[segments.length - 1] as string));
}

/** PHP's `(string)` of a scalar list element, as array_diff/array_unique compare them. */
export function phpStringOf(value: PhpValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "1" : "";
  if (value === null) return "";
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  if (value instanceof PhpArray) return "Array";
  if (value.kind === "float") return String(value.value);
  return `\u0000${value.kind}`;
}

/** The values of a PHP array as strings (flash lists hold key names). */
export function stringValues(value: PhpValue | undefined): string[] {
  if (!(value instanceof PhpArray)) return [];
  return value.entries.map(([, v]) => phpStringOf(v));
}

/** array_diff($a, $b): entries of $a whose string value is not in $b, keys kept. */
export function arrayDiff(a: PhpValue | undefined, remove: readonly string[]): PhpArray {
  if (!(a instanceof PhpArray)) return new PhpArray();
  const drop = new Set(remove);
  return new PhpArray(a.entries.filter(([, v]) => !drop.has(phpStringOf(v))));
}

/**
 * array_unique(array_merge($list, $extra)): array_merge renumbers int keys (string keys stay),
 * array_unique keeps the first entry of each string value with its key.
 */
export function mergeUnique(list: PhpValue | undefined, extra: readonly PhpValue[]): PhpArray {
  const merged: Array<[PhpArrayKey, PhpValue]> = [];
  let next = 0n;
  const add = (key: PhpArrayKey, value: PhpValue): void => {
    if (typeof key === "bigint") merged.push([next++, value]);
    else merged.push([key, value]);
  };
  if (list instanceof PhpArray) for (const [k, v] of list.entries) add(k, v);
  for (const v of extra) add(0n, v);
  const seen = new Set<string>();
  return new PhpArray(
    merged.filter(([, v]) => {
      const s = phpStringOf(v);
      if (seen.has(s)) return false;
      seen.add(s);
      return true;
    }),
  );
}

/** array_merge of one top-level entry: replaces the value of an equal key in place, or appends. */
export function arrSetTop(array: PhpArray, key: PhpArrayKey, value: PhpValue): void {
  const i = array.entries.findIndex(([k]) => k === key);
  if (i === -1) array.entries.push([key, value]);
  else array.entries[i] = [key, value];
}

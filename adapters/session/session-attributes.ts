/**
 * The attribute part of Illuminate\Session\Store: get, put, push, has, exists, missing, forget,
 * pull, all, only, except, flush, increment, decrement, remember, replace, remove, previousUrl/Route. Keys use Laravel's
 * dot notation (`cart.items`). Values go in and out as plain data (session-values.ts); the PHP
 * values read from Redis stay untouched until replaced, so they are written back byte for byte.
 */
import { PhpArray, type PhpArrayKey, PhpFloat, type PhpValue } from "../../src/codecs/php/values.js";
import { SessionEncodeError } from "../../src/errors/session-errors.js";
import { append, arrForget, arrGet, arrSet, indexOfKey, phpKey } from "./php-array.js";
import { fromSessionValue, type SessionValue, toSessionValue } from "./session-values.js";

/** A session key: dot notation for nested arrays. */
export type SessionKey = string;

/**
 * Called with every value about to be stored (put, push, flash, now); throws to refuse it. This is
 * where the ledger's rule plugs in: money and other financial records never live only in a session.
 */
export type SessionValueGuard = (key: string, value: unknown) => void;

export class SessionAttributes {
  /** The attributes array exactly as PHP keeps it (order, int/string keys, objects as data). */
  protected attributes: PhpArray = new PhpArray();

  /** Marks the session as changed; the Store uses it only for bookkeeping, saving is unconditional. */
  protected touched = false;

  /** See SessionValueGuard; set by the Session from its options. */
  protected guard: SessionValueGuard | undefined;

  /** The PHP value to store for `key`, after the guard had its say. */
  protected encode(key: string, value: unknown): PhpValue {
    this.guard?.(key, value);
    return fromSessionValue(value, key);
  }

  /** `get($key, $default)`: the value at a (dotted) key, or `defaultValue`. */
  get<T = SessionValue>(key: SessionKey, defaultValue?: T): T | undefined {
    const value = arrGet(this.attributes, key);
    return value === undefined ? defaultValue : (toSessionValue(value) as T);
  }

  /** The exact PHP value at a key (PhpArray, PhpObject, bigint…), for code that needs the model. */
  getRaw(key: SessionKey): PhpValue | undefined {
    return arrGet(this.attributes, key);
  }

  /** `put($key, $value)` or `put({key: value, …})`. Dotted keys create nested arrays. */
  put(key: SessionKey | Record<string, unknown>, value?: unknown): void {
    if (typeof key === "string") {
      arrSet(this.attributes, key, this.encode(key, value));
    } else {
      for (const [k, v] of Object.entries(key)) arrSet(this.attributes, k, this.encode(k, v));
    }
    this.touched = true;
  }

  /** `replace($attributes)`: Laravel's replace is put() of each pair. */
  replace(attributes: Record<string, unknown>): void {
    this.put(attributes);
  }

  /** `push($key, $value)`: appends to the array at `key` (creating it). */
  push(key: SessionKey, value: unknown): void {
    const current = arrGet(this.attributes, key);
    const array = current instanceof PhpArray ? new PhpArray([...current.entries]) : new PhpArray();
    append(array, this.encode(key, value));
    arrSet(this.attributes, key, array);
    this.touched = true;
  }

  /** `has($key)`: present and not null (every key when several are given). */
  has(...keys: SessionKey[]): boolean {
    return keys.flat().every((k) => {
      const v = arrGet(this.attributes, k);
      return v !== undefined && v !== null;
    });
  }

  /** `hasAny($keys)`: at least one key present and not null. */
  hasAny(...keys: SessionKey[]): boolean {
    return keys.flat().some((k) => {
      const v = arrGet(this.attributes, k);
      return v !== undefined && v !== null;
    });
  }

  /** `exists($key)`: present, even when null. */
  exists(...keys: SessionKey[]): boolean {
    return keys.flat().every((k) => arrGet(this.attributes, k) !== undefined);
  }

  /** `missing($key)`: the opposite of exists(). */
  missing(...keys: SessionKey[]): boolean {
    return !this.exists(...keys);
  }

  /** `forget($keys)`: removes one or many (dotted) keys. */
  forget(...keys: Array<SessionKey | SessionKey[]>): void {
    for (const k of keys.flat()) arrForget(this.attributes, k);
    this.touched = true;
  }

  /** `remove($key)`: forget() returning the value. */
  remove<T = SessionValue>(key: SessionKey): T | undefined {
    return this.pull<T>(key);
  }

  /** `pull($key, $default)`: get() then forget(). */
  pull<T = SessionValue>(key: SessionKey, defaultValue?: T): T | undefined {
    const value = this.get<T>(key, defaultValue);
    arrForget(this.attributes, key);
    this.touched = true;
    return value;
  }

  /** `all()`: every attribute as plain data (a fresh copy). */
  all(): Record<string, SessionValue> {
    const out: Record<string, SessionValue> = Object.create(null);
    for (const [k, v] of this.attributes.entries) out[String(k)] = toSessionValue(v);
    return out;
  }

  /** `only($keys)`: the given top-level keys, in the session's order. */
  only(keys: readonly SessionKey[]): Record<string, SessionValue> {
    const wanted = new Set(keys.map((k) => String(phpKey(k))));
    return this.#filtered((k) => wanted.has(String(k)));
  }

  /** `except($keys)`: everything but the given (dotted) keys. */
  except(keys: readonly SessionKey[]): Record<string, SessionValue> {
    const copy = this.attributes;
    this.attributes = structuredCopy(copy);
    try {
      for (const k of keys) arrForget(this.attributes, k);
      return this.all();
    } finally {
      this.attributes = copy;
    }
  }

  /** `flush()`: removes every attribute (the CSRF token too). */
  flush(): void {
    this.attributes = new PhpArray();
    this.touched = true;
  }

  /** `increment($key, $amount)`: adds to a number (0 when missing) and returns the new value. */
  increment(key: SessionKey, amount: number | bigint = 1): number | bigint {
    const current = arrGet(this.attributes, key) ?? 0n;
    let next: PhpValue;
    if (typeof current === "bigint" && typeof amount === "bigint") next = current + amount;
    else if (typeof current === "bigint" && Number.isInteger(amount)) next = current + BigInt(amount);
    else if (typeof current === "bigint" || current instanceof PhpFloat) {
      const base = typeof current === "bigint" ? Number(current) : current.value;
      next = new PhpFloat(base + Number(amount));
    } else {
      throw new SessionEncodeError(
        key,
        "increment() needs a number there (PHP would add to an int or float).",
      );
    }
    const result = toSessionValue(next) as number | bigint;
    this.guard?.(key, result);
    arrSet(this.attributes, key, next);
    this.touched = true;
    return result;
  }

  /** `decrement($key, $amount)`. */
  decrement(key: SessionKey, amount: number | bigint = 1): number | bigint {
    return this.increment(key, typeof amount === "bigint" ? -amount : -amount);
  }

  /** `remember($key, $callback)`: the value, or the callback's result stored under the key. */
  remember<T>(key: SessionKey, callback: () => T): T {
    const existing = arrGet(this.attributes, key);
    if (existing !== undefined && existing !== null) return toSessionValue(existing) as T;
    const value = callback();
    this.put(key, value);
    return value;
  }

  /** `previousUrl()`: `_previous.url`. */
  previousUrl(): string | undefined {
    return this.get<string>("_previous.url");
  }
  /** `setPreviousUrl($url)`. */
  setPreviousUrl(url: string): void {
    arrSet(this.attributes, "_previous.url", url);
  }
  /** `previousRoute()` (12.35+): `_previous.route`. */
  previousRoute(): string | null | undefined {
    return this.get<string | null>("_previous.route");
  }
  /** `setPreviousRoute($name)` (12.35+); `null` for unnamed routes, as Laravel stores it. */
  setPreviousRoute(name: string | null): void {
    arrSet(this.attributes, "_previous.route", name);
  }

  /** Whether a top-level key exists (no dot notation). */
  protected hasTopLevel(key: string): boolean {
    return indexOfKey(this.attributes, phpKey(key)) !== -1;
  }

  #filtered(keep: (key: PhpArrayKey) => boolean): Record<string, SessionValue> {
    const out: Record<string, SessionValue> = Object.create(null);
    for (const [k, v] of this.attributes.entries) if (keep(k)) out[String(k)] = toSessionValue(v);
    return out;
  }
}

/** A copy of the array structure (PhpArrays only; leaves are shared, they are never mutated). */
export function structuredCopy(array: PhpArray): PhpArray {
  return new PhpArray(
    array.entries.map(
      ([k, v]) => [k, v instanceof PhpArray ? structuredCopy(v) : v] as [PhpArrayKey, PhpValue],
    ),
  );
}

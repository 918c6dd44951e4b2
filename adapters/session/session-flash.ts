/**
 * The flash part of Illuminate\Session\Store: flash, now, reflash, keep, flashInput, getOldInput,
 * hasOldInput and ageFlashData. Flash keys are listed in `_flash.new` (shown on the next request)
 * and `_flash.old` (removed at the end of this request); ageing at save moves new → old exactly as
 * PHP does, including the keys array_diff/array_unique leave, so PHP and Node agree in a mixed
 * sequence of requests.
 */
import { PhpArray, type PhpValue } from "../../src/codecs/php/values.js";
import { append, arrayDiff, arrForget, arrGet, arrSet, mergeUnique, stringValues } from "./php-array.js";
import { SessionAttributes, type SessionKey } from "./session-attributes.js";
import { type SessionValue, toSessionValue } from "./session-values.js";

export class SessionFlash extends SessionAttributes {
  /** `flash($key, $value = true)`: available in this request and the next one. */
  flash(key: SessionKey, value: unknown = true): void {
    arrSet(this.attributes, key, this.encode(key, value));
    this.#pushFlashKey("_flash.new", key);
    this.#removeFromOldFlashData([key]);
    this.touched = true;
  }

  /** `now($key, $value)`: available in this request only. */
  now(key: SessionKey, value: unknown): void {
    arrSet(this.attributes, key, this.encode(key, value));
    this.#pushFlashKey("_flash.old", key);
    this.touched = true;
  }

  /** `reflash()`: keeps every flashed value for one more request. */
  reflash(): void {
    this.#mergeNewFlashes(arrGet(this.attributes, "_flash.old"));
    arrSet(this.attributes, "_flash.old", new PhpArray());
    this.touched = true;
  }

  /** `keep($keys)`: keeps some flashed values for one more request. */
  keep(...keys: Array<SessionKey | SessionKey[]>): void {
    const list = keys.flat();
    this.#mergeNewFlashes(new PhpArray(list.map((k, i) => [BigInt(i), k])));
    this.#removeFromOldFlashData(list);
    this.touched = true;
  }

  /** `flashInput($input)`: flashes `_old_input` (what `old('field')` reads in Blade). */
  flashInput(input: Record<string, unknown>): void {
    this.flash("_old_input", input);
  }

  /** `getOldInput($key, $default)`: a field of the flashed input (all of it without a key). */
  getOldInput<T = SessionValue>(key?: SessionKey, defaultValue?: T): T | undefined {
    const old = arrGet(this.attributes, "_old_input") ?? new PhpArray();
    if (key === undefined) return toSessionValue(old) as T;
    const value = old instanceof PhpArray ? arrGet(old, key) : undefined;
    return value === undefined ? defaultValue : (toSessionValue(value) as T);
  }

  /** `hasOldInput($key)`: whether any (or that) old input field is there. */
  hasOldInput(key?: SessionKey): boolean {
    const old = arrGet(this.attributes, "_old_input");
    if (key === undefined) return old instanceof PhpArray && old.entries.length > 0;
    const value = old instanceof PhpArray ? arrGet(old, key) : undefined;
    return value !== undefined && value !== null;
  }

  /**
   * `ageFlashData()`, run by save(): forget the keys in `_flash.old`, then `_flash.old` = `_flash.new`,
   * `_flash.new` = []. (On a fresh session this creates `_flash` as `{old: [], new: []}`, in that order.)
   */
  ageFlashData(): void {
    for (const key of stringValues(arrGet(this.attributes, "_flash.old"))) arrForget(this.attributes, key);
    const fresh = arrGet(this.attributes, "_flash.new");
    arrSet(this.attributes, "_flash.old", fresh ?? new PhpArray());
    arrSet(this.attributes, "_flash.new", new PhpArray());
  }

  #pushFlashKey(list: "_flash.new" | "_flash.old", key: string): void {
    const current = arrGet(this.attributes, list);
    const array = current instanceof PhpArray ? new PhpArray([...current.entries]) : new PhpArray();
    append(array, key);
    arrSet(this.attributes, list, array);
  }

  #mergeNewFlashes(keys: PhpValue | undefined): void {
    const extra = keys instanceof PhpArray ? keys.entries.map(([, v]) => v) : [];
    arrSet(this.attributes, "_flash.new", mergeUnique(arrGet(this.attributes, "_flash.new"), extra));
  }

  #removeFromOldFlashData(keys: readonly string[]): void {
    arrSet(this.attributes, "_flash.old", arrayDiff(arrGet(this.attributes, "_flash.old"), keys));
  }
}

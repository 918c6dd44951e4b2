/**
 * fromPlain(): everyday JS values as PHP values, the inverse of toPlain(). The rules (each tested):
 *   integral number within ±(2^53−1) → int (`5` → `i:5;`, `-0` → `i:0;`); other numbers → float
 *                    (`1.5`, `1e300`, NaN, ±Infinity; an integral number beyond 2^53 already lost its
 *                    exact value, so it stays a float: pass a bigint for exact big ints)
 *   bigint         → int (must fit 64 bits)
 *   string         → string; Buffer / Uint8Array → binary string
 *   array          → list with keys 0..n−1 (holes and undefined refused)
 *   Map            → array with PHP's key rule (`"7"` → int 7, `"07"` stays a string; a later equal
 *                    key overwrites in place, as `$a[$k] = $v` does)
 *   plain object   → string-keyed array (same key rule; undefined properties skipped like
 *                    JSON.stringify), or, with a string `__class`, a PhpObject with public properties
 *   PhpValue class → kept as it is (PhpFloat, PhpArray, PhpObject, PhpEnum, …)
 *   Date, class instances, functions, symbols, undefined, cycles → PhpConversionError (no single
 *                    PHP form: convert a Date explicitly, e.g. to an ISO string or a UNIX timestamp)
 */
import { PhpConversionError } from "../../errors/codec-errors.js";
import { phpArrayKey } from "./array-key.js";
import { DEFAULT_MAX_DEPTH } from "./limits.js";
import { isValidClassName } from "./php-writer.js";
import { CLASS_KEY } from "./plain.js";
import {
  PhpArray,
  type PhpArrayKey,
  PhpFloat,
  PhpObject,
  type PhpProperty,
  type PhpValue,
} from "./values.js";

export interface FromPlainOptions {
  /** Deepest nesting converted (cycles are caught separately). @default 512 */
  maxDepth?: number;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const PHP_VALUE_KINDS = new Set(["float", "array", "object", "custom", "enum", "objref", "ref"]);

/**
 * A plain JS value as the PHP value PHP code would build for it (see the rules above).
 * @throws PhpConversionError with the `path` of a value that has no PHP form.
 */
export function fromPlain(value: unknown, options?: FromPlainOptions): PhpValue {
  return new FromPlain(options?.maxDepth ?? DEFAULT_MAX_DEPTH).convert(value);
}

class FromPlain {
  private readonly ancestors = new Set<object>();
  private readonly path: string[] = [];

  constructor(private readonly maxDepth: number) {}

  convert(v: unknown): PhpValue {
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        return Number.isSafeInteger(v) ? BigInt(v) : new PhpFloat(v);
      case "bigint":
        if (v > INT64_MAX || v < INT64_MIN) this.fail(`${v} does not fit PHP's 64-bit int`);
        return v;
      case "object":
        if (v === null) return null;
        return this.object(v);
      default:
        return this.fail(`a ${typeof v} has no PHP form`);
    }
  }

  private object(v: object): PhpValue {
    if (v instanceof Uint8Array) return v;
    if (isPhpValueObject(v)) return v;
    if (v instanceof Date) {
      this.fail(
        "a Date has no single PHP form: pass date.toISOString(), a UNIX timestamp, or build a Carbon PhpObject",
      );
    }
    if (this.ancestors.has(v)) this.fail("a cycle (the value contains itself)");
    if (this.ancestors.size >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} (maxDepth)`);
    this.ancestors.add(v);
    let result: PhpValue;
    if (Array.isArray(v)) result = this.list(v);
    else if (v instanceof Map) result = this.map(v);
    else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        const name = (v as { constructor?: { name?: string } }).constructor?.name ?? "an object";
        this.fail(`a ${name} instance has no PHP form (pass a plain object, a Map or a PhpValue)`);
      }
      const record = v as Record<string, unknown>;
      result = typeof record[CLASS_KEY] === "string" ? this.phpObject(record) : this.record(record);
    }
    this.ancestors.delete(v);
    return result;
  }

  private list(v: unknown[]): PhpArray {
    const entries: Array<[PhpArrayKey, PhpValue]> = [];
    for (let i = 0; i < v.length; i++) {
      this.path.push(`[${i}]`);
      if (!(i in v) || v[i] === undefined) this.fail("an array hole or undefined has no PHP form (use null)");
      entries.push([BigInt(i), this.convert(v[i])]);
      this.path.pop();
    }
    return new PhpArray(entries);
  }

  private map(v: Map<unknown, unknown>): PhpArray {
    const entries: Array<[PhpArrayKey, PhpValue]> = [];
    const index = new Map<string | bigint, number>();
    for (const [rawKey, value] of v) {
      this.path.push(`[${String(rawKey)}]`);
      if (typeof rawKey !== "string" && typeof rawKey !== "number" && typeof rawKey !== "bigint") {
        if (!(rawKey instanceof Uint8Array))
          this.fail("a Map key must be a string, an integer, a bigint or a Buffer");
      }
      if (typeof rawKey === "number" && !Number.isSafeInteger(rawKey))
        this.fail("a number Map key must be an integer");
      const key = phpArrayKey(rawKey as string | number | bigint | Uint8Array);
      const converted = this.convert(value);
      const id = key instanceof Uint8Array ? `\u0000bin:${Buffer.from(key).toString("latin1")}` : key;
      const at = index.get(id);
      if (at === undefined) {
        index.set(id, entries.length);
        entries.push([key, converted]);
      } else {
        (entries[at] as [PhpArrayKey, PhpValue])[1] = converted;
      }
      this.path.pop();
    }
    return new PhpArray(entries);
  }

  private record(v: Record<string, unknown>): PhpArray {
    const entries: Array<[PhpArrayKey, PhpValue]> = [];
    for (const key of Object.keys(v)) {
      const value = v[key];
      if (value === undefined) continue;
      this.path.push(`[${key}]`);
      // Object keys are unique strings and "7" vs "07" stay distinct, so normalising cannot collide.
      entries.push([phpArrayKey(key), this.convert(value)]);
      this.path.pop();
    }
    return new PhpArray(entries);
  }

  private phpObject(v: Record<string, unknown>): PhpObject {
    const className = v[CLASS_KEY] as string;
    if (!isValidClassName(className)) this.fail(`${JSON.stringify(className)} is not a PHP class name`);
    const properties: PhpProperty[] = [];
    for (const name of Object.keys(v)) {
      const value = v[name];
      if (name === CLASS_KEY || value === undefined) continue;
      this.path.push(`->${name}`);
      properties.push({ name, visibility: "public", value: this.convert(value) });
      this.path.pop();
    }
    return new PhpObject(className, properties);
  }

  private fail(reason: string): never {
    throw new PhpConversionError(this.path.join(""), reason);
  }
}

/** A PhpValue class instance (checked by its `kind` tag, so two copies of the package still agree). */
function isPhpValueObject(v: object): v is Exclude<PhpValue, null | boolean | bigint | string | Uint8Array> {
  const kind = (v as { kind?: unknown }).kind;
  return (
    typeof kind === "string" && PHP_VALUE_KINDS.has(kind) && Object.getPrototypeOf(v) !== Object.prototype
  );
}

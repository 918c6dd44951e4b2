/**
 * PHP's `json_encode($value, $flags)` byte for byte, for the values the bridge hands PHP as JSON:
 * queue payloads (JSON_UNESCAPED_UNICODE, laravel-formats.md §7.5), `queue:retry` (no flags) and
 * `session.serialization = 'json'` (no flags, §5.2). Slashes are always escaped (no caller uses
 * JSON_UNESCAPED_SLASHES). Input is the PhpValue model or plain JS:
 *
 *   null, boolean, string        as JSON; a Uint8Array is a PHP string and must be UTF-8
 *   bigint                       an int (digits)
 *   number                       integral: an int (JS cannot tell 1 from 1.0; -0 → 0); else a float
 *   PhpFloat                     a float, printed as PHP does (json-float.ts), `1.0` → `1`
 *   PhpArray                     `[…]` when its keys are exactly 0..n-1 in order, else `{…}`
 *   PhpObject                    `{…}` of its public properties (what json_encode sees from outside
 *                                the class; an incomplete one starts with __PHP_Incomplete_Class_Name)
 *   JS array / plain object      `[…]` / `{…}`; an object's toJSON() is used; undefined properties
 *                                are left out, an undefined array element is refused
 *
 * Refused like PHP refuses (PhpJsonError, with the reason json_last_error() gives): Inf/NaN, bytes
 * that are not UTF-8, nesting deeper than `depth` (checked when a container opens, PHP checks when
 * it closes: for a too-deep value that also holds bad UTF-8, PHP names the UTF-8); and what has no
 * JSON form here: enums, C: payloads, r:/R: back-references (PHP would
 * follow them; the model keeps only their numbers), functions, symbols.
 */
import {
  PhpArray,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  PhpReference,
  type PhpValue,
} from "../php/values.js";
import { phpJsonFloat } from "./json-float.js";
import { jsonString } from "./json-string.js";
import { PhpJsonError } from "./php-json-error.js";

/** What phpJsonEncode() takes (it accepts `unknown` and refuses what has no form at run time). */
export type PhpJsonInput =
  | PhpValue
  | number
  | readonly PhpJsonInput[]
  | { readonly [key: string]: PhpJsonInput | undefined };

export interface PhpJsonEncodeOptions {
  /** JSON_UNESCAPED_UNICODE: UTF-8 written raw (U+2028/U+2029 still escaped). @default false */
  unescapedUnicode?: boolean;
  /** json_encode's `$depth`: arrays/objects nested deeper fail. @default 512 */
  depth?: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const INCOMPLETE_NAME = "__PHP_Incomplete_Class_Name";

/** `json_encode($value, $flags)`. @throws PhpJsonError where PHP returns false. */
export function phpJsonEncode(value: unknown, options?: PhpJsonEncodeOptions): string {
  const encoder = new Encoder(options?.unescapedUnicode === true, options?.depth ?? 512);
  const json = encoder.value(value, "$", 0);
  if (encoder.infOrNan !== null) throw encoder.infOrNan;
  return json;
}

class Encoder {
  /**
   * PHP writes `0` for Inf/NaN, notes the error and goes on, so a later failure (bad UTF-8, too
   * deep) is the one json_last_error() names; the first Inf/NaN is thrown at the end otherwise.
   */
  infOrNan: PhpJsonError | null = null;

  constructor(
    private readonly unescapedUnicode: boolean,
    private readonly maxDepth: number,
  ) {}

  value(v: unknown, path: string, depth: number): string {
    switch (typeof v) {
      case "string":
        return jsonString(v, this.unescapedUnicode, path);
      case "boolean":
        return v ? "true" : "false";
      case "bigint":
        return v.toString();
      case "number":
        if (Number.isInteger(v)) {
          return Number.isSafeInteger(v) ? String(v === 0 ? 0 : v) : BigInt(v).toString();
        }
        return this.float(v, path);
      case "object":
        if (v === null) return "null";
        return this.object(v, path, depth);
      default:
        throw new PhpJsonError("unsupported-type", path, null, `a ${typeof v} has no JSON form`);
    }
  }

  private float(x: number, path: string): string {
    if (Number.isFinite(x)) return phpJsonFloat(x);
    this.infOrNan ??= new PhpJsonError("inf-or-nan", path, null);
    return "0";
  }

  private object(v: object, path: string, depth: number): string {
    if (v instanceof PhpFloat) return this.float(v.value, path);
    if (v instanceof Uint8Array) return jsonString(this.text(v, path), this.unescapedUnicode, path);
    // PHP checks the depth when an array or object closes, so the innermost one decides.
    if (depth >= this.maxDepth) throw new PhpJsonError("depth", path, null);
    if (v instanceof PhpArray) return this.phpArray(v, path, depth + 1);
    if (v instanceof PhpObject) return this.phpObject(v, path, depth + 1);
    if (Array.isArray(v)) return this.list(v, path, depth + 1);
    if (
      v instanceof PhpEnum ||
      v instanceof PhpCustom ||
      v instanceof PhpObjectRef ||
      v instanceof PhpReference
    ) {
      throw new PhpJsonError("unsupported-type", path, null, `a PHP ${v.kind} value has no JSON form here`);
    }
    const withToJson = v as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === "function") return this.value(withToJson.toJSON(), path, depth);
    let out = "{";
    for (const key of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[key];
      if (item === undefined) continue; // like JSON.stringify: an absent value is no key at all
      if (out.length > 1) out += ",";
      const itemPath = `${path}.${key}`;
      out += `${jsonString(key, this.unescapedUnicode, itemPath)}:${this.value(item, itemPath, depth + 1)}`;
    }
    return `${out}}`;
  }

  private list(items: readonly unknown[], path: string, depth: number): string {
    let out = "[";
    for (let i = 0; i < items.length; i++) {
      const itemPath = `${path}[${i}]`;
      if (items[i] === undefined) {
        throw new PhpJsonError("unsupported-type", itemPath, null, "undefined has no JSON form");
      }
      out += `${i === 0 ? "" : ","}${this.value(items[i], itemPath, depth)}`;
    }
    return `${out}]`;
  }

  private phpArray(array: PhpArray, path: string, depth: number): string {
    const entries = array.entries;
    let isList = true;
    for (let i = 0; i < entries.length; i++) {
      if ((entries[i] as [unknown, unknown])[0] !== BigInt(i)) {
        isList = false;
        break;
      }
    }
    let out = isList ? "[" : "{";
    for (let i = 0; i < entries.length; i++) {
      const [key, item] = entries[i] as [unknown, unknown];
      if (i > 0) out += ",";
      if (isList) {
        out += this.value(item, `${path}[${i}]`, depth);
        continue;
      }
      const name = typeof key === "bigint" ? key.toString() : this.name(key as string | Uint8Array, path);
      const itemPath = `${path}.${name}`;
      out += `${jsonString(name, this.unescapedUnicode, itemPath)}:${this.value(item, itemPath, depth)}`;
    }
    return out + (isList ? "]" : "}");
  }

  private phpObject(object: PhpObject, path: string, depth: number): string {
    let out = "{";
    if (object.incomplete) {
      out += `${jsonString(INCOMPLETE_NAME, this.unescapedUnicode, path)}:`;
      out += jsonString(object.className, this.unescapedUnicode, `${path}.${INCOMPLETE_NAME}`);
    }
    for (const property of object.properties) {
      if (property.visibility !== "public") continue;
      const key = property.name;
      const name = typeof key === "bigint" ? key.toString() : this.name(key, path);
      const itemPath = `${path}.${name}`;
      if (out.length > 1) out += ",";
      out += `${jsonString(name, this.unescapedUnicode, itemPath)}:${this.value(property.value, itemPath, depth)}`;
    }
    return `${out}}`;
  }

  private name(key: string | Uint8Array, path: string): string {
    return typeof key === "string" ? key : this.text(key, path);
  }

  private text(bytes: Uint8Array, path: string): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new PhpJsonError("utf8", path, null);
    }
  }
}

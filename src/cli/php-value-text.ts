/**
 * How the CLI shows a decrypted PHP value: `phpValueText` reads like PHP's `var_dump()` (types and
 * byte lengths visible), `phpValueJson` is the lossless typed JSON of test/golden/README.md §4
 * (`{"t":"int","v":"42"}`; strings that are not UTF-8 as `{"b64": …}`), for scripts.
 */
import { isUtf8 } from "node:buffer";
import {
  PhpArray,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  type PhpValue,
} from "../codecs/php/index.js";

function bytesOf(value: string | Uint8Array): Buffer {
  return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
}

/** A PHP string for display: its text when valid UTF-8, else `b64:` and its base64. */
function shownString(value: string | Uint8Array): string {
  const bytes = bytesOf(value);
  return isUtf8(bytes) ? JSON.stringify(bytes.toString("utf8")) : `b64:${bytes.toString("base64")}`;
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return "NAN";
  if (!Number.isFinite(x)) return x > 0 ? "INF" : "-INF";
  return Object.is(x, -0) ? "-0" : String(x);
}

/** A `var_dump()`-like multi-line rendering. */
export function phpValueText(value: PhpValue, indent = ""): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return `bool(${value})`;
  if (typeof value === "bigint") return `int(${value})`;
  if (typeof value === "string" || value instanceof Uint8Array) {
    return `string(${bytesOf(value).length}) ${shownString(value)}`;
  }
  if (value instanceof PhpFloat) return `float(${floatText(value.value)})`;
  const inner = `${indent}  `;
  if (value instanceof PhpArray) {
    const lines = value.entries.map(([key, item]) => {
      const shownKey = typeof key === "bigint" ? String(key) : shownString(key);
      return `${inner}[${shownKey}]=>\n${inner}${phpValueText(item, inner)}`;
    });
    return `array(${value.entries.length}) {\n${lines.map((l) => `${l}\n`).join("")}${indent}}`;
  }
  if (value instanceof PhpObject) {
    const lines = value.properties.map((p) => {
      const scope =
        p.visibility === "private"
          ? `:"${p.declaringClass ?? "?"}":private`
          : p.visibility === "protected"
            ? ":protected"
            : "";
      const name = typeof p.name === "bigint" ? String(p.name) : JSON.stringify(p.name);
      return `${inner}[${name}${scope}]=>\n${inner}${phpValueText(p.value, inner)}`;
    });
    const incomplete = value.incomplete ? " (incomplete class)" : "";
    return `object(${value.className})${incomplete} (${value.properties.length}) {\n${lines.map((l) => `${l}\n`).join("")}${indent}}`;
  }
  if (value instanceof PhpCustom)
    return `object(${value.className}) (Serializable) ${shownString(value.data)}`;
  if (value instanceof PhpEnum) return `enum(${value.className}::${value.caseName})`;
  return value instanceof PhpObjectRef ? `*RECURSION* (r:${value.index})` : `&reference (R:${value.index})`;
}

/** The typed JSON form (golden README §4): lossless for every PHP value. */
export function phpValueJson(value: PhpValue): unknown {
  if (value === null) return { t: "null" };
  if (typeof value === "boolean") return { t: "bool", v: value };
  if (typeof value === "bigint") return { t: "int", v: String(value) };
  if (typeof value === "string" || value instanceof Uint8Array) return { t: "string", v: jsonBytes(value) };
  if (value instanceof PhpFloat) {
    const bits = Buffer.alloc(8);
    bits.writeDoubleBE(value.value);
    return { t: "float", v: floatText(value.value), bits: bits.toString("hex") };
  }
  if (value instanceof PhpArray) {
    return { t: "array", entries: value.entries.map(([k, v]) => [phpValueJson(k), phpValueJson(v)]) };
  }
  if (value instanceof PhpObject) {
    const props = value.properties.map((p) =>
      typeof p.name === "bigint"
        ? { intKey: String(p.name), value: phpValueJson(p.value) }
        : {
            name: jsonBytes(p.name),
            visibility: p.visibility,
            ...(p.declaringClass ? { declaringClass: p.declaringClass } : {}),
            value: phpValueJson(p.value),
          },
    );
    return { t: "object", class: value.className, props, ...(value.incomplete ? { incomplete: true } : {}) };
  }
  if (value instanceof PhpCustom) return { t: "custom", class: value.className, data: jsonBytes(value.data) };
  if (value instanceof PhpEnum) return { t: "enum", class: value.className, case: value.caseName };
  return value instanceof PhpObjectRef ? { t: "objref", n: value.index } : { t: "ref", n: value.index };
}

function jsonBytes(value: string | Uint8Array): string | { b64: string } {
  const bytes = bytesOf(value);
  return isUtf8(bytes) ? bytes.toString("utf8") : { b64: bytes.toString("base64") };
}

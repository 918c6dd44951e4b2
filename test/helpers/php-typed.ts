/**
 * Converts between the golden files' typed JSON for PHP values (test/golden/README.md §4,
 * `{"t":"int","v":"-42"}` …) and the bridge's PhpValue model, both ways, so any test can compare a
 * decoded value with a golden one (`expect(unserialize(bytes)).toEqual(typedToPhp(c.value))`).
 * Byte strings follow the model's rule: valid UTF-8 → JS string, anything else → Buffer.
 */
import { isUtf8 } from "node:buffer";
import {
  PhpArray,
  type PhpArrayKey,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  type PhpProperty,
  PhpReference,
  type PhpValue,
} from "../../src/codecs/php/index.js";
import { type GoldenBytes, goldenBytes } from "./golden.js";

export type TypedProperty =
  | {
      name: GoldenBytes;
      visibility: "public" | "protected" | "private";
      declaringClass?: string;
      value: TypedValue;
    }
  | { intKey: string; value: TypedValue };

export type TypedValue =
  | { t: "null" }
  | { t: "bool"; v: boolean }
  | { t: "int"; v: string }
  | { t: "float"; v: string; bits: string }
  | { t: "string"; v: GoldenBytes }
  | { t: "array"; entries: Array<[TypedValue, TypedValue]> }
  | { t: "object"; class: string; props: TypedProperty[] }
  | { t: "custom"; class: string; data: GoldenBytes }
  | { t: "enum"; class: string; case: string }
  | { t: "objref"; n: number }
  | { t: "ref"; n: number };

/** Bytes as the model holds them: a JS string when valid UTF-8, else a Buffer. */
export function bytesToModel(bytes: Buffer): string | Buffer {
  return isUtf8(bytes) ? bytes.toString("utf8") : bytes;
}

function floatFromBits(bits: string): number {
  return Buffer.from(bits, "hex").readDoubleBE(0);
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return "NAN";
  if (x === Number.POSITIVE_INFINITY) return "INF";
  if (x === Number.NEGATIVE_INFINITY) return "-INF";
  return Object.is(x, -0) ? "-0" : String(x);
}

function floatToBits(x: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(x);
  return b.toString("hex");
}

/** Golden typed JSON → PhpValue (objects come out complete: the golden form has no incomplete flag). */
export function typedToPhp(t: TypedValue): PhpValue {
  switch (t.t) {
    case "null":
      return null;
    case "bool":
      return t.v;
    case "int":
      return BigInt(t.v);
    case "float":
      return new PhpFloat(floatFromBits(t.bits));
    case "string":
      return bytesToModel(goldenBytes(t.v));
    case "array":
      return new PhpArray(t.entries.map(([k, v]) => [typedToPhp(k) as PhpArrayKey, typedToPhp(v)]));
    case "object":
      return new PhpObject(t.class, t.props.map(typedPropertyToPhp));
    case "custom":
      return new PhpCustom(t.class, goldenBytes(t.data));
    case "enum":
      return new PhpEnum(t.class, t.case);
    case "objref":
      return new PhpObjectRef(t.n);
    case "ref":
      return new PhpReference(t.n);
  }
}

function typedPropertyToPhp(p: TypedProperty): PhpProperty {
  if ("intKey" in p) return { name: BigInt(p.intKey), visibility: "public", value: typedToPhp(p.value) };
  const name = bytesToModel(goldenBytes(p.name));
  const base = { name, visibility: p.visibility, value: typedToPhp(p.value) };
  return p.declaringClass === undefined ? base : { ...base, declaringClass: p.declaringClass };
}

function modelToGolden(v: string | Uint8Array): GoldenBytes {
  return typeof v === "string" ? v : { b64: Buffer.from(v).toString("base64") };
}

/** PhpValue → golden typed JSON (for messages and for sending expectations to PHP scripts). */
export function phpToTyped(v: PhpValue): TypedValue {
  if (v === null) return { t: "null" };
  if (typeof v === "boolean") return { t: "bool", v };
  if (typeof v === "bigint") return { t: "int", v: v.toString() };
  if (typeof v === "string" || v instanceof Uint8Array) return { t: "string", v: modelToGolden(v) };
  switch (v.kind) {
    case "float":
      return { t: "float", v: floatText(v.value), bits: floatToBits(v.value) };
    case "array":
      return { t: "array", entries: v.entries.map(([k, x]) => [phpToTyped(k), phpToTyped(x)]) };
    case "object":
      return {
        t: "object",
        class: v.className,
        props: v.properties.map((p): TypedProperty => {
          if (typeof p.name === "bigint") return { intKey: p.name.toString(), value: phpToTyped(p.value) };
          const base = { name: modelToGolden(p.name), visibility: p.visibility, value: phpToTyped(p.value) };
          return p.declaringClass === undefined ? base : { ...base, declaringClass: p.declaringClass };
        }),
      };
    case "custom":
      return { t: "custom", class: v.className, data: modelToGolden(Buffer.from(v.data)) };
    case "enum":
      return { t: "enum", class: v.className, case: v.caseName };
    case "objref":
      return { t: "objref", n: v.index };
    case "ref":
      return { t: "ref", n: v.index };
  }
}

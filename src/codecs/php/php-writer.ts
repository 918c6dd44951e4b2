/**
 * The token writers of serialize(): `i:`, `s:`, array keys, mangled property names, class names
 * and enum cases, in the exact byte form PHP 8.2 writes. The output is built as a JS "byte
 * string" (every char one byte, 0–255: V8 concatenates such strings faster than we can copy
 * bytes), with non-ASCII text written as its UTF-8 bytes, and turned into a Buffer once at the
 * end. A value with no PHP form throws a {@link SerializeFault}; serialize() adds its path.
 */
import { isCanonicalIntKey, isCanonicalIntKeyBytes } from "./array-key.js";
import type { PhpArrayKey, PhpEnum, PhpProperty } from "./values.js";

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
/** `i:0;` … `i:1023;`, prebuilt: list keys and small counters are the most common ints. */
const SMALL_INTS: readonly string[] = Array.from({ length: 1024 }, (_, i) => `i:${i};`);
/** Up to this length a JS loop finds out whether a string is ASCII faster than a native call. */
const SCAN_MAX = 32;

/**
 * Encoded names (array keys, property names, class names) by name: they repeat across calls
 * (`_token`, `\0*\0items`, `Illuminate\Support\Carbon`), values rarely do, so only names are
 * cached (values are never kept after a call). Bounded: cleared when full.
 */
const NAME_CACHE_LIMIT = 4096;
const NAME_MAX = 64;
const keyCache = new Map<string, string>();
const publicNames = new Map<string, string>();
const protectedNames = new Map<string, string>();
const privateNames = new Map<string, Map<string, string>>();
const classNames = new Map<string, string>();

function remember(cache: Map<string, string>, name: string, encoded: string): string {
  if (name.length <= NAME_MAX) {
    if (cache.size >= NAME_CACHE_LIMIT) cache.clear();
    cache.set(name, encoded);
  }
  return encoded;
}

/** Why a value cannot be serialized; the caller adds the path. */
export class SerializeFault extends Error {}

function fault(reason: string): never {
  throw new SerializeFault(reason);
}

/** Node's internal slice method behind `toString("latin1", start, end)`. */
interface SlicingBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}

export class PhpWriter {
  /** The output so far, one char per byte. */
  out = "";

  /** The bytes written, as a Buffer. */
  result(): Buffer {
    return Buffer.from(this.out, "latin1");
  }

  /** `i:<decimal>;` for a 64-bit int (also array keys and integer property names). */
  int(v: bigint): void {
    // Number → text is much cheaper than BigInt → text, and exact within ±2^53.
    if (v <= SAFE_MAX && v >= -SAFE_MAX) {
      const n = Number(v);
      this.out += n >= 0 && n < SMALL_INTS.length ? (SMALL_INTS[n] as string) : `i:${n};`;
    } else if (v > INT64_MAX || v < INT64_MIN) fault(`${v} does not fit PHP's 64-bit int`);
    else this.out += `i:${v};`;
  }

  /** `s:<bytes>:"<UTF-8>";` */
  string(s: string): void {
    this.out += encodeString(s);
  }

  /** `s:<n>:"<bytes>";` for binary strings. */
  binary(data: Uint8Array): void {
    this.out += `s:${data.length}:"${byteString(data)}";`;
  }

  /** Bytes as they are (a C: payload). */
  raw(data: Uint8Array): void {
    this.out += byteString(data);
  }

  /** Text known to be ASCII (type letters, digits, separators). */
  ascii(text: string): void {
    this.out += text;
  }

  /** PHP never writes "7" as a string key: it is the int key 7. */
  arrayKey(key: PhpArrayKey): void {
    if (typeof key === "string") {
      this.out +=
        keyCache.get(key) ??
        remember(keyCache, key, isCanonicalIntKey(key) ? `i:${key};` : encodeString(key));
    } else if (typeof key === "bigint") this.int(key);
    else if (key instanceof Uint8Array) {
      if (isCanonicalIntKeyBytes(key, 0, key.length)) this.out += `i:${byteString(key)};`;
      else this.binary(key);
    } else {
      fault("an array key must be a bigint, a string or a Uint8Array");
    }
  }

  /** Public names as they are; protected `\0*\0name`; private `\0Class\0name`. */
  propertyName(p: PhpProperty): void {
    const name = p.name;
    const visibility = p.visibility;
    if (typeof name !== "string") {
      if (visibility === "public") {
        if (typeof name === "bigint") this.int(name);
        else this.binary(name);
        return;
      }
      if (typeof name === "bigint") fault("an integer property name must be public");
      this.out += mangle(this.owner(p), byteString(name));
      return;
    }
    if (visibility === "public") {
      this.out += publicNames.get(name) ?? remember(publicNames, name, encodeString(name));
    } else if (visibility === "protected") {
      this.out += protectedNames.get(name) ?? remember(protectedNames, name, mangle("*", textBytes(name)));
    } else if (visibility === "private") {
      const owner = this.owner(p);
      let names = privateNames.get(owner);
      if (names === undefined) {
        if (privateNames.size >= NAME_CACHE_LIMIT) privateNames.clear();
        names = new Map();
        privateNames.set(owner, names);
      }
      this.out += names.get(name) ?? remember(names, name, mangle(owner, textBytes(name)));
    } else {
      fault(`unknown visibility ${String(visibility)}`);
    }
  }

  /** `*` for protected, the declaring class for private. */
  private owner(p: PhpProperty): string {
    if (p.visibility === "protected") return "*";
    if (p.visibility !== "private") fault(`unknown visibility ${String(p.visibility)}`);
    const owner = p.declaringClass ?? "";
    if (owner === "") fault("a private property needs its declaringClass");
    return owner;
  }

  /** `<len>:"<Class\Name>"` after `O:`/`C:`. */
  className(name: string): void {
    const cached = classNames.get(name);
    if (cached !== undefined) {
      this.out += cached;
      return;
    }
    if (typeof name !== "string" || !isValidClassName(name))
      fault(`${JSON.stringify(name)} is not a PHP class name`);
    const bytes = textBytes(name);
    this.out += remember(classNames, name, `${bytes.length}:"${bytes}"`);
  }

  /** `E:<len>:"Class:Case";`. */
  enumCase(v: PhpEnum): void {
    if (!isValidClassName(v.className) || !isIdentifier(v.caseName)) {
      fault(`${JSON.stringify(`${v.className}:${v.caseName}`)} is not a PHP enum case`);
    }
    const body = textBytes(`${v.className}:${v.caseName}`);
    this.out += `E:${body.length}:"${body}";`;
  }
}

/** `s:<bytes>:"<bytes>";` for a JS string, its text as UTF-8 bytes. */
function encodeString(s: string): string {
  const n = s.length;
  if (n <= SCAN_MAX) {
    let i = 0;
    while (i < n && s.charCodeAt(i) < 0x80) i++;
    if (i === n) return `s:${n}:"${s}";`;
  } else if (Buffer.byteLength(s, "utf8") === n) {
    // Equal lengths mean no multi-byte char (a lone surrogate would count 3 bytes).
    return `s:${n}:"${s}";`;
  }
  const bytes = utf8ByteString(s);
  return `s:${bytes.length}:"${bytes}";`;
}

/** `s:<n>:"\0<owner>\0<name>";` (the name already as a byte string). */
function mangle(owner: string, nameBytes: string): string {
  const mangled = `\u0000${textBytes(owner)}\u0000${nameBytes}`;
  return `s:${mangled.length}:"${mangled}";`;
}

/** A string's UTF-8 bytes as a byte string (ASCII strings are returned as they are). */
function textBytes(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return utf8ByteString(s);
  return s;
}

function utf8ByteString(s: string): string {
  if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    fault("the string has a lone UTF-16 surrogate (no UTF-8 form; pass a Buffer for binary data)");
  }
  const bytes = Buffer.from(s, "utf8") as SlicingBuffer;
  return bytes.latin1Slice(0, bytes.length);
}

function byteString(data: Uint8Array): string {
  const buf = (
    Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.length)
  ) as SlicingBuffer;
  return buf.latin1Slice(0, buf.length);
}

/** PHP's class-name bytes: `[A-Za-z0-9_\\]` and any non-ASCII, not starting with a backslash. */
export function isValidClassName(name: string): boolean {
  const n = name.length;
  if (n === 0 || name.charCodeAt(0) === 0x5c) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) continue;
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x5f ||
      c === 0x5c;
    if (!ok) return false;
  }
  return true;
}

/** An enum case name: a PHP identifier (no digit first, no `\` or `:`). */
export function isIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  const first = name.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c || c === 0x3a) return false;
    if (
      c < 0x80 &&
      !((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)
    ) {
      return false;
    }
  }
  return true;
}

/**
 * The token writers of serialize(): `i:`, `s:`, array keys, mangled property names, class names
 * and enum cases, in the exact byte form PHP 8.2 writes. A value with no PHP form throws a
 * {@link SerializeFault}; serialize() turns it into a PhpSerializeError that says where it was.
 */
import { isCanonicalIntKey, isCanonicalIntKeyBytes } from "./array-key.js";
import { ByteWriter } from "./byte-writer.js";
import type { PhpArrayKey, PhpEnum, PhpProperty } from "./values.js";

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Why a value cannot be serialized; the caller adds the path. */
export class SerializeFault extends Error {}

function fault(reason: string): never {
  throw new SerializeFault(reason);
}

export class PhpWriter extends ByteWriter {
  /** `<prefix><decimal>;` for a 64-bit int. */
  int(v: bigint, prefix: string): void {
    if (v > INT64_MAX || v < INT64_MIN) fault(`${v} does not fit PHP's 64-bit int`);
    this.ascii(prefix);
    this.ascii(v.toString());
    this.byte(0x3b);
  }

  /** `s:<bytes>:"<UTF-8>";`: ASCII written directly, other text through Node's UTF-8 encoder. */
  string(s: string): void {
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    this.ascii("s:");
    if (ascii) {
      this.uint(n);
      this.ascii(':"');
      this.ascii(s);
    } else {
      const len = textLength(s);
      this.uint(len);
      this.ascii(':"');
      this.utf8(s, len);
    }
    this.ascii('";');
  }

  /** `s:<n>:"<bytes>";` for binary strings. */
  binary(data: Uint8Array): void {
    this.ascii("s:");
    this.uint(data.length);
    this.ascii(':"');
    this.bytes(data);
    this.ascii('";');
  }

  /** PHP never writes "7" as a string key: it is the int key 7. */
  arrayKey(key: PhpArrayKey): void {
    if (typeof key === "bigint") this.int(key, "i:");
    else if (typeof key === "string") {
      if (isCanonicalIntKey(key)) this.ascii(`i:${key};`);
      else this.string(key);
    } else if (key instanceof Uint8Array) {
      if (isCanonicalIntKeyBytes(key, 0, key.length)) this.ascii(`i:${Buffer.from(key).toString("latin1")};`);
      else this.binary(key);
    } else {
      fault("an array key must be a bigint, a string or a Uint8Array");
    }
  }

  /** Public names as they are; protected `\0*\0name`; private `\0Class\0name`. */
  propertyName(p: PhpProperty): void {
    const name = p.name;
    if (typeof name === "bigint") {
      if (p.visibility !== "public") fault("an integer property name must be public");
      this.int(name, "i:");
      return;
    }
    if (p.visibility === "public") {
      if (typeof name === "string") this.string(name);
      else this.binary(name);
      return;
    }
    const isPrivate = p.visibility === "private";
    if (!isPrivate && p.visibility !== "protected") fault(`unknown visibility ${String(p.visibility)}`);
    const owner = isPrivate ? (p.declaringClass ?? "") : "*";
    if (owner === "") fault("a private property needs its declaringClass");
    const ownerLen = textLength(owner);
    const nameLen = typeof name === "string" ? textLength(name) : name.length;
    this.ascii("s:");
    this.uint(ownerLen + nameLen + 2);
    this.ascii(':"');
    this.byte(0);
    this.text(owner, ownerLen);
    this.byte(0);
    if (typeof name === "string") this.text(name, nameLen);
    else this.bytes(name);
    this.ascii('";');
  }

  /** `<len>:"<Class\Name>"` after `O:`/`C:`. */
  className(name: string): void {
    if (typeof name !== "string" || !isValidClassName(name))
      fault(`${JSON.stringify(name)} is not a PHP class name`);
    const len = textLength(name);
    this.uint(len);
    this.ascii(':"');
    this.text(name, len);
    this.byte(0x22);
  }

  /** `E:<len>:"Class:Case";`. */
  enumCase(v: PhpEnum): void {
    if (!isValidClassName(v.className) || !isIdentifier(v.caseName)) {
      fault(`${JSON.stringify(`${v.className}:${v.caseName}`)} is not a PHP enum case`);
    }
    const body = `${v.className}:${v.caseName}`;
    const len = textLength(body);
    this.ascii("E:");
    this.uint(len);
    this.ascii(':"');
    this.text(body, len);
    this.ascii('";');
  }

  private text(s: string, byteLength: number): void {
    if (byteLength === s.length) this.ascii(s);
    else this.utf8(s, byteLength);
  }
}

/** UTF-8 length of `s`, refusing lone surrogates (they have no UTF-8 form). */
function textLength(s: string): number {
  const len = Buffer.byteLength(s, "utf8");
  if (len !== s.length && !(s as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    fault("the string has a lone UTF-16 surrogate (no UTF-8 form; pass a Buffer for binary data)");
  }
  return len;
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

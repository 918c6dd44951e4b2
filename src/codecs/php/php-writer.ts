/**
 * The token writers of serialize(): `i:`, `d:`, `s:` (lengths in UTF-8 bytes), array keys (`"7"`
 * written as the int key 7), mangled property names, class names and enum cases, in the exact
 * byte form PHP 8.2 writes, on top of byte-writer.ts. A value with no PHP form throws a
 * {@link SerializeFault}; serialize() adds its path.
 */
import { isCanonicalIntKey, isCanonicalIntKeyBytes } from "./array-key.js";
import { ByteWriter, decimalLength, fault, QUOTE, SCAN_MAX, utf8Length } from "./byte-writer.js";
import { phpFloatRepr } from "./float-format.js";
import type { PhpArrayKey, PhpEnum, PhpProperty } from "./values.js";

export { SerializeFault } from "./byte-writer.js";

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

const CACHE_LIMIT = 4096;

/**
 * Encoded name tokens (`s:6:"_token";`, `s:7:"\0*\0bags";`, `i:7;` for the key "7") by name:
 * names repeat across calls, values rarely do, so only names are cached (never values). Bounded:
 * a map is cleared when full; names longer than {@link TOKEN_NAME_MAX} are not cached.
 */
const keyTokens = new Map<string, Token>();
const publicTokens = new Map<string, Token>();
const protectedTokens = new Map<string, Token>();
const privateTokens = new Map<string, Map<string, Token>>();
/** `<len>:"<Class>"` of class names already checked. */
const classTokens = new Map<string, Token>();
const TOKEN_NAME_MAX = 64;

/** A token's bytes as little-endian 32-bit words (the last one padded), written four at a time. */
class Token {
  readonly words: Int32Array;
  constructor(readonly bytes: Buffer) {
    const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
    bytes.copy(padded);
    this.words = new Int32Array(padded.length / 4);
    for (let k = 0; k < this.words.length; k++) this.words[k] = padded.readInt32LE(k * 4);
  }
}

function remember<T extends Token>(cache: Map<string, T>, name: string, token: T): T {
  if (name.length <= TOKEN_NAME_MAX) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(name, token);
  }
  return token;
}

/** `s:<bytes>:"<prefix><name>";` (`prefix` is the mangling, ASCII or UTF-8 text). */
function stringToken(prefix: string, name: string): Token {
  // Both fault on a lone surrogate (no UTF-8 form).
  utf8Length(prefix);
  utf8Length(name);
  const text = Buffer.from(prefix + name, "utf8");
  return new Token(Buffer.concat([Buffer.from(`s:${text.length}:"`), text, Buffer.from('";')]));
}

export class PhpWriter extends ByteWriter {
  /** `d:<PHP float text>;`. */
  float(x: number): void {
    this.ascii("d:");
    this.ascii(phpFloatRepr(x));
    this.byte(0x3b);
  }

  /** `i:<decimal>;` for a 64-bit int (also array keys and integer property names). */
  int(v: bigint): void {
    // Number → digits is much cheaper than BigInt → text, and exact within ±2^53 (beyond, the
    // rounded Number is never a safe integer, so one conversion decides).
    const n = Number(v);
    if (Number.isSafeInteger(n)) {
      const buf = this.room(24);
      buf[this.pos++] = 0x69;
      buf[this.pos++] = 0x3a;
      if (n < 0) buf[this.pos++] = 0x2d;
      this.decimal(n < 0 ? -n : n);
      buf[this.pos++] = 0x3b;
    } else if (v > INT64_MAX || v < INT64_MIN) fault(`${v} does not fit PHP's 64-bit int`);
    else this.ascii(`i:${v};`);
  }

  /** `s:<bytes>:"<UTF-8>";` */
  string(s: string): void {
    const n = s.length;
    if (n > SCAN_MAX) {
      this.longString(s);
      return;
    }
    // Short strings are nearly always ASCII: copy while checking, one pass, no call into C++.
    const buf = this.room(n + 8);
    const start = this.pos;
    let p = start + (n < 10 ? 5 : 6);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = start;
        this.longString(s);
        return;
      }
      buf[p++] = c;
    }
    buf[p] = QUOTE;
    buf[p + 1] = 0x3b;
    buf[start] = 0x73;
    buf[start + 1] = 0x3a;
    this.pos = start + 2;
    this.decimal(n);
    buf[this.pos] = 0x3a;
    buf[this.pos + 1] = QUOTE;
    this.pos = p + 2;
  }

  /**
   * A string that is long or not ASCII: its UTF-8 bytes written by one call into C++ after room
   * for the header as if it were ASCII, moved over if its byte length has more digits.
   */
  private longString(s: string): void {
    const n = s.length;
    const buf = this.room(n * 3 + 48);
    const guess = decimalLength(n);
    const start = this.pos + guess + 4;
    const bytes = buf.utf8Write(s, start, n * 3);
    if (bytes !== n && !(s as unknown as { isWellFormed(): boolean }).isWellFormed()) {
      fault("the string has a lone UTF-16 surrogate (no UTF-8 form; pass a Buffer for binary data)");
    }
    const shift = decimalLength(bytes) - guess;
    if (shift !== 0) buf.copyWithin(start + shift, start, start + bytes);
    buf[this.pos] = 0x73;
    buf[this.pos + 1] = 0x3a;
    this.pos += 2;
    this.decimal(bytes);
    buf[this.pos] = 0x3a;
    buf[this.pos + 1] = QUOTE;
    this.pos += 2 + bytes;
    buf[this.pos] = QUOTE;
    buf[this.pos + 1] = 0x3b;
    this.pos += 2;
  }

  /** PHP never writes "7" as a string key: it is the int key 7. */
  arrayKey(key: PhpArrayKey): void {
    if (typeof key === "string") {
      this.token(
        keyTokens.get(key) ??
          remember(
            keyTokens,
            key,
            isCanonicalIntKey(key) ? new Token(Buffer.from(`i:${key};`)) : stringToken("", key),
          ),
      );
    } else if (typeof key === "bigint") this.int(key);
    else if (key instanceof Uint8Array) {
      if (!isCanonicalIntKeyBytes(key, 0, key.length)) this.binary(key);
      else {
        this.ascii("i:");
        this.raw(key);
        this.byte(0x3b);
      }
    } else {
      fault("an array key must be a bigint, a string or a Uint8Array");
    }
  }

  /** Public names as they are; protected `\0*\0name`; private `\0Class\0name`. */
  propertyName(p: PhpProperty): void {
    const name = p.name;
    const visibility = p.visibility;
    if (typeof name === "string") {
      if (visibility === "public") {
        this.token(publicTokens.get(name) ?? remember(publicTokens, name, stringToken("", name)));
        return;
      }
      if (visibility === "protected") {
        this.token(protectedTokens.get(name) ?? remember(protectedTokens, name, stringToken("\0*\0", name)));
        return;
      }
      const owner = this.owner(p);
      let tokens = privateTokens.get(owner);
      if (tokens === undefined) {
        if (privateTokens.size >= CACHE_LIMIT) privateTokens.clear();
        tokens = new Map();
        privateTokens.set(owner, tokens);
      }
      this.token(tokens.get(name) ?? remember(tokens, name, stringToken(`\0${owner}\0`, name)));
      return;
    }
    if (visibility === "public") {
      if (typeof name === "bigint") this.int(name);
      else this.binary(name);
      return;
    }
    if (typeof name === "bigint") fault("an integer property name must be public");
    const owner = this.owner(p);
    const ownerBytes = utf8Length(owner);
    const nameBytes = typeof name === "string" ? utf8Length(name) : name.length;
    this.stringHeader(2 + ownerBytes + nameBytes);
    this.byte(0);
    this.text(owner, ownerBytes);
    this.byte(0);
    if (typeof name === "string") this.text(name, nameBytes);
    else this.raw(name);
    this.stringEnd();
  }

  /** A cached token's bytes, four at a time (the padding past its end is overwritten next). */
  private token(token: Token): void {
    const words = token.words;
    this.room(words.length * 4);
    const view = this.view;
    let p = this.pos;
    for (let k = 0; k < words.length; k++, p += 4) view.setInt32(p, words[k] as number, true);
    this.pos += token.bytes.length;
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
    let token = classTokens.get(name);
    if (token === undefined) {
      if (typeof name !== "string" || !isValidClassName(name))
        fault(`${JSON.stringify(name)} is not a PHP class name`);
      const text = Buffer.from(name, "utf8");
      token = new Token(Buffer.concat([Buffer.from(`${text.length}:"`), text, Buffer.from('"')]));
      if (classTokens.size >= CACHE_LIMIT) classTokens.clear();
      classTokens.set(name, token);
    }
    this.token(token);
  }

  /** `E:<len>:"Class:Case";`. */
  enumCase(v: PhpEnum): void {
    if (!isValidClassName(v.className) || !isIdentifier(v.caseName)) {
      fault(`${JSON.stringify(`${v.className}:${v.caseName}`)} is not a PHP enum case`);
    }
    const body = `${v.className}:${v.caseName}`;
    const bytes = utf8Length(body);
    this.ascii("E:");
    this.room(bytes + 24);
    this.decimal(bytes);
    this.ascii(':"');
    this.text(body, bytes);
    this.ascii('";');
  }
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

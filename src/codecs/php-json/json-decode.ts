/**
 * PHP's `json_decode($json, true, $depth)` into the PhpValue model: JSON objects become ordered
 * PHP arrays (key order survives a decode/encode round trip, which JS objects do not give: they
 * move integer-like keys first), keys go through PHP's array-key rule (`"7"` → int 7, `"07"` and
 * `"-0"` stay strings), a repeated key keeps its first place and takes the last value, integers
 * stay exact (bigint) within int64 and become floats beyond (no JSON_BIGINT_AS_STRING), every
 * number with a fraction or exponent is a PhpFloat (`1.0`, `1e2`, `-0.0`; `1e400` is INF).
 * Strict where PHP is: no BOM, no raw control characters in strings, no lone `\u` surrogates,
 * only the four JSON whitespace characters, lower-case literals, nothing after the value.
 */
import { isCanonicalIntKey } from "../php/array-key.js";
import { PhpArray, type PhpArrayKey, PhpFloat, type PhpValue } from "../php/values.js";
import { PhpJsonError, type PhpJsonErrorReason } from "./php-json-error.js";

export interface PhpJsonDecodeOptions {
  /** json_decode's `$depth`: the value may nest arrays/objects `depth - 1` deep. @default 512 */
  depth?: number;
}

// ignoreBOM: a BOM is kept as U+FEFF, which fails as PHP fails on it (fatal: so does bad UTF-8).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Up to this many entries a linear scan finds a repeated key faster than a Map. */
const LINEAR_KEYS = 8;

/** `json_decode($json, true)`. @throws PhpJsonError where PHP returns null and sets an error. */
export function phpJsonDecode(input: string | Uint8Array, options?: PhpJsonDecodeOptions): PhpValue {
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = utf8.decode(input);
    } catch {
      throw new PhpJsonError("utf8", null, 0);
    }
  }
  const parser = new Parser(text, (options?.depth ?? 512) - 1);
  parser.space();
  const value = parser.value();
  parser.space();
  if (parser.pos !== text.length) parser.fail("syntax", "something after the value");
  return value;
}

class Parser {
  pos = 0;
  private nesting = 0;

  constructor(
    private readonly s: string,
    private readonly maxNesting: number,
  ) {}

  fail(reason: PhpJsonErrorReason, detail?: string): never {
    const c = this.s.charCodeAt(this.pos);
    if (reason === "syntax") {
      // PHP's scanner reads the token here before its parser sees it is out of place, so an error
      // in that token is the one PHP names: a control character, or a bad or unclosed string.
      if (c < 0x20) throw new PhpJsonError("ctrl-char", null, this.pos);
      if (c === 0x22) this.string();
    }
    throw new PhpJsonError(reason, null, this.pos, detail);
  }

  space(): void {
    const s = this.s;
    let pos = this.pos;
    for (;;) {
      const c = s.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
    this.pos = pos;
  }

  value(): PhpValue {
    const c = this.s.charCodeAt(this.pos);
    if (c === 0x22) return this.string();
    if (c === 0x7b) return this.container(true);
    if (c === 0x5b) return this.container(false);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.s.startsWith("true", this.pos)) return this.literal(4, true);
    if (this.s.startsWith("false", this.pos)) return this.literal(5, false);
    if (this.s.startsWith("null", this.pos)) return this.literal(4, null);
    return this.fail("syntax", Number.isNaN(c) ? "the input ended" : "not a JSON value");
  }

  private literal(length: number, value: PhpValue): PhpValue {
    this.pos += length;
    return value;
  }

  /** `{…}` or `[…]`, both a PhpArray. */
  private container(object: boolean): PhpArray {
    if (++this.nesting > this.maxNesting) this.fail("depth");
    this.pos++;
    const close = object ? 0x7d : 0x5d;
    // `[…}` and `{…]`: PHP's grammar names this mistake apart.
    const wrongClose = object ? 0x5d : 0x7d;
    const entries: Array<[PhpArrayKey, PhpValue]> = [];
    let index: Map<PhpArrayKey, number> | null = null;
    this.space();
    const first = this.s.charCodeAt(this.pos);
    if (first === close) {
      this.pos++;
      this.nesting--;
      return new PhpArray(entries);
    }
    if (first === wrongClose) this.fail("state-mismatch");
    for (;;) {
      this.space();
      if (!object) entries.push([BigInt(entries.length), this.value()]);
      else {
        if (this.s.charCodeAt(this.pos) !== 0x22) this.fail("syntax", "expected a string key");
        const name = this.string();
        const key: PhpArrayKey = isCanonicalIntKey(name) ? BigInt(name) : name;
        this.space();
        if (this.s.charCodeAt(this.pos) !== 0x3a) this.fail("syntax", 'expected ":"');
        this.pos++;
        this.space();
        const item = this.value();
        // A repeated key overwrites in place, as PHP's array assignment does.
        let at = -1;
        if (index !== null) at = index.get(key) ?? -1;
        else {
          for (let i = 0; i < entries.length; i++) {
            if ((entries[i] as [PhpArrayKey, PhpValue])[0] === key) {
              at = i;
              break;
            }
          }
          if (entries.length >= LINEAR_KEYS) index = new Map(entries.map(([k], i) => [k, i]));
        }
        if (at !== -1) (entries[at] as [PhpArrayKey, PhpValue])[1] = item;
        else {
          index?.set(key, entries.length);
          entries.push([key, item]);
        }
      }
      this.space();
      const next = this.s.charCodeAt(this.pos++);
      if (next === close) {
        this.nesting--;
        return new PhpArray(entries);
      }
      if (next !== 0x2c) {
        this.pos--;
        if (next === wrongClose) this.fail("state-mismatch");
        this.fail("syntax", object ? 'expected "," or "}"' : 'expected "," or "]"');
      }
    }
  }

  private number(): bigint | PhpFloat {
    const s = this.s;
    const start = this.pos;
    let pos = start;
    if (s.charCodeAt(pos) === 0x2d) pos++;
    const first = s.charCodeAt(pos);
    if (first === 0x30) pos++;
    else if (first >= 0x31 && first <= 0x39) pos = digitsEnd(s, pos + 1);
    else this.fail("syntax", "a digit after '-'");
    let integer = true;
    // A malformed fraction or exponent fails at its '.' or 'e': PHP's scanner ends the number there.
    if (s.charCodeAt(pos) === 0x2e) {
      const end = digitsEnd(s, pos + 1);
      if (end === pos + 1) this.at(pos, "syntax", "a digit after '.'");
      pos = end;
      integer = false;
    }
    const e = s.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      const at = pos++;
      const sign = s.charCodeAt(pos);
      if (sign === 0x2b || sign === 0x2d) pos++;
      const end = digitsEnd(s, pos);
      if (end === pos) this.at(at, "syntax", "a digit in the exponent");
      pos = end;
      integer = false;
    }
    this.pos = pos;
    const text = s.slice(start, pos);
    // PHP keeps an integer that fits in int64 (isCanonicalIntKey is exactly that test) and
    // makes a float of a bigger one. "-0" is not canonical but is the int 0.
    if (integer && (isCanonicalIntKey(text) || text === "-0")) return BigInt(text);
    return new PhpFloat(Number(text));
  }

  private at(pos: number, reason: PhpJsonErrorReason, detail?: string): never {
    this.pos = pos;
    return this.fail(reason, detail);
  }

  private string(): string {
    const s = this.s;
    let pos = this.pos + 1;
    let out = "";
    let start = pos;
    for (;;) {
      const c = s.charCodeAt(pos);
      if (c === 0x22) break;
      if (c === 0x5c) {
        out += s.slice(start, pos);
        pos = this.escape(pos);
        out += this.unit;
        start = pos;
        continue;
      }
      if (c < 0x20) this.at(pos, "ctrl-char", "a raw control character in a string");
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = s.charCodeAt(pos + 1);
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) this.at(pos, "utf8", "a lone surrogate");
        pos++;
      } else if (Number.isNaN(c)) {
        // PHP's scanner meets the terminating NUL inside the string: a control character to it.
        this.at(pos, "ctrl-char", "the string is not closed");
      }
      pos++;
    }
    this.pos = pos + 1;
    return out + s.slice(start, pos);
  }

  /** The text of the escape at `pos`, left in `unit`; returns the position after it. */
  private unit = "";

  private escape(pos: number): number {
    const e = this.s.charCodeAt(pos + 1);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      this.unit = simple;
      return pos + 2;
    }
    if (e !== 0x75) this.at(pos, "syntax", "an invalid escape");
    const unit = this.hex4(pos + 2);
    if (unit >= 0xdc00 && unit <= 0xdfff) this.at(pos, "utf16");
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low =
        this.s.charCodeAt(pos + 6) === 0x5c && this.s.charCodeAt(pos + 7) === 0x75 ? this.hex4(pos + 8) : -1;
      if (!(low >= 0xdc00 && low <= 0xdfff)) this.at(pos, "utf16");
      this.unit = String.fromCharCode(unit, low);
      return pos + 12;
    }
    this.unit = String.fromCharCode(unit);
    return pos + 6;
  }

  private hex4(pos: number): number {
    let n = 0;
    for (let i = pos; i < pos + 4; i++) {
      const c = this.s.charCodeAt(i);
      const d =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
      if (d < 0) this.at(pos - 2, "syntax", "an invalid \\u escape");
      n = (n << 4) | d;
    }
    return n;
  }
}

function digitsEnd(s: string, pos: number): number {
  let c = s.charCodeAt(pos);
  while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++pos);
  return pos;
}

/** What `\x` stands for, by the char code of x (undefined: not a simple escape). */
const SIMPLE_ESCAPES: ReadonlyArray<string | undefined> = (() => {
  const table: Array<string | undefined> = [];
  for (const [c, text] of [
    ['"', '"'],
    ["\\", "\\"],
    ["/", "/"],
    ["b", "\b"],
    ["f", "\f"],
    ["n", "\n"],
    ["r", "\r"],
    ["t", "\t"],
  ] as const) {
    table[c.charCodeAt(0)] = text;
  }
  return table;
})();

/**
 * PHP's `json_decode($json, true)` into the lossless PHP value model: objects become ordered PHP
 * arrays (so key order survives a decode/encode round trip, unlike JS objects, which move
 * integer-like keys first), `"7"` keys become int 7, integers stay exact (bigint) while they fit in
 * int64 and become floats beyond (as PHP does), floats are PhpFloat, depth is limited to 512.
 * Used where Laravel decodes and re-encodes a payload (`queue:retry`), and for lossless job data.
 */
import { isCanonicalIntKey } from "../../src/codecs/php/array-key.js";
import { PhpArray, type PhpArrayKey, PhpFloat, type PhpValue } from "../../src/codecs/php/values.js";
import { InvalidPayloadError } from "../../src/errors/queue-errors.js";

const MAX_DEPTH = 512;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `json_decode($text, true)`; throws InvalidPayloadError (reason `json`) where PHP returns null with an error. */
export function phpJsonDecode(text: string): PhpValue {
  const parser = new Parser(text);
  parser.skipSpace();
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.pos !== text.length) parser.fail("unexpected trailing characters");
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new InvalidPayloadError("json", `The payload is not valid JSON: ${what} at offset ${this.pos}.`);
  }

  skipSpace(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  value(depth: number): PhpValue {
    const c = this.s[this.pos];
    if (c === "{") return this.object(depth + 1);
    if (c === "[") return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, result] of LITERALS) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    return this.fail("unexpected character");
  }

  object(depth: number): PhpArray {
    if (depth > MAX_DEPTH) this.fail("maximum nesting depth of 512 exceeded");
    this.pos++;
    const entries: Array<[PhpArrayKey, PhpValue]> = [];
    const index = new Map<PhpArrayKey, number>();
    this.skipSpace();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return new PhpArray(entries);
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] !== '"') this.fail("expected a string key");
      const name = this.string();
      const key: PhpArrayKey = isCanonicalIntKey(name) ? BigInt(name) : name;
      this.skipSpace();
      if (this.s[this.pos] !== ":") this.fail("expected ':'");
      this.pos++;
      this.skipSpace();
      const item = this.value(depth);
      // A repeated key overwrites the value in place, as a PHP array assignment does.
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, entries.length);
        entries.push([key, item]);
      } else {
        (entries[at] as [PhpArrayKey, PhpValue])[1] = item;
      }
      this.skipSpace();
      const next = this.s[this.pos++];
      if (next === "}") return new PhpArray(entries);
      if (next !== ",") this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): PhpArray {
    if (depth > MAX_DEPTH) this.fail("maximum nesting depth of 512 exceeded");
    this.pos++;
    const entries: Array<[PhpArrayKey, PhpValue]> = [];
    this.skipSpace();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return new PhpArray(entries);
    }
    for (;;) {
      this.skipSpace();
      entries.push([BigInt(entries.length), this.value(depth)]);
      this.skipSpace();
      const next = this.s[this.pos++];
      if (next === "]") return new PhpArray(entries);
      if (next !== ",") this.fail("expected ',' or ']'");
    }
  }

  number(): bigint | PhpFloat {
    const match = NUMBER.exec(this.s.slice(this.pos, this.pos + 400));
    if (!match) return this.fail("malformed number");
    const text = match[0];
    this.pos += text.length;
    if (match[1] === undefined && match[2] === undefined) {
      const n = BigInt(text);
      // PHP keeps integers that fit in int64 and turns bigger ones into floats.
      if (n >= INT64_MIN && n <= INT64_MAX) return n;
    }
    return new PhpFloat(Number(text));
  }

  string(): string {
    const s = this.s;
    this.pos++;
    let out = "";
    let start = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.fail("unterminated string");
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        out += s.slice(start, this.pos++);
        return out;
      }
      if (c < 0x20) this.fail("control character in a string");
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += s.slice(start, this.pos);
      out += this.escape();
      start = this.pos;
    }
  }

  escape(): string {
    const e = this.s[this.pos + 1];
    this.pos += 2;
    const simple = e === undefined ? undefined : ESCAPES[e];
    if (simple !== undefined) return simple;
    if (e !== "u") return this.fail("invalid escape");
    const unit = this.hex4();
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (this.s[this.pos] === "\\" && this.s[this.pos + 1] === "u") {
        this.pos += 2;
        const low = this.hex4();
        if (low >= 0xdc00 && low <= 0xdfff) return String.fromCharCode(unit, low);
      }
      return this.fail("single unpaired UTF-16 surrogate");
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return this.fail("single unpaired UTF-16 surrogate");
    return String.fromCharCode(unit);
  }

  hex4(): number {
    const digits = this.s.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail("invalid \\u escape");
    this.pos += 4;
    return Number.parseInt(digits, 16);
  }
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/;
const LITERALS: Array<[string, PhpValue]> = [
  ["true", true],
  ["false", false],
  ["null", null],
];
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * A JS string as PHP's json_encode() writes a PHP string holding its UTF-8 bytes
 * (php_json_escape_string): `"` `\` and `/` escaped (no JSON_UNESCAPED_SLASHES), `\b \f \n \r \t`,
 * other control characters as lower-case `\u00xx`, DEL (0x7f) raw. Non-ASCII as `\uxxxx` (UTF-16
 * units, so a pair for an astral character) by default; raw with JSON_UNESCAPED_UNICODE, except
 * U+2028 and U+2029, which PHP still escapes without JSON_UNESCAPED_LINE_TERMINATORS. A lone
 * surrogate has no UTF-8 form: PHP's "Malformed UTF-8" error.
 */
import { PhpJsonError } from "./php-json-error.js";

const HEX = "0123456789abcdef";

/** The escape for a code unit below 0x80, or undefined when it is written as it is. */
const ASCII_ESCAPES: ReadonlyArray<string | undefined> = Array.from({ length: 0x80 }, (_, c) => {
  if (c === 0x22) return '\\"';
  if (c === 0x5c) return "\\\\";
  if (c === 0x2f) return "\\/";
  if (c === 0x08) return "\\b";
  if (c === 0x0c) return "\\f";
  if (c === 0x0a) return "\\n";
  if (c === 0x0d) return "\\r";
  if (c === 0x09) return "\\t";
  return c < 0x20 ? unicodeEscape(c) : undefined;
});

function unicodeEscape(c: number): string {
  return `\\u${HEX[c >> 12]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
}

/** `s` quoted and escaped; `path` names it in the error for a lone surrogate. */
export function jsonString(s: string, unescapedUnicode: boolean, path: string): string {
  let out = '"';
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      const escaped = ASCII_ESCAPES[c];
      if (escaped === undefined) continue;
      out += s.slice(start, i) + escaped;
      start = i + 1;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        throw new PhpJsonError("utf8", path, null, "a lone UTF-16 surrogate has no UTF-8 form");
      }
      if (!unescapedUnicode) {
        out += s.slice(start, i) + unicodeEscape(c) + unicodeEscape(next);
        start = i + 2;
      }
      i++;
      continue;
    }
    if (!unescapedUnicode || c === 0x2028 || c === 0x2029) {
      out += s.slice(start, i) + unicodeEscape(c);
      start = i + 1;
    }
  }
  return `${start === 0 ? out + s : out + s.slice(start)}"`;
}

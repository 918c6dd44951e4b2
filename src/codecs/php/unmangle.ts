/**
 * PHP's mangled property names, read straight from the bytes: `\0*\0name` is protected,
 * `\0Class\0name` private to Class; anything else (a lone `\0` included) is public, byte for byte.
 */
import type { ByteReader } from "./byte-reader.js";
import type { PhpProperty } from "./values.js";

/**
 * Splits PHP's mangled property names: `\0*\0name` is protected, `\0Class\0name` private to Class;
 * anything else (including a lone `\0`) is a public name, kept byte for byte.
 */
export function unmangle(reader: ByteReader, start: number, end: number): PhpProperty {
  const buf = reader.buf;
  if (end - start >= 3 && buf[start] === 0) {
    if (buf[start + 1] === 0x2a && buf[start + 2] === 0) {
      return { name: reader.name(start + 3, end), visibility: "protected", value: null };
    }
    const second = buf.indexOf(0, start + 1);
    if (second > start + 1 && second < end) {
      const declaringClass = reader.name(start + 1, second);
      if (typeof declaringClass === "string") {
        return { name: reader.name(second + 1, end), visibility: "private", declaringClass, value: null };
      }
    }
  }
  return { name: reader.name(start, end), visibility: "public", value: null };
}

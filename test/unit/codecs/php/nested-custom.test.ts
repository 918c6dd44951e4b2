/**
 * Values serialized inside a C: payload share PHP's numbering (src/codecs/php/nested-slots.ts):
 * bytes recorded from PHP 8.2 with `class Nest implements Serializable { serialize() { return
 * serialize($this->d); } unserialize($s) { $this->d = unserialize($s); } }`.
 */
import { describe, expect, it } from "vitest";
import {
  PhpArray,
  PhpConversionError,
  PhpCustom,
  PhpObject,
  PhpObjectRef,
  PhpSerializeError,
  PhpUnserializeError,
  serialize,
  toPlain,
  unserialize,
} from "../../../../src/codecs/php/index.js";

const NESTED = [
  // serialize([new Nest([1, 2]), $o, $o]): the array and its two ints take 3..5, so $o is 6.
  'a:3:{i:0;C:4:"Nest":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:"stdClass":0:{}i:2;r:6;}',
  // serialize([$o, new Nest($o), $o]): the payload is an r: to the outer object, and takes 4.
  'a:3:{i:0;O:8:"stdClass":0:{}i:1;C:4:"Nest":4:{r:2;}i:2;r:2;}',
  // serialize([$n, $n, $o, $o]) with $n = new Nest([1]).
  'a:4:{i:0;C:4:"Nest":14:{a:1:{i:0;i:1;}}i:1;r:2;i:2;O:8:"stdClass":0:{}i:3;r:6;}',
  // serialize([$n, $o]) with $n->d = [$o]: the outer r: points into the payload.
  'a:2:{i:0;C:4:"Nest":29:{a:1:{i:0;O:8:"stdClass":0:{}}}i:1;r:4;}',
];

describe("numbering inside Serializable payloads", () => {
  it.each(NESTED)("reads %s and writes it back byte for byte", (text) => {
    const bytes = Buffer.from(text, "latin1");
    expect(serialize(unserialize(bytes)).equals(bytes)).toBe(true);
  });

  it("resolves an r: after a nested payload to the right object", () => {
    const value = unserialize(NESTED[0] as string);
    expect(value).toEqual(
      new PhpArray([
        [0n, new PhpCustom("Nest", Buffer.from("a:2:{i:0;i:1;i:1;i:2;}"))],
        [1n, new PhpObject("stdClass")],
        [2n, new PhpObjectRef(6)],
      ]),
    );
    const plain = toPlain(value) as unknown[];
    expect(plain[2]).toBe(plain[1]);
  });

  it("refuses the numbering that skips the payload's values, as PHP does", () => {
    // PHP 8.2: "Error at offset 78 of 79 bytes"; r:3 is the payload's array, not an object.
    expect(() =>
      unserialize('a:3:{i:0;C:4:"Nest":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:"stdClass":0:{}i:2;r:3;}'),
    ).toThrow(PhpUnserializeError);
    const model = new PhpArray([
      [0n, new PhpCustom("Nest", Buffer.from("a:2:{i:0;i:1;i:1;i:2;}"))],
      [1n, new PhpObject("stdClass")],
      [2n, new PhpObjectRef(3)],
    ]);
    expect(() => serialize(model)).toThrow(PhpSerializeError);
  });

  it("numbers nothing inside a payload that is not one serialize() value (raw bytes)", () => {
    const raw = 'a:3:{i:0;C:6:"Legacy":3:{abc}i:1;O:8:"stdClass":0:{}i:2;r:3;}';
    expect(serialize(unserialize(raw)).toString("latin1")).toBe(raw);
    const halfValue = 'a:3:{i:0;C:6:"Legacy":6:{a:1:{}}i:1;O:8:"stdClass":0:{}i:2;r:3;}';
    expect(serialize(unserialize(halfValue)).toString("latin1")).toBe(halfValue);
  });

  it("keeps the payload as bytes in toPlain, so an r: into it is a conversion error", () => {
    expect(() => toPlain(unserialize(NESTED[3] as string))).toThrow(PhpConversionError);
  });

  it("takes C: payloads nested deeper than 32 levels as opaque bytes", () => {
    let inner = "N;";
    for (let i = 0; i < 2000; i++) inner = `C:1:"A":${Buffer.byteLength(inner)}:{${inner}}`;
    const text = `a:2:{i:0;${inner}i:1;O:8:"stdClass":0:{}}`;
    expect(serialize(unserialize(text)).toString("latin1")).toBe(text);
  });
});

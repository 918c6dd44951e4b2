import { describe, expect, it } from "vitest";
import {
  PhpArray,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  PhpReference,
  PhpSerializeError,
  type PhpValue,
  serialize,
} from "../../../../src/codecs/php/index.js";

const text = (value: PhpValue) => serialize(value).toString("latin1");

describe("serialize", () => {
  it("counts string lengths in UTF-8 bytes and writes Buffers byte for byte", () => {
    expect(serialize("é€😀").equals(Buffer.from('s:9:"é€😀";', "utf8"))).toBe(true);
    expect(text(Buffer.from([0xff, 0x00]))).toBe('s:2:"\xff\x00";');
    expect(text(`${"x".repeat(40)}é`)).toBe(`s:42:"${"x".repeat(40)}\xc3\xa9";`);
  });

  it("writes floats like PHP's serialize_precision=-1 and keeps ints and floats apart", () => {
    expect(
      text(
        new PhpArray([
          [0n, new PhpFloat(1)],
          [1n, 1n],
          [2n, new PhpFloat(0.1 + 0.2)],
        ]),
      ),
    ).toBe("a:3:{i:0;d:1;i:1;i:1;i:2;d:0.30000000000000004;}");
    expect(text(new PhpFloat(1e25))).toBe("d:1.0E+25;");
    expect(text(new PhpFloat(-2.5e-7))).toBe("d:-2.5E-7;");
    expect(text(new PhpFloat(Number.NEGATIVE_INFINITY))).toBe("d:-INF;");
  });

  it("writes canonical integer string keys as int keys, as PHP's arrays hold them", () => {
    expect(
      text(
        new PhpArray([
          ["7", 1n],
          ["07", 2n],
          [Buffer.from("8"), 3n],
        ]),
      ),
    ).toBe('a:3:{i:7;i:1;s:2:"07";i:2;i:8;i:3;}');
  });

  it("mangles protected and private property names like PHP", () => {
    const object = new PhpObject("App\\Job", [
      { name: "a", visibility: "public", value: null },
      { name: "b", visibility: "protected", value: null },
      { name: "c", visibility: "private", declaringClass: "App\\Base", value: null },
      { name: 0n, visibility: "public", value: null },
    ]);
    expect(text(object)).toBe('O:7:"App\\Job":4:{s:1:"a";N;s:4:"\0*\0b";N;s:11:"\0App\\Base\0c";N;i:0;N;}');
  });

  it("writes C:, E:, r: and R: as PHP does", () => {
    const value = new PhpArray([
      [0n, new PhpCustom("Legacy", Buffer.from("raw"))],
      [1n, new PhpEnum("Suit", "Hearts")],
      [2n, new PhpObjectRef(2)],
      [3n, new PhpReference(3)],
    ]);
    expect(text(value)).toBe('a:4:{i:0;C:6:"Legacy":3:{raw}i:1;E:11:"Suit:Hearts";i:2;r:2;i:3;R:3;}');
  });

  it("refuses values with no PHP form, saying where they are", () => {
    const withNumber = new PhpArray([["orders", new PhpArray([[0n, 5 as unknown as PhpValue]])]]);
    expect(() => serialize(withNumber)).toThrow(PhpSerializeError);
    expect(() => serialize(withNumber)).toThrow(/\[orders\]\[0\].*PhpFloat/);
    expect(() => serialize(2n ** 63n)).toThrow(/64-bit/);
    expect(() => serialize("\ud800")).toThrow(/surrogate/);
    expect(() => serialize(new PhpObject("not a class"))).toThrow(/class name/);
    expect(() => serialize(new PhpEnum("Suit", "1x"))).toThrow(/enum case/);
    expect(() => serialize({ orderId: 5 } as unknown as PhpValue)).toThrow(/fromPlain/);
  });

  it("refuses back-references that PHP could not resolve", () => {
    expect(() =>
      serialize(
        new PhpArray([
          [0n, 1n],
          [1n, new PhpObjectRef(2)],
        ]),
      ),
    ).toThrow(/object/);
    expect(() => serialize(new PhpArray([[0n, new PhpReference(5)]]))).toThrow(/earlier value/);
    expect(() => serialize(new PhpReference(1))).toThrow(PhpSerializeError);
  });

  it("stops at maxDepth instead of looping on a cyclic JS structure", () => {
    const cyclic = new PhpArray();
    cyclic.entries.push([0n, cyclic]);
    expect(() => serialize(cyclic)).toThrow(/maxDepth/);
  });
});

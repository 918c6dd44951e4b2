import { describe, expect, it } from "vitest";
import {
  PhpArray,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  PhpReference,
  PhpUnserializeError,
  unserialize,
} from "../../../../src/codecs/php/index.js";

const bytes = (text: string) => Buffer.from(text, "latin1");
const errorOf = (
  input: string | Buffer,
  options?: Parameters<typeof unserialize>[1],
): PhpUnserializeError => {
  try {
    unserialize(typeof input === "string" ? bytes(input) : input, options);
  } catch (error) {
    if (error instanceof PhpUnserializeError) return error;
    throw error;
  }
  throw new Error("expected a PhpUnserializeError");
};

describe("unserialize", () => {
  it("returns UTF-8 strings as JS strings and any other bytes as an exact Buffer copy", () => {
    expect(unserialize(Buffer.from('s:9:"é€😀";', "utf8"))).toBe("é€😀");
    const binary = unserialize(bytes('s:3:"\xff\x00\xfe";'));
    expect(binary).toEqual(Buffer.from([0xff, 0x00, 0xfe]));
    expect(unserialize(Buffer.from('s:3:"\uFFFD";', "utf8"))).toBe("\uFFFD");
  });

  it("takes a JS string input as UTF-8 text", () => {
    expect(unserialize('a:1:{s:2:"é";i:1;}')).toEqual(new PhpArray([["é", 1n]]));
  });

  it("keeps ints exact as bigint up to the 64-bit limits and refuses beyond (PHP would clamp)", () => {
    expect(unserialize("i:9223372036854775807;")).toBe(9223372036854775807n);
    expect(unserialize("i:-9223372036854775808;")).toBe(-9223372036854775808n);
    expect(errorOf("i:9223372036854775808;").expected).toMatch(/64-bit/);
  });

  it("turns canonical integer string keys into int keys, like PHP, and keeps the others", () => {
    expect(unserialize('a:3:{s:1:"7";i:1;s:2:"07";i:2;s:2:"-0";i:3;}')).toEqual(
      new PhpArray([
        [7n, 1n],
        ["07", 2n],
        ["-0", 3n],
      ]),
    );
  });

  it("keeps __proto__ and constructor as ordinary array keys and never touches Object.prototype", () => {
    const value = unserialize('a:2:{s:9:"__proto__";a:1:{s:7:"isAdmin";b:1;}s:11:"constructor";i:1;}');
    expect(value).toEqual(
      new PhpArray([
        ["__proto__", new PhpArray([["isAdmin", true]])],
        ["constructor", 1n],
      ]),
    );
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });

  it("never instantiates or even looks up a class, whatever its name", () => {
    let constructed = 0;
    const globals = globalThis as Record<string, unknown>;
    globals.Gadget = class {
      constructor() {
        constructed++;
      }
    };
    try {
      const value = unserialize(
        'a:2:{i:0;O:6:"Gadget":0:{}i:1;O:40:"Illuminate\\Broadcasting\\PendingBroadcast":0:{}}',
      );
      expect((value as PhpArray).entries.map(([, v]) => (v as PhpObject).constructor)).toEqual([
        PhpObject,
        PhpObject,
      ]);
      expect(constructed).toBe(0);
    } finally {
      delete globals.Gadget;
    }
  });

  it("reads objects as inert data with their visibility and declaring class", () => {
    const value = unserialize(bytes('O:3:"Foo":3:{s:1:"a";i:1;s:4:"\0*\0b";i:2;s:8:"\0Base\0cc";i:3;}'));
    expect(value).toEqual(
      new PhpObject("Foo", [
        { name: "a", visibility: "public", value: 1n },
        { name: "b", visibility: "protected", value: 2n },
        { name: "cc", visibility: "private", declaringClass: "Base", value: 3n },
      ]),
    );
  });

  it("turns classes outside allowedClasses into incomplete objects, case-insensitively, keeping enums", () => {
    const input = 'a:3:{i:0;O:3:"Foo":0:{}i:1;O:3:"Bar":0:{}i:2;E:8:"Suit:Ace";}';
    expect(unserialize(input, { allowedClasses: ["foo"] })).toEqual(
      new PhpArray([
        [0n, new PhpObject("Foo")],
        [1n, new PhpObject("Bar", [], true)],
        [2n, new PhpEnum("Suit", "Ace")],
      ]),
    );
    expect(unserialize('C:3:"Foo":3:{abc}', { allowedClasses: false })).toEqual(
      new PhpObject("Foo", [], true),
    );
    expect(unserialize('C:3:"Foo":3:{abc}')).toEqual(new PhpCustom("Foo", Buffer.from("abc")));
  });

  it("keeps back-references as numbered references and checks their targets like PHP", () => {
    expect(unserialize('a:3:{i:0;O:8:"stdClass":0:{}i:1;r:2;i:2;R:2;}')).toEqual(
      new PhpArray([
        [0n, new PhpObject("stdClass")],
        [1n, new PhpObjectRef(2)],
        [2n, new PhpReference(2)],
      ]),
    );
    expect(() => unserialize("a:2:{i:0;i:5;i:1;r:2;}")).toThrow(PhpUnserializeError); // r: to an int
    expect(() => unserialize("a:3:{i:0;i:1;i:1;R:2;i:2;R:3;}")).toThrow(PhpUnserializeError); // R: takes no number
  });

  it("reads PHP's float forms and the escaped S: string form", () => {
    expect(unserialize("d:.5;")).toEqual(new PhpFloat(0.5));
    expect(unserialize("d:-1.0E+25;")).toEqual(new PhpFloat(-1e25));
    expect(unserialize("d:1e400;")).toEqual(new PhpFloat(Number.POSITIVE_INFINITY));
    expect(unserialize("d:-0;")).toEqual(new PhpFloat(-0));
    expect(unserialize('S:3:"\\61b\\63";')).toBe("abc");
  });

  it("refuses duplicate keys and properties, which PHP would silently overwrite", () => {
    expect(errorOf('a:2:{s:1:"k";i:1;s:1:"k";i:2;}').offset).toBe(17);
    expect(() => unserialize('a:2:{i:7;i:1;s:1:"7";i:2;}')).toThrow(/not used before/);
    expect(() => unserialize('O:1:"A":2:{s:1:"a";i:1;s:1:"a";i:2;}')).toThrow(/not set before/);
    const big = Array.from({ length: 40 }, (_, i) => `s:2:"k${i % 10}";i:${i};`).join("");
    expect(() => unserialize(`a:40:{${big}}`)).toThrow(/not used before/);
  });

  it("refuses trailing bytes after the value (PHP 8.2 ignores them)", () => {
    const error = errorOf("i:1;x");
    expect(error.offset).toBe(4);
    expect(error.found).toBe(0x78);
  });

  it("reports the offset and the expectation, never the payload", () => {
    const error = errorOf('a:1:{s:6:"secret";s:10:"hunter2";}');
    expect(error.code).toBe("ERR_PHP_UNSERIALIZE");
    expect(error.offset).toBeGreaterThan(0);
    expect(error.message).not.toContain("hunter2");
    expect(error.message).not.toContain("secret");
  });

  it("stops at maxDepth without using the JS stack, even for 100 000 nested arrays", () => {
    const deep = `${"a:1:{i:0;".repeat(100_000)}N;${"}".repeat(100_000)}`;
    expect(errorOf(deep).expected).toMatch(/maxDepth/);
    expect(unserialize(deep, { maxDepth: 100_000 })).toBeInstanceOf(PhpArray);
  });

  it("refuses declared counts and lengths that cannot fit the input before allocating", () => {
    expect(errorOf("a:2147483647:{}").expected).toMatch(/larger than the input/);
    expect(errorOf('s:999999999:"x";').offset).toBe(13);
    expect(errorOf("a:99999999999999999999:{}").offset).toBe(2);
  });

  it("enforces maxBytes and maxElements", () => {
    expect(errorOf('s:5:"hello";', { maxBytes: 8 }).expected).toMatch(/maxBytes/);
    expect(errorOf("a:3:{i:0;N;i:1;N;i:2;N;}", { maxElements: 3 }).expected).toMatch(/maxElements/);
    expect(unserialize("a:3:{i:0;N;i:1;N;i:2;N;}", { maxElements: 4 })).toBeInstanceOf(PhpArray);
  });

  it("rejects a non-positive limit instead of silently disabling it", () => {
    expect(() => unserialize("N;", { maxDepth: 0 })).toThrow(/positive integer/);
  });

  it("refuses class names PHP refuses and keeps the ones it accepts", () => {
    expect(() => unserialize('O:3:"a b":0:{}')).toThrow(PhpUnserializeError);
    expect(() => unserialize('O:4:"\\Foo":0:{}')).toThrow(PhpUnserializeError);
    expect(unserialize('O:4:"Foo\\":0:{}')).toEqual(new PhpObject("Foo\\"));
    expect(unserialize('O:3:"1ab":0:{}')).toEqual(new PhpObject("1ab"));
  });
});

import { MessageChannel } from "node:worker_threads";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PhpArray,
  type PhpArrayKey,
  PhpObject,
  PhpSerializeError,
  type PhpValue,
  serialize,
  unserialize,
} from "../../../../src/codecs/php/index.js";
import { phpValueArbitrary } from "../../../helpers/php-arbitrary.js";

const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** What PHP writes for a string, built independently of the codec. */
const phpString = (s: string): Buffer =>
  Buffer.concat([
    Buffer.from(`s:${Buffer.byteLength(s, "utf8")}:"`),
    Buffer.from(s, "utf8"),
    Buffer.from('";'),
  ]);

const list = (values: PhpValue[]): PhpArray =>
  new PhpArray(values.map((v, i): [PhpArrayKey, PhpValue] => [BigInt(i), v]));

describe("serialize output", () => {
  it("writes the UTF-8 byte length of a string even when it has more digits than its char count", () => {
    for (const s of [
      "é".repeat(5),
      "é".repeat(9),
      "€".repeat(4),
      "😀".repeat(3),
      `${"x".repeat(95)}ééééé`,
      "é".repeat(50),
      `${"x".repeat(999)}é`,
      "€".repeat(400),
      "x".repeat(32),
      "x".repeat(33),
      `${"x".repeat(31)}é`,
    ]) {
      expect(serialize(s).equals(phpString(s)), JSON.stringify(s.slice(0, 12))).toBe(true);
    }
  });

  it("writes any well-formed string with its exact UTF-8 bytes and byte length", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.string({ unit: "grapheme", maxLength: 60 }),
          fc.string({ maxLength: 120 }),
        ),
        (s) => {
          fc.pre(wellFormed(s));
          expect(serialize(s).equals(phpString(s))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("refuses a lone surrogate in a long string too", () => {
    expect(() => serialize(`${"x".repeat(40)}\ud800${"y".repeat(40)}`)).toThrow(/surrogate/);
    expect(() => serialize(`é\udc00`)).toThrow(PhpSerializeError);
  });

  it("writes names (keys, mangled properties, classes) the same on first use and from its cache", () => {
    const object = new PhpObject("Ünï\\Cödé", [
      { name: "a", visibility: "public", value: null },
      { name: "bé", visibility: "protected", value: null },
      { name: "c", visibility: "private", declaringClass: "Bäse", value: null },
      { name: "7", visibility: "public", value: null },
    ]);
    const value = list([
      object,
      new PhpArray([
        ["7", 1n],
        ["clé", 2n],
        ["x".repeat(70), 3n],
      ]),
    ]);
    const expected = Buffer.from(
      'a:2:{i:0;O:12:"Ünï\\Cödé":4:{s:1:"a";N;s:6:"\0*\0bé";N;s:8:"\0Bäse\0c";N;s:1:"7";N;}' +
        `i:1;a:3:{i:7;i:1;s:4:"clé";i:2;s:70:"${"x".repeat(70)}";i:3;}}`,
      "utf8",
    );
    expect(serialize(value).equals(expected)).toBe(true);
    expect(serialize(value).equals(expected)).toBe(true);
  });

  it("refuses a lone surrogate in a property name, a declaring class or a key", () => {
    const property = (name: string, declaringClass?: string): PhpValue =>
      new PhpObject("Foo", [
        declaringClass === undefined
          ? { name, visibility: "protected", value: null }
          : { name, visibility: "private", declaringClass, value: null },
      ]);
    expect(() => serialize(property("a\ud800"))).toThrow(/surrogate/);
    expect(() => serialize(property("a", "B\udc00"))).toThrow(/surrogate/);
    expect(() => serialize(new PhpArray([["k\ud800", 1n]]))).toThrow(/surrogate/);
  });

  it("keeps every earlier result intact while later values are written", () => {
    fc.assert(
      fc.property(fc.array(phpValueArbitrary(), { minLength: 1, maxLength: 40 }), (values) => {
        const results = values.map((v) => serialize(v));
        const copies = results.map((r) => Buffer.from(r));
        // More output after them (several shared 8 KB buffers' worth) must not touch them.
        for (let i = 0; i < 20; i++) serialize("z".repeat(700));
        results.forEach((r, i) => {
          expect(r.equals(copies[i] as Buffer)).toBe(true);
          expect(unserialize(r)).toStrictEqual(values[i]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("writes values larger than its shared buffer, and the values after them", () => {
    const big = "é".repeat(60_000);
    const many = list(Array.from({ length: 5000 }, (_, i) => BigInt(i)));
    const expectedMany = `a:5000:{${Array.from({ length: 5000 }, (_, i) => `i:${i};i:${i};`).join("")}}`;
    const small = serialize("after");
    expect(serialize(big).equals(phpString(big))).toBe(true);
    expect(serialize(many).toString("latin1")).toBe(expectedMany);
    expect(serialize("after").equals(small)).toBe(true);
    expect(small.toString()).toBe('s:5:"after";');
  });

  it("writes correctly from inside another serialize() (a getter on a value calling it)", () => {
    let inner: Buffer | undefined;
    const property = {
      name: "a",
      visibility: "public" as const,
      get value(): PhpValue {
        inner = serialize(list(["inner", 42n]));
        return "outer";
      },
    };
    const outer = serialize(new PhpObject("Foo", [property]));
    expect(outer.toString()).toBe('O:3:"Foo":1:{s:1:"a";s:5:"outer";}');
    expect(inner?.toString()).toBe('a:2:{i:0;s:5:"inner";i:1;i:42;}');
  });

  it("never lets a transfer to another thread detach the memory behind results, as Node's own pool does", () => {
    const result = serialize("shared");
    const before = result.buffer.byteLength;
    const { port1, port2 } = new MessageChannel();
    try {
      // Node ignores (20) or refuses (newer) an untransferable ArrayBuffer in a transfer list.
      try {
        port1.postMessage(result, [result.buffer as ArrayBuffer]);
      } catch {}
    } finally {
      port1.close();
      port2.close();
    }
    expect(result.buffer.byteLength).toBe(before);
    expect(result.toString()).toBe('s:6:"shared";');
    expect(serialize("next").toString()).toBe('s:4:"next";');
  });

  it("writes the next value right after one that failed midway", () => {
    const failing = list(["x".repeat(100), list([1n, 5 as unknown as PhpValue])]);
    expect(() => serialize(failing)).toThrow(PhpSerializeError);
    expect(serialize(list(["ok", 1n])).toString()).toBe('a:2:{i:0;s:2:"ok";i:1;i:1;}');
  });
});

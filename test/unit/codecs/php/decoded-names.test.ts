import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PhpArray,
  type PhpArrayKey,
  PhpObject,
  type PhpProperty,
  type PhpValue,
  serialize,
  toPlain,
  unserialize,
} from "../../../../src/codecs/php/index.js";
import { unserializePlain } from "../../../../src/codecs/php/unserialize-plain.js";

/** Both decoders agree with each other and give back the keys that were written. */
function expectKeysBack(keys: string[]): void {
  const array = new PhpArray(keys.map((k, i): [PhpArrayKey, PhpValue] => [k, BigInt(i)]));
  const bytes = serialize(array);
  expect(unserialize(bytes)).toStrictEqual(array);
  const plain = unserializePlain(bytes);
  expect(isDeepStrictEqual(plain, toPlain(array))).toBe(true);
  expect(Object.keys(plain as object)).toEqual(keys);
}

// Keys that differ only in their middle bytes: same length, same first and last four bytes.
const lookalikes = (n: number, middle: number): string[] =>
  Array.from({ length: n }, (_, i) => `abcd${String(i).padStart(middle, "0")}wxyz`);

describe("decoded names (array keys, property names, class names)", () => {
  it("come back exactly when many share their length and first and last bytes", () => {
    expectKeysBack(lookalikes(40, 3));
    expectKeysBack(lookalikes(300, 8));
    expectKeysBack(lookalikes(12, 24)); // 32 bytes: the longest names the cache keeps
  });

  it("come back exactly when lookalike names alternate from payload to payload", () => {
    const a = lookalikes(5, 4);
    const b = lookalikes(5, 4).map((k) => `abcd${[...k.slice(4, 8)].reverse().join("")}wxyz`);
    for (let round = 0; round < 20; round++) {
      expectKeysBack(round % 2 === 0 ? a : b);
      expectKeysBack([...a].reverse());
    }
  });

  it("come back exactly when they are not ASCII, longer than 32 bytes or empty", () => {
    expectKeysBack(["é", "ab€", "Grüße", "x".repeat(33), "y".repeat(200), "", "😀", "a\u0000b"]);
  });

  it("come back exactly for random keys drawn from a small alphabet (many collisions)", () => {
    const key = fc.string({ unit: fc.constantFrom("a", "b", "_", "é"), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 60 }), (keys) => {
        fc.pre(keys.every((k) => !/^(0|-?[1-9][0-9]*)$/.test(k)));
        expectKeysBack(keys);
      }),
      { numRuns: 300 },
    );
  });

  it("keep property visibility and declaring class apart for lookalike property names", () => {
    const properties: PhpProperty[] = lookalikes(25, 3).flatMap((name, i): PhpProperty[] => [
      { name, visibility: "public", value: BigInt(i) },
      { name, visibility: "protected", value: `p${i}` },
      { name, visibility: "private", declaringClass: `App\\Base${i % 3}`, value: null },
    ]);
    const object = new PhpObject("App\\Models\\Lookalike", properties);
    expect(unserialize(serialize(object))).toStrictEqual(object);
  });

  it("refuse a repeated key or property in any container size, on both decoders", () => {
    for (const n of [2, 16, 17, 33, 100]) {
      const keys = lookalikes(n, 3);
      const body = keys.map((k, i) => `s:${k.length}:"${k}";i:${i};`).join("");
      const repeated = `s:${(keys[0] as string).length}:"${keys[0]}";i:0;`;
      const array = Buffer.from(`a:${n + 1}:{${body}${repeated}}`, "latin1");
      expect(() => unserialize(array)).toThrow(/key not used before/);
      expect(() => unserializePlain(array)).toThrow(/key not used before/);
      const object = Buffer.from(`O:3:"Foo":${n + 1}:{${body}${repeated}}`, "latin1");
      expect(() => unserialize(object)).toThrow(/property not set before/);
      expect(() => unserializePlain(object)).toThrow(/property not set before/);
    }
  });

  it("refuse an int key repeated after a run of keys 0, 1, 2…, in small and big arrays", () => {
    for (const n of [1, 2, 5, 31, 32, 33, 40]) {
      for (const repeated of [0, n - 1, Math.floor(n / 2)]) {
        const run = Array.from({ length: n }, (_, i) => `i:${i};N;`).join("");
        const text = `a:${n + 1}:{${run}i:${repeated};N;}`;
        expect(() => unserialize(text), text).toThrow(/key not used before/);
        expect(() => unserializePlain(Buffer.from(text)), text).toThrow(/key not used before/);
        const viaString = `a:${n + 1}:{${run}s:${String(repeated).length}:"${repeated}";N;}`;
        expect(() => unserialize(viaString), viaString).toThrow(/key not used before/);
      }
    }
  });

  it("refuse a key or property repeated in its escaped S: form, in small and big containers", () => {
    const escaped = (name: string): string =>
      `S:${name.length}:"${[...name].map((c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("")}";`;
    for (const n of [3, 20, 40]) {
      for (const name of ["dup", "x".repeat(40), "abcd0000wxyz"]) {
        const keys = lookalikes(n, 3);
        const body = keys.map((k, i) => `s:${k.length}:"${k}";i:${i};`).join("");
        const plain = `s:${name.length}:"${name}";i:0;`;
        const array = `a:${n + 2}:{${plain}${body}${escaped(name)}i:1;}`;
        expect(() => unserialize(array), array).toThrow(/key not used before/);
        const object = `O:3:"Foo":${n + 2}:{${plain}${body}${escaped(name)}i:1;}`;
        expect(() => unserialize(object), object).toThrow(/property not set before/);
        const protectedTwice = `O:3:"Foo":${n + 2}:{s:${name.length + 3}:"\0*\0${name}";i:0;${body}${escaped(`\0*\0${name}`)}i:1;}`;
        expect(() => unserialize(Buffer.from(protectedTwice, "latin1"))).toThrow(/property not set before/);
      }
    }
  });

  it("take __class and a bare name used twice in an object as the full path does", () => {
    for (const text of [
      'O:3:"Foo":1:{s:7:"__class";i:1;}',
      'O:3:"Foo":2:{s:1:"a";i:1;s:4:"\0*\0a";i:2;}',
      'O:3:"Foo":2:{s:1:"a";i:1;s:8:"\0Base\0a";i:2;}',
      'O:3:"Foo":1:{s:2:"\0a";i:1;}',
      'O:3:"Foo":1:{i:5;i:1;}',
    ]) {
      const bytes = Buffer.from(text, "latin1");
      const full = (): unknown => toPlain(unserialize(bytes));
      let expected: unknown;
      try {
        expected = { value: full() };
      } catch (error) {
        expected = { error: (error as Error).message };
      }
      let actual: unknown;
      try {
        actual = { value: unserializePlain(bytes) };
      } catch (error) {
        actual = { error: (error as Error).message };
      }
      expect(isDeepStrictEqual(actual, expected), text).toBe(true);
    }
  });

  it("reads string values of inputs beyond 16 KB exactly, ASCII or not", () => {
    const values = ["x".repeat(20_000), "é".repeat(3000), "short", "Grüße", "y".repeat(13)];
    const array = new PhpArray(values.map((v, i): [PhpArrayKey, PhpValue] => [BigInt(i), v]));
    const bytes = serialize(array);
    expect(bytes.length).toBeGreaterThan(16 * 1024);
    expect(unserialize(bytes)).toStrictEqual(array);
    expect(unserializePlain(bytes)).toEqual(values);
  });
});

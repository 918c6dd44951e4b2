import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromPlain,
  PhpArray,
  PhpConversionError,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  PhpReference,
  type PlainObject,
  serialize,
  toPlain,
  unserialize,
} from "../../../../src/codecs/php/index.js";

const php = (text: string) => unserialize(Buffer.from(text, "latin1"));

describe("toPlain", () => {
  it("turns a Laravel session array into a plain object with nested lists", () => {
    const session = php(
      'a:3:{s:6:"_token";s:3:"abc";s:50:"login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d";i:1;s:6:"_flash";a:2:{s:3:"new";a:0:{}s:3:"old";a:1:{i:0;s:6:"status";}}}',
    );
    expect(toPlain(session)).toEqual({
      _token: "abc",
      login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d: 1,
      _flash: { new: [], old: ["status"] },
    });
  });

  it("gives numbers for safe ints and bigints beyond 2^53, or strings or an error on request", () => {
    const big = php("a:2:{i:0;i:9007199254740991;i:1;i:9007199254740993;}");
    expect(toPlain(big)).toEqual([9007199254740991, 9007199254740993n]);
    expect(toPlain(big, { unsafeIntegers: "string" })).toEqual([9007199254740991, "9007199254740993"]);
    expect(() => toPlain(big, { unsafeIntegers: "error" })).toThrow(PhpConversionError);
  });

  it("turns floats into numbers, losing the int/float distinction but keeping -0, INF and NAN", () => {
    expect(toPlain(php("a:4:{i:0;d:1;i:1;d:-0;i:2;d:INF;i:3;d:NAN;}"))).toEqual([
      1,
      -0,
      Infinity,
      Number.NaN,
    ]);
  });

  it("keeps non-UTF-8 strings as Buffers", () => {
    expect(toPlain(php('s:2:"\xff\xfe";'))).toEqual(Buffer.from([0xff, 0xfe]));
  });

  it("makes a null-prototype object for non-list arrays, where __proto__ is an ordinary own key", () => {
    const plain = toPlain(
      php('a:2:{s:9:"__proto__";a:1:{s:7:"isAdmin";b:1;}s:11:"constructor";s:1:"x";}'),
    ) as PlainObject;
    expect(Object.getPrototypeOf(plain)).toBeNull();
    expect(Object.keys(plain)).toEqual(["__proto__", "constructor"]);
    expect(Reflect.get(plain, "__proto__")).toEqual({ isAdmin: true });
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it("keeps key order and key types in map mode, where object mode lists integer keys first", () => {
    const sparse = php('a:3:{i:10;s:1:"s";s:1:"k";s:2:"bo";i:-1;s:2:"mo";}');
    expect([...(toPlain(sparse, { arrays: "map" }) as Map<unknown, unknown>)]).toEqual([
      [10, "s"],
      ["k", "bo"],
      [-1, "mo"],
    ]);
    expect(Object.keys(toPlain(sparse) as PlainObject)).toEqual(["10", "k", "-1"]);
  });

  it("refuses a binary array key in object mode and keeps it in map mode", () => {
    const binaryKey = php('a:1:{s:1:"\xff";i:1;}');
    expect(() => toPlain(binaryKey)).toThrow(/arrays: "map"/);
    expect([...(toPlain(binaryKey, { arrays: "map" }) as Map<unknown, unknown>).keys()]).toEqual([
      Buffer.from([0xff]),
    ]);
  });

  it("turns objects into { __class, ...properties } by bare name, the last of a shadowed name winning", () => {
    const object = new PhpObject("App\\Child", [
      { name: "a", visibility: "private", declaringClass: "App\\Base", value: "base" },
      { name: "b", visibility: "protected", value: 2n },
      { name: "a", visibility: "private", declaringClass: "App\\Child", value: "child" },
    ]);
    expect(toPlain(object)).toEqual({ __class: "App\\Child", a: "child", b: 2 });
  });

  it("passes enums and Serializable payloads through as they are", () => {
    const value = new PhpArray([
      [0n, new PhpEnum("App\\Status", "Paid")],
      [1n, new PhpCustom("App\\Legacy", Buffer.from("raw"))],
    ]);
    expect(toPlain(value)).toEqual([
      new PhpEnum("App\\Status", "Paid"),
      new PhpCustom("App\\Legacy", Buffer.from("raw")),
    ]);
  });

  it("resolves r: and R: to the same JS value, keeping object cycles as cycles", () => {
    const shared = toPlain(php('a:3:{i:0;O:8:"stdClass":1:{s:1:"n";i:1;}i:1;r:2;i:2;R:2;}')) as PlainObject[];
    expect(shared[1]).toBe(shared[0]);
    expect(shared[2]).toBe(shared[0]);
    const node = toPlain(php('O:4:"Node":1:{s:4:"next";r:1;}')) as PlainObject;
    expect(node.next).toBe(node);
  });

  it("gives null for an R: to the array that contains it, as PHP's unserialize does", () => {
    expect(toPlain(php("a:2:{i:0;i:1;i:1;R:1;}"))).toEqual([1, null]);
  });

  it("refuses a reference to a value that does not exist", () => {
    expect(() => toPlain(new PhpArray([[0n, new PhpObjectRef(7)]]))).toThrow(PhpConversionError);
  });

  it("refuses nesting deeper than maxDepth", () => {
    let deep: PhpArray = new PhpArray();
    for (let i = 0; i < 20; i++) deep = new PhpArray([[0n, deep]]);
    expect(() => toPlain(deep, { maxDepth: 10 })).toThrow(/maxDepth/);
    expect(toPlain(deep, { maxDepth: 30 })).toBeInstanceOf(Array);
  });
});

describe("fromPlain", () => {
  it("builds what PHP would: ints, floats, lists and string-keyed arrays", () => {
    expect(
      serialize(fromPlain({ orderId: 5, amount: 12.5, tags: ["a", "b"], paid: true, note: null })).toString(),
    ).toBe(
      'a:5:{s:7:"orderId";i:5;s:6:"amount";d:12.5;s:4:"tags";a:2:{i:0;s:1:"a";i:1;s:1:"b";}s:4:"paid";b:1;s:4:"note";N;}',
    );
  });

  it("applies PHP's key rule: '7' becomes int 7, '07' stays a string", () => {
    expect(serialize(fromPlain({ "07": "b", 7: "a" })).toString()).toBe(
      'a:2:{i:7;s:1:"a";s:2:"07";s:1:"b";}',
    );
    expect(
      serialize(
        fromPlain(
          new Map<unknown, unknown>([
            ["7", 1],
            [7, 2],
            ["x", 3],
          ]),
        ),
      ).toString(),
    ).toBe('a:2:{i:7;i:2;s:1:"x";i:3;}');
  });

  it("turns integral numbers beyond 2^53 into floats and keeps bigints exact", () => {
    expect(fromPlain(2 ** 60)).toEqual(new PhpFloat(2 ** 60));
    expect(fromPlain(9223372036854775807n)).toBe(9223372036854775807n);
    expect(() => fromPlain(9223372036854775808n)).toThrow(PhpConversionError);
    expect(fromPlain(-0)).toBe(0n);
  });

  it("makes a PhpObject with public properties from a plain object with __class", () => {
    expect(fromPlain({ __class: "App\\Dto", id: 5 })).toEqual(
      new PhpObject("App\\Dto", [{ name: "id", visibility: "public", value: 5n }]),
    );
  });

  it("skips undefined properties like JSON.stringify but refuses holes and undefined in lists", () => {
    expect(fromPlain({ a: 1, b: undefined })).toEqual(new PhpArray([["a", 1n]]));
    expect(() => fromPlain([1, undefined])).toThrow(/\[1\]/);
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point of the test
    expect(() => fromPlain([1, , 3])).toThrow(PhpConversionError);
  });

  it("refuses Dates, class instances, functions and cycles with the path of the value", () => {
    expect(() => fromPlain({ at: new Date() })).toThrow(/\[at\].*Date/);
    expect(() => fromPlain({ x: new (class Point {})() })).toThrow(/Point instance/);
    expect(() => fromPlain({ f: () => 1 })).toThrow(/function/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => fromPlain(cyclic)).toThrow(/cycle/);
  });

  it("keeps PhpValues it is given, so plain and PHP values can be mixed", () => {
    const float = new PhpFloat(1);
    const ref = new PhpReference(2);
    expect(fromPlain([float, ref])).toEqual(
      new PhpArray([
        [0n, float],
        [1n, ref],
      ]),
    );
  });

  it("round-trips JSON-like data through toPlain (empty objects excepted: PHP's [] is one thing)", () => {
    const jsonLike = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.double({ noNaN: true }).filter((x) => !Number.isInteger(x)),
        fc.string(),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(
          fc.string().filter((k) => k !== "__class" && !/^(0|-?[1-9]\d*)$/.test(k)),
          tie("value"),
          {
            minKeys: 1,
            maxKeys: 4,
          },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(jsonLike, (value) => {
        expect(toPlain(unserialize(serialize(fromPlain(value))))).toEqual(value);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  append,
  arrayDiff,
  arrForget,
  arrGet,
  arrSet,
  mergeUnique,
  phpKey,
} from "../../../../adapters/session/php-array.js";
import { PhpArray, type PhpValue } from "../../../../src/codecs/php/index.js";
import { phpJsonFloat } from "../../../../src/codecs/php-json/index.js";

const arr = (...entries: Array<[bigint | string, PhpValue]>) => new PhpArray(entries);

describe("Laravel's Arr helpers on PHP arrays", () => {
  it("casts canonical integer strings to int keys and leaves the rest as strings, like PHP", () => {
    expect(phpKey("7")).toBe(7n);
    expect(phpKey("-3")).toBe(-3n);
    expect(phpKey("07")).toBe("07");
    expect(phpKey("-0")).toBe("-0");
    expect(phpKey("9223372036854775808")).toBe("9223372036854775808");
    expect(phpKey("1.5")).toBe("1.5");
  });

  it("reads an exact dotted key before walking the path, and walks nested arrays otherwise", () => {
    const a = arr(["a.b", "direct"], ["a", arr(["b", "nested"], [0n, "zero"])]);
    expect(arrGet(a, "a.b")).toBe("direct");
    expect(arrGet(a, "a.0")).toBe("zero");
    expect(arrGet(a, "a.c")).toBeUndefined();
    expect(arrGet(a, "missing.x")).toBeUndefined();
  });

  it("sets through the path, replacing scalars and nulls on the way by arrays (Arr::set)", () => {
    const a = arr(["x", "scalar"], ["n", null]);
    arrSet(a, "x.y", 1n);
    arrSet(a, "n.m", 2n);
    arrSet(a, "new.deep.key", 3n);
    expect(arrGet(a, "x.y")).toBe(1n);
    expect(arrGet(a, "n.m")).toBe(2n);
    expect(arrGet(a, "new.deep.key")).toBe(3n);
    expect(a.entries.map(([k]) => k)).toEqual(["x", "n", "new"]);
  });

  it("forgets exact keys, dotted paths, and ignores missing parts", () => {
    const a = arr(["a.b", 1n], ["a", arr(["b", 2n], ["c", 3n])]);
    arrForget(a, "a.b");
    expect(arrGet(a, "a.b")).toBe(2n);
    arrForget(a, "a.b");
    expect(arrGet(a, "a")).toEqual(arr(["c", 3n]));
    arrForget(a, "nope.deeper");
    expect(a.entries).toHaveLength(1);
  });

  it("reads and writes dotted keys exactly as splitting the key on dots does, for any key", () => {
    // The reference: Arr::get / Arr::set written with explode('.'), as Laravel does.
    const refGet = (a: PhpArray, key: string): PhpValue | undefined => {
      const direct = a.entries.find(([k]) => k === phpKey(key));
      if (direct) return direct[1];
      if (!key.includes(".")) return undefined;
      let current: PhpValue | undefined = a;
      for (const segment of key.split(".")) {
        if (!(current instanceof PhpArray)) return undefined;
        current = current.entries.find(([k]) => k === phpKey(segment))?.[1];
        if (current === undefined) return undefined;
      }
      return current;
    };
    const refSet = (a: PhpArray, key: string, value: PhpValue): void => {
      const segments = key.split(".");
      let current = a;
      for (const [i, segment] of segments.entries()) {
        const k = phpKey(segment);
        const at = current.entries.findIndex(([e]) => e === k);
        if (i === segments.length - 1) {
          if (at === -1) current.entries.push([k, value]);
          else (current.entries[at] as [bigint | string, PhpValue])[1] = value;
          return;
        }
        const next = at === -1 ? undefined : current.entries[at]?.[1];
        if (next instanceof PhpArray) current = next;
        else {
          const fresh = new PhpArray();
          if (at === -1) current.entries.push([k, fresh]);
          else (current.entries[at] as [bigint | string, PhpValue])[1] = fresh;
          current = fresh;
        }
      }
    };
    const key = fc
      .array(fc.constantFrom("a", "b", "0", "7", "-1", "", "x.y"), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join("."));
    const ops = fc.array(fc.tuple(fc.boolean(), key, fc.bigInt({ min: 0n, max: 9n })), { maxLength: 12 });
    fc.assert(
      fc.property(ops, (steps) => {
        const ours = new PhpArray();
        const theirs = new PhpArray();
        for (const [write, k, v] of steps) {
          if (write) {
            arrSet(ours, k, v);
            refSet(theirs, k, v);
          } else expect(arrGet(ours, k)).toEqual(refGet(theirs, k));
        }
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });

  it("appends after the largest int key, keeps array_diff keys and array_unique's first entries", () => {
    const list = arr([0n, "a"], [5n, "b"]);
    append(list, "c");
    expect(list.entries.map(([k]) => k)).toEqual([0n, 5n, 6n]);
    expect(arrayDiff(arr([0n, "a"], [1n, "b"], [2n, "c"]), ["b"]).entries).toEqual([
      [0n, "a"],
      [2n, "c"],
    ]);
    expect(mergeUnique(arr([0n, "a"]), ["a", "b"]).entries).toEqual([
      [0n, "a"],
      [2n, "b"],
    ]);
  });
});

describe("json_encode floats (serialize_precision = -1)", () => {
  it("prints doubles as PHP does: shortest digits, exponent from 1e17 up and below 1e-4", () => {
    const cases: Array<[number, string]> = [
      [0.1, "0.1"],
      [1.5, "1.5"],
      [100, "100"],
      [-0, "-0"],
      [0.0001, "0.0001"],
      [0.00001, "1.0e-5"],
      [1e16, "10000000000000000"],
      [1e17, "1.0e+17"],
      [1e25, "1.0e+25"],
      [1.2345678901234568e17, "1.2345678901234568e+17"],
      [5e-324, "5.0e-324"],
    ];
    for (const [x, php] of cases) expect(phpJsonFloat(x), String(x)).toBe(php);
  });
});

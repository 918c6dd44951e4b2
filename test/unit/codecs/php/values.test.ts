import { describe, expect, it } from "vitest";
import { PhpArray, PhpObject, phpArrayKey, serialize } from "../../../../src/codecs/php/index.js";

describe("PhpArray", () => {
  it("builds like PHP's $a[$k] = $v: keys normalised, a repeated key overwritten in place", () => {
    const array = PhpArray.from([
      ["7", "a"],
      [8, "b"],
      ["07", "c"],
      [7n, "d"],
    ]);
    expect(array.entries).toEqual([
      [7n, "d"],
      [8n, "b"],
      ["07", "c"],
    ]);
    expect(serialize(array).toString()).toBe('a:3:{i:7;s:1:"d";i:8;s:1:"b";s:2:"07";s:1:"c";}');
  });

  it("looks keys up with the same rule", () => {
    const array = PhpArray.from([
      ["7", "a"],
      ["x", "b"],
    ]);
    expect(array.get(7)).toBe("a");
    expect(array.get("7")).toBe("a");
    expect(array.has("07")).toBe(false);
    expect(array.get("x")).toBe("b");
    expect(array.size).toBe(2);
  });

  it("refuses a fractional number as a key", () => {
    expect(() => phpArrayKey(1.5)).toThrow(/integer or a string/);
  });
});

describe("PhpObject", () => {
  it("finds a property by name, optionally by visibility", () => {
    const object = new PhpObject("A", [
      { name: "x", visibility: "private", declaringClass: "A", value: 1n },
      { name: "x", visibility: "public", value: 2n },
    ]);
    expect(object.get("x")).toBe(1n);
    expect(object.get("x", "public")).toBe(2n);
    expect(object.get("y")).toBeUndefined();
  });
});

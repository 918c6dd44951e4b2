import { describe, expect, it } from "vitest";
import { parseRecaller } from "../../../../adapters/session/remember-me.js";

describe("Laravel's Recaller (the remember-me cookie value)", () => {
  it("splits id|token|hash and keeps a hash that contains no further separators", () => {
    const hash = "$2y$10$92IXUNpkjO0rOQ5byMi.Ye4oKoEa3Ro9llC/.og/at2.uheWG/igi";
    expect(parseRecaller(`42|tok3n|${hash}`)).toEqual({ id: "42", token: "tok3n", hash });
    expect(parseRecaller("42|tok3n|")).toEqual({ id: "42", token: "tok3n", hash: "" });
  });

  it("refuses what Recaller::valid() refuses: no separator, other segment counts, blank id or token", () => {
    for (const value of ["", "42", "42|token", "42|token|hash|extra", " |token|h", "42|\t\n|h", "|token|h"]) {
      expect(parseRecaller(value)).toBeNull();
    }
  });

  it("unwraps a PHP-serialized string (older cookies) and refuses other serialized values", () => {
    expect(parseRecaller('s:10:"7|abc|hash";')).toEqual({ id: "7", token: "abc", hash: "hash" });
    // unserialize gives an array: not a string, never valid, though the bytes contain two '|'.
    expect(parseRecaller('a:1:{i:0;s:5:"a|b|c";}')).toBeNull();
    // Falsy results (`b:0;`, an empty array) keep the raw value, as `?: $recaller` does.
    expect(parseRecaller("b:0;")).toBeNull();
    // Bytes that do not unserialize are taken as they are.
    expect(parseRecaller('s:99:"1|t|h";')).toEqual({ id: 's:99:"1', token: "t", hash: 'h";' });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { phpBase64Decode, phpBase64DecodeStrict } from "../../../../src/codecs/encrypter/php-base64.js";

// Recorded with PHP 8.2: input hex → base64_decode($s, true) (null = false) → base64_decode($s).
const PHP_82: Array<[string, string | null, string]> = [
  ["5151", "41", "41"],
  ["51513d", null, "41"],
  ["51513d3d", "41", "41"],
  ["51513d3d3d", null, "41"],
  ["51", null, ""],
  ["51513d51", null, "4104"],
  ["512051", "41", "41"],
  ["512151", null, "41"],
  ["51554a440a", "414243", "414243"],
  ["2d5f", null, ""],
  ["51513d3d51513d3d", null, "410410"],
  ["510b51", null, "41"],
  ["510c51", null, "41"],
  ["510951", "41", "41"],
  ["510d51", "41", "41"],
  ["51523d3d", "41", "41"],
  ["51513d20", null, "41"],
  ["5151203d", null, "41"],
  ["51510a3d3d", "41", "41"],
  ["3d5151", null, "41"],
  ["51554a4452413d", null, "41424344"],
  ["51554a445241", "41424344", "41424344"],
  ["51554a4452", null, "414243"],
  ["51554a44523d3d3d", null, "414243"],
  ["51513d0a3d", "41", "41"],
  ["510051", null, "41"],
  ["518051", null, "41"],
];

describe("PHP's base64_decode", () => {
  it.each(PHP_82)("decodes %s exactly as PHP 8.2 does in both modes", (inputHex, strict, lenient) => {
    const text = Buffer.from(inputHex, "hex").toString("latin1");
    const asBytes = Buffer.from(inputHex, "hex");
    expect(phpBase64Decode(asBytes).toString("hex")).toBe(lenient);
    expect(phpBase64DecodeStrict(asBytes)?.toString("hex") ?? null).toBe(strict);
    if (/^[\x20-\x7e]*$/.test(text)) {
      expect(phpBase64Decode(text).toString("hex")).toBe(lenient);
      expect(phpBase64DecodeStrict(text)?.toString("hex") ?? null).toBe(strict);
    }
  });

  it("decodes canonical base64 back to the bytes that were encoded", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(phpBase64Decode(text)).toEqual(Buffer.from(bytes));
        expect(phpBase64DecodeStrict(text)).toEqual(Buffer.from(bytes));
        expect(phpBase64DecodeStrict(text.replace(/=+$/, ""))).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it("gives the same bytes on its native fast path as on its byte-by-byte path", () => {
    const base64ish = fc.string({ unit: fc.constantFrom(..."AQZaz09+/=-_ \n!".split("")), maxLength: 40 });
    fc.assert(
      fc.property(base64ish, (text) => {
        // A Buffer input always takes the byte-by-byte path.
        expect(phpBase64Decode(text)).toEqual(phpBase64Decode(Buffer.from(text, "latin1")));
        expect(phpBase64DecodeStrict(text)).toEqual(phpBase64DecodeStrict(Buffer.from(text, "latin1")));
      }),
      { numRuns: 2000 },
    );
  });
});

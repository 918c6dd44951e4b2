/** The queue's json_encode/json_decode: PHP's codec (tested in test/unit/codecs/php-json) with the queue's errors. */
import { describe, expect, it } from "vitest";
import { phpJsonDecode, phpJsonEncode } from "../../../../adapters/queue/php-json.js";
import { PhpJsonError } from "../../../../src/codecs/php-json/index.js";
import { InvalidPayloadError } from "../../../../src/errors/queue-errors.js";

describe("queue json_encode", () => {
  it("writes JSON_UNESCAPED_UNICODE with escaped slashes, like Queue::createPayload", () => {
    expect(phpJsonEncode({ job: "App\\Jobs\\Pay", note: "é/ü" })).toBe(
      '{"job":"App\\\\Jobs\\\\Pay","note":"é\\/ü"}',
    );
  });

  it("escapes non-ASCII when asked (queue:retry's json_encode without flags)", () => {
    expect(phpJsonEncode({ note: "é" }, { escapeUnicode: true })).toBe('{"note":"\\u00e9"}');
  });

  it("refuses what PHP cannot encode with an InvalidPayloadError that names the place and keeps the cause", () => {
    let thrown: unknown;
    try {
      phpJsonEncode({ data: { amount: Number.NaN } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidPayloadError);
    const error = thrown as InvalidPayloadError;
    expect(error.reason).toBe("unsupported-value");
    expect(error.path).toContain("amount");
    expect(error.message).toMatch(/^Unable to JSON encode payload: /);
    expect(error.cause).toBeInstanceOf(PhpJsonError);
  });
});

describe("queue json_decode", () => {
  it("reads a payload as json_decode($text, true) does", () => {
    const value = phpJsonDecode('{"attempts":0,"data":{"amount":"12.50"}}');
    expect(phpJsonEncode(value)).toBe('{"attempts":0,"data":{"amount":"12.50"}}');
  });

  it.each(['{"a":1', "[1}", "\u00ef\u00bb\u00bf{}", '{"a":"\u0001"}', ""])(
    "refuses %j with reason json",
    (bad) => {
      expect(() => phpJsonDecode(bad)).toThrow(InvalidPayloadError);
      try {
        phpJsonDecode(bad);
      } catch (error) {
        expect((error as InvalidPayloadError).reason).toBe("json");
        expect((error as InvalidPayloadError).message).toMatch(/^The payload is not valid JSON: /);
      }
    },
  );
});

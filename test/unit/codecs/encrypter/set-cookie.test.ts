import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeCookieValue,
  encodeSetCookieValue,
  formatCookieDate,
  serializeSetCookie,
} from "../../../../src/codecs/encrypter/set-cookie.js";
import { InvalidCookieError } from "../../../../src/errors/invalid-cookie-error.js";

const now = new Date("2026-11-21T12:00:00Z");

describe("cookie value encoding", () => {
  it("comes back unchanged through PHP's urldecode for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (value) => {
        const encoded = encodeSetCookieValue(value);
        expect(encoded).toMatch(/^[A-Za-z0-9\-_.~%]*$/);
        expect(decodeCookieValue(encoded)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it("percent-encodes + / = so PHP does not read a + as a space", () => {
    expect(encodeSetCookieValue("a+b/c=")).toBe("a%2Bb%2Fc%3D");
    expect(decodeCookieValue("a+b")).toBe("a b");
    expect(encodeSetCookieValue("naïve ~*'()!")).toBe("na%C3%AFve%20~%2A%27%28%29%21");
  });

  it("leaves a % that starts no escape as it is, like urldecode", () => {
    expect(decodeCookieValue("100%")).toBe("100%");
    expect(decodeCookieValue("%zz%4")).toBe("%zz%4");
    expect(decodeCookieValue("%3d%3D")).toBe("==");
  });
});

describe("serializeSetCookie", () => {
  it("writes Symfony's attribute order and lower-case attribute names", () => {
    expect(
      serializeSetCookie("a b", "v", {
        maxAgeSeconds: 60,
        now,
        domain: ".example.test",
        secure: true,
        sameSite: "strict",
        partitioned: true,
      }),
    ).toBe(
      "a%20b=v; expires=Sat, 21-Nov-2026 12:01:00 GMT; Max-Age=60; path=/; domain=.example.test; secure; httponly; samesite=strict; partitioned",
    );
  });

  it("writes a browser-session cookie without expires and can leave out path and SameSite", () => {
    expect(serializeSetCookie("n", "v", { path: null, sameSite: null, httpOnly: false })).toBe("n=v");
  });

  it("deletes a cookie the way Symfony does when the value is empty", () => {
    expect(serializeSetCookie("n", "", { now, maxAgeSeconds: 60 })).toBe(
      `n=deleted; expires=${formatCookieDate(now.getTime() / 1000 - 31_536_001)}; Max-Age=0; path=/; httponly; samesite=lax`,
    );
  });

  it("clamps Max-Age at 0 for an expiry in the past", () => {
    expect(serializeSetCookie("n", "v", { now, expires: new Date(now.getTime() - 5000) })).toContain(
      "Max-Age=0",
    );
  });

  it("refuses attributes that would inject other attributes or headers", () => {
    expect(() => serializeSetCookie("", "v")).toThrow(InvalidCookieError);
    expect(() => serializeSetCookie("n", "v", { path: "/; domain=evil" })).toThrow(
      expect.objectContaining({ attribute: "path" }),
    );
    expect(() => serializeSetCookie("n", "v", { domain: "a\r\nSet-Cookie: x=y" })).toThrow(
      InvalidCookieError,
    );
    expect(() => serializeSetCookie("n", "v", { sameSite: "sometimes" as "lax" })).toThrow(
      InvalidCookieError,
    );
    expect(() => serializeSetCookie("n;x", "v", { raw: true })).toThrow(InvalidCookieError);
    expect(() => serializeSetCookie("n", "a b", { raw: true })).toThrow(InvalidCookieError);
    expect(serializeSetCookie("n", "a+b", { raw: true, path: null, sameSite: null })).toBe("n=a+b; httponly");
  });
});

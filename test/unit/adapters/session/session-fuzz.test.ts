/**
 * Fuzz (reliability-catalogue S2, S7): mutated session cookies and mutated stored payloads. The
 * only outcomes are "this id" / "no cookie" for cookies and "loaded" / "new" / "corrupt" for
 * payloads: never an exception, never an instantiated object, never a polluted prototype.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArraySessionHandler } from "../../../../adapters/session/array-session-handler.js";
import { CookieCipher } from "../../../../adapters/session/cookie-cipher.js";
import { Session } from "../../../../adapters/session/session.js";
import { readEncryptedCookie } from "../../../../adapters/session/session-cookie.js";
import { generateSessionId } from "../../../../adapters/session/session-id.js";
import { createSessionSerializer } from "../../../../adapters/session/session-serializer.js";
import { Encrypter, encodeSetCookieValue } from "../../../../src/codecs/encrypter/index.js";
import { type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";

const encrypter = Encrypter.fromAppKey(`base64:${Buffer.alloc(32, 5).toString("base64")}`, "AES-256-CBC");

describe("fuzzed session cookies and payloads", () => {
  it("reads a mutated cookie as the same id or as no cookie, never throwing", () => {
    const id = generateSessionId();
    const good = encodeSetCookieValue(new CookieCipher(encrypter).encrypt("laravel_session", id));
    const mutation = fc.oneof(
      fc
        .tuple(fc.nat(good.length - 1), fc.constantFrom(..."AZaz09+/=%-_ \u00e9"))
        .map(([i, c]) => good.slice(0, i) + c + good.slice(i + 1)),
      fc.nat(good.length).map((n) => good.slice(0, n)),
      fc.string().map((s) => good + s),
      fc.string({ maxLength: 600 }),
    );
    fc.assert(
      fc.property(mutation, (value) => {
        const cipher = new CookieCipher(encrypter);
        const read = readEncryptedCookie(`laravel_session=${value}`, "laravel_session", cipher);
        expect(read === null || read === id).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("starts a loaded, new or corrupt session from any stored payload, without instantiating anything", async () => {
    const golden = loadGolden<{
      flows: Array<{ stored: Record<string, { layer1: { result: GoldenBytes } }> }>;
    }>("laravel-8", "session");
    const seeds = golden.flows.flatMap((f) =>
      Object.values(f.stored).map((s) => goldenBytes(s.layer1.result)),
    );
    const payload = fc.oneof(
      fc
        .tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 }))
        .map(([seed, i, byte]) => {
          const copy = Buffer.from(seed);
          copy[i % copy.length] = byte;
          return copy;
        }),
      fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([seed, n]) => seed.subarray(0, n % seed.length)),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (bytes) => {
        const handler = new ArraySessionHandler();
        const id = generateSessionId();
        await handler.write(id, bytes, 60);
        const session = new Session({
          name: "s",
          handler,
          serializer: createSessionSerializer(),
          lifetimeMinutes: 1,
          id,
        });
        await session.start();
        expect(["loaded", "new", "corrupt"]).toContain(session.origin);
        expect(["string", "undefined"]).toContain(typeof session.token());
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        if (session.origin === "corrupt") expect(session.id).not.toBe(id);
      }),
      { numRuns: 500 },
    );
  });
});

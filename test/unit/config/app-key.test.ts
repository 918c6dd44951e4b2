import { describe, expect, it } from "vitest";
import { appCipher, appKeyBytes, previousKeyBytes } from "../../../src/config/app-key.js";
import { ConfigError } from "../../../src/errors/config-error.js";
import { resolveWith } from "./resolve-helpers.js";

const KEY_32 = `base64:${Buffer.alloc(32, 1).toString("base64")}`;
const KEY_16 = `base64:${Buffer.alloc(16, 2).toString("base64")}`;

describe("APP_KEY validation (lazy, for whatever needs encryption)", () => {
  it("decodes a base64: key and accepts a raw key of the right length", () => {
    expect(appKeyBytes(resolveWith({ APP_KEY: KEY_32 }))).toEqual(Buffer.alloc(32, 1));
    expect(appKeyBytes(resolveWith({ APP_KEY: "0123456789abcdef0123456789abcdef" })).length).toBe(32);
    expect(appKeyBytes(resolveWith({ APP_KEY: KEY_16, APP_CIPHER: "aes-128-gcm" }))).toEqual(
      Buffer.alloc(16, 2),
    );
  });

  it("resolves without an APP_KEY and fails only when the key is asked for", () => {
    const config = resolveWith({});
    expect(() => appKeyBytes(config)).toThrow(
      /^APP_KEY is empty\. Laravel: "No application encryption key has been specified\." Set it to the APP_KEY of the Laravel app/,
    );
  });

  it("says how many bytes the cipher needs and how many it got, never the key", () => {
    const canary = "base64:Y2FuYXJ5LWtleS0xMg==";
    const error = (() => {
      try {
        appKeyBytes(resolveWith({ APP_KEY: canary }));
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^APP_KEY must be 32 bytes for AES-256-CBC, got 13\./);
    expect(error.message).not.toContain("Y2FuYXJ5");
  });

  it("checks every previous key against the cipher (Laravel 11+)", () => {
    const config = resolveWith({ APP_KEY: KEY_32, APP_PREVIOUS_KEYS: `${KEY_32},base64:c2hvcnQ=` });
    expect(() => previousKeyBytes(config)).toThrow(
      /^APP_PREVIOUS_KEYS\[1\] must be 32 bytes for AES-256-CBC, got 5/,
    );
    expect(previousKeyBytes(resolveWith({ APP_PREVIOUS_KEYS: KEY_32 }))).toEqual([Buffer.alloc(32, 1)]);
  });

  it("accepts Laravel's ciphers in any case and rejects others by name", () => {
    expect(appCipher(resolveWith({ APP_CIPHER: "aes-256-gcm" }))).toBe("AES-256-GCM");
    expect(() => appCipher(resolveWith({ APP_CIPHER: "AES-192-CBC" }))).toThrow(
      'APP_CIPHER must be one of AES-128-CBC, AES-256-CBC, AES-128-GCM, AES-256-GCM (case-insensitive), got "AES-192-CBC"',
    );
  });
});

import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatAppKey, generateAppKey, generateKey } from "../../../../src/codecs/encrypter/app-key.js";
import type { CipherName } from "../../../../src/codecs/encrypter/ciphers.js";
import { Encrypter } from "../../../../src/codecs/encrypter/encrypter.js";
import { ConfigError } from "../../../../src/errors/config-error.js";
import { DecryptError } from "../../../../src/errors/decrypt-error.js";
import { EncryptError } from "../../../../src/errors/encrypt-error.js";

const CIPHERS: CipherName[] = ["AES-128-CBC", "AES-256-CBC", "AES-128-GCM", "AES-256-GCM"];
const json = (payload: string) => JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

describe.each(CIPHERS)("the %s encrypter", (cipher) => {
  const encrypter = new Encrypter(generateKey(cipher), cipher);

  it("decrypts every string and byte sequence it encrypted", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.uint8Array({ maxLength: 200 })), (value) => {
        const payload = encrypter.encryptString(value);
        const expected = typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value);
        expect(encrypter.decryptBytes(payload)).toEqual(expected);
        if (typeof value === "string") expect(encrypter.decryptString(payload)).toBe(value);
      }),
      { numRuns: 200 },
    );
  });

  it("writes Laravel's JSON fields in Laravel's order, with a fresh IV every time", () => {
    const first = encrypter.encryptString("same");
    const second = encrypter.encryptString("same");
    expect(first).not.toBe(second);
    const fields = json(first);
    expect(Object.keys(fields)).toEqual(["iv", "value", "mac", "tag"]);
    expect(Buffer.from(fields.iv, "base64")).toHaveLength(cipher.endsWith("GCM") ? 12 : 16);
    if (cipher.endsWith("GCM")) {
      expect(fields.mac).toBe("");
      expect(Buffer.from(fields.tag, "base64")).toHaveLength(16);
    } else {
      expect(fields.mac).toMatch(/^[0-9a-f]{64}$/);
      expect(fields.tag).toBe("");
    }
  });

  it("refuses a test IV of the wrong length", () => {
    expect(() => encrypter.encryptString("x", { iv: Buffer.alloc(5) })).toThrow(EncryptError);
  });

  it("rejects a payload made with another key", () => {
    const other = new Encrypter(generateKey(cipher), cipher);
    const reason = cipher.endsWith("GCM") ? "cipher" : "mac";
    expect(() => encrypter.decryptBytes(other.encryptString("secret"))).toThrow(
      expect.objectContaining({ reason }),
    );
  });

  it("decrypts with a previous key but always encrypts with the current one", () => {
    const oldKey = generateKey(cipher);
    const rotated = new Encrypter(generateKey(cipher), cipher, { previousKeys: [oldKey] });
    const old = new Encrypter(oldKey, cipher);
    expect(rotated.decryptString(old.encryptString("before rotation"))).toBe("before rotation");
    expect(() => old.decryptBytes(rotated.encryptString("after"))).toThrow(DecryptError);
  });
});

describe("Encrypter.fromAppKey", () => {
  it("accepts base64: keys and raw keys of the right length", () => {
    const raw = "0123456789abcdef0123456789abcdef";
    const fromRaw = Encrypter.fromAppKey(raw);
    const fromBase64 = Encrypter.fromAppKey(formatAppKey(Buffer.from(raw)));
    expect(fromBase64.decryptString(fromRaw.encryptString("same key"))).toBe("same key");
  });

  it("names the variable and the lengths when a key does not fit the cipher", () => {
    expect(() => Encrypter.fromAppKey("base64:AAAAAAAAAAAAAAAA", "AES-256-CBC")).toThrow(
      /^APP_KEY must be 32 bytes for AES-256-CBC, got 12\b/,
    );
    expect(() => Encrypter.fromAppKey(generateAppKey("AES-128-GCM"), "AES-256-GCM")).toThrow(ConfigError);
    expect(() =>
      Encrypter.fromAppKey(generateAppKey(), "AES-256-CBC", `${generateAppKey()}, ${generateAppKey()}`),
    ).toThrow(/^APP_PREVIOUS_KEYS\[1\] must be 32 bytes for AES-256-CBC, got 52 \(it has spaces around it/);
  });

  it("explains an APP_KEY pasted without its base64: prefix", () => {
    const bare = generateAppKey().slice("base64:".length);
    expect(() => Encrypter.fromAppKey(bare)).toThrow(
      /got 44 \(it looks like base64 without the "base64:" prefix\)/,
    );
  });

  it("rejects an empty APP_KEY with Laravel's MissingAppKeyException text", () => {
    expect(() => Encrypter.fromAppKey("")).toThrow(
      /^APP_KEY is empty\. Laravel: "No application encryption key/,
    );
  });

  it("takes the cipher case-insensitively and rejects an unsupported one", () => {
    expect(Encrypter.fromAppKey(generateAppKey(), "aes-256-gcm").cipher).toBe("AES-256-GCM");
    expect(() => Encrypter.fromAppKey(generateAppKey(), "AES-256-CTR")).toThrow(
      /^APP_CIPHER must be one of AES-128-CBC, AES-256-CBC, AES-128-GCM, AES-256-GCM .*got "AES-256-CTR"/,
    );
  });

  it("splits APP_PREVIOUS_KEYS on commas and drops empty items like array_filter", () => {
    const previous = generateAppKey();
    const old = Encrypter.fromAppKey(previous);
    const rotated = Encrypter.fromAppKey(generateAppKey(), "AES-256-CBC", `,${previous},,0`);
    expect(rotated.toJSON()).toEqual({ cipher: "AES-256-CBC", previousKeys: 1 });
    expect(rotated.decryptString(old.encryptString("kept"))).toBe("kept");
  });

  it("tells whether a key and cipher go together, like Encrypter::supported", () => {
    expect(Encrypter.supported(Buffer.alloc(16), "aes-128-cbc")).toBe(true);
    expect(Encrypter.supported(Buffer.alloc(16), "AES-256-CBC")).toBe(false);
    expect(Encrypter.supported(Buffer.alloc(32), "rot13")).toBe(false);
  });

  it("rejects a Laravel version it has no rules for", () => {
    expect(() => new Encrypter(generateKey(), "AES-256-CBC", { laravelVersion: 7 as 8 })).toThrow(
      /^LARAVEL_VERSION must be one of/,
    );
  });
});

describe("the Laravel version rules", () => {
  const key = generateKey("AES-256-CBC");
  const v8 = new Encrypter(key, "AES-256-CBC", { laravelVersion: 8 });
  const v12 = new Encrypter(key, "AES-256-CBC", { laravelVersion: 12 });
  const fields = json(v12.encryptString("value"));

  it("checks the MAC before the tag on 8 and the tag first on 12", () => {
    const tampered = b64json({ ...fields, mac: "0".repeat(64), tag: "AAAAAAAAAAAAAAAAAAAAAA==" });
    expect(() => v8.decryptBytes(tampered)).toThrow("The MAC is invalid.");
    expect(() => v12.decryptBytes(tampered)).toThrow(
      "Unable to use tag because the cipher algorithm does not support AEAD.",
    );
  });

  it("lets a non-string tag through on 8 only, as PHP's empty() does", () => {
    const withArrayTag = b64json({ ...fields, tag: [] });
    expect(v8.decryptString(withArrayTag)).toBe("value");
    expect(() => v12.decryptBytes(withArrayTag)).toThrow("The payload is invalid.");
  });

  it("turns a non-string value or mac into a typed error on 8, where PHP would raise a TypeError", () => {
    expect(() => v8.decryptBytes(b64json({ ...fields, value: 5 }))).toThrow("The MAC is invalid.");
    expect(() => v8.decryptBytes(b64json({ ...fields, mac: ["x"] }))).toThrow("The MAC is invalid.");
    expect(() => v12.decryptBytes(b64json({ ...fields, mac: ["x"] }))).toThrow("The payload is invalid.");
  });

  it("rejects what PHP's json_decode rejects although JSON.parse accepts it", () => {
    const lone = Buffer.from(
      `{"iv":"${fields.iv}","value":"${fields.value}","mac":"${fields.mac}","x":"\\ud800"}`,
    );
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(fields))]);
    const deep = `{"iv":"${fields.iv}","value":"${fields.value}","mac":"${fields.mac}","x":${"[".repeat(511)}${"]".repeat(511)}}`;
    for (const bytes of [lone, bom, Buffer.from(deep)]) {
      expect(() => v12.decryptBytes(bytes.toString("base64"))).toThrow("The payload is invalid.");
    }
    const deepest = `{"iv":"${fields.iv}","value":"${fields.value}","mac":"${fields.mac}","x":${"[".repeat(510)}${"]".repeat(510)}}`;
    expect(v12.decryptString(Buffer.from(deepest).toString("base64"))).toBe("value");
  });
});

describe("key material", () => {
  it("never shows up when an Encrypter is logged or serialized", () => {
    const key = generateKey("AES-256-CBC");
    const encrypter = new Encrypter(key, "AES-256-CBC", { previousKeys: [generateKey()] });
    const shown = `${inspect(encrypter, { showHidden: true, depth: 10 })} ${JSON.stringify(encrypter)} ${String(encrypter)}`;
    expect(shown).not.toContain(key.toString("hex"));
    expect(shown).not.toContain(key.toString("base64"));
    expect(shown).toContain("AES-256-CBC");
  });
});

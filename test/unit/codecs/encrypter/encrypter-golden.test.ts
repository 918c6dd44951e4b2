import { describe, expect, it } from "vitest";
import { Encrypter } from "../../../../src/codecs/encrypter/encrypter.js";
import { PhpUnserializeError } from "../../../../src/errors/codec-errors.js";
import { DecryptError } from "../../../../src/errors/decrypt-error.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type TypedValue, typedToPhp } from "../../../helpers/php-typed.js";

interface LaravelOutcome {
  outcome: "ok" | "exception";
  result?: TypedValue;
  exception?: { class: string; message: string };
  phpErrors?: Array<{ level: string; message: string }>;
}
interface KnownAnswer {
  id: string;
  cipher: string;
  key: string;
  ivHex: string;
  serialize: boolean;
  value: TypedValue;
  plaintext: GoldenBytes;
  payload: string;
  json: string;
  laravelDecrypt: LaravelOutcome;
}
interface RealEncrypt {
  id: string;
  cipher: string;
  key: string;
  serialize: boolean;
  value: TypedValue;
  plaintext: GoldenBytes;
  payload: string;
}
interface Tampered {
  id: string;
  cipher: string;
  key: string;
  description: string;
  payload: string;
  laravelDecrypt: LaravelOutcome;
}
interface EncrypterGolden {
  knownAnswer: KnownAnswer[];
  laravelEncrypt: RealEncrypt[];
  tampered: Tampered[];
}

const laravelVersion = { "laravel-8": 8, "laravel-12": 12 } as const;

describe.each(GOLDEN_VERSIONS)("the encrypter against %s's golden vectors", (version) => {
  const golden = loadGolden<EncrypterGolden>(version, "encrypter");
  const encrypterFor = (key: string, cipher: string) =>
    Encrypter.fromAppKey(key, cipher, null, { laravelVersion: laravelVersion[version] });

  it.each(golden.knownAnswer.map((c) => [c.id, c] as const))(
    "writes the exact payload Laravel decrypts for %s, given its IV",
    (_id, c) => {
      const encrypter = encrypterFor(c.key, c.cipher);
      const payload = encrypter.encryptString(goldenBytes(c.plaintext), { iv: Buffer.from(c.ivHex, "hex") });
      expect(Buffer.from(payload, "base64").toString("latin1")).toBe(c.json);
      expect(payload).toBe(c.payload);
      expect(c.laravelDecrypt.outcome).toBe("ok");
    },
  );

  it.each(golden.knownAnswer.map((c) => [c.id, c] as const))(
    "reads the known-answer payload %s",
    (_id, c) => {
      expect(encrypterFor(c.key, c.cipher).decryptBytes(c.payload)).toEqual(goldenBytes(c.plaintext));
    },
  );

  it.each(golden.knownAnswer.map((c) => [c.id, c] as const))(
    "encrypt()s the PHP value of %s to Laravel's payload and decrypt()s it back",
    (_id, c) => {
      const encrypter = encrypterFor(c.key, c.cipher);
      const value = typedToPhp(c.value);
      const iv = Buffer.from(c.ivHex, "hex");
      if (c.serialize) {
        expect(encrypter.encrypt(value, { iv })).toBe(c.payload);
        expect(encrypter.decrypt(c.payload)).toEqual(value);
      } else {
        expect(encrypter.encrypt(value as string, { serialize: false, iv })).toBe(c.payload);
        expect(encrypter.decrypt(c.payload, { unserialize: false })).toEqual(value);
      }
    },
  );

  it.each(golden.laravelEncrypt.map((c) => [c.id, c] as const))(
    "decrypt()s the PHP value Laravel's encrypt() wrote in %s",
    (_id, c) => {
      const value = encrypterFor(c.key, c.cipher).decrypt(c.payload, { unserialize: c.serialize });
      expect(value).toEqual(typedToPhp(c.value));
    },
  );

  it.each(golden.laravelEncrypt.map((c) => [c.id, c] as const))(
    "decrypts what Laravel's encrypt() wrote in %s",
    (_id, c) => {
      expect(encrypterFor(c.key, c.cipher).decryptBytes(c.payload)).toEqual(goldenBytes(c.plaintext));
    },
  );

  it.each(golden.tampered.map((c) => [`${c.id} (${c.description})`, c] as const))(
    "reaches Laravel's outcome for %s",
    (_id, c) => {
      const encrypter = encrypterFor(c.key, c.cipher);
      if (c.laravelDecrypt.outcome === "ok" && c.laravelDecrypt.phpErrors !== undefined) {
        // Laravel's unserialize() failed (false plus a notice); we fail loudly instead.
        expect(c.laravelDecrypt.result).toEqual({ t: "bool", v: false });
        expect(() => encrypter.decrypt(c.payload)).toThrow(PhpUnserializeError);
        return;
      }
      if (c.laravelDecrypt.outcome === "ok") {
        expect(encrypter.decrypt(c.payload)).toEqual(typedToPhp(c.laravelDecrypt.result ?? { t: "null" }));
        return;
      }
      let thrown: unknown;
      try {
        encrypter.decryptBytes(c.payload);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DecryptError);
      expect((thrown as DecryptError).message).toBe(c.laravelDecrypt.exception?.message);
    },
  );
});

interface PreviousKeysGolden {
  APP_KEY: string;
  APP_PREVIOUS_KEYS: string;
  cipher: string;
  cases: Array<{ description: string; payload: string; laravelDecrypt: LaravelOutcome }>;
}

describe("APP_PREVIOUS_KEYS against laravel-12's golden vectors", () => {
  const golden = loadGolden<{ previousKeys: PreviousKeysGolden }>("laravel-12", "encrypter").previousKeys;
  const encrypter = Encrypter.fromAppKey(golden.APP_KEY, golden.cipher, golden.APP_PREVIOUS_KEYS);

  it.each(golden.cases.map((c) => [c.description, c] as const))("matches Laravel when %s", (_d, c) => {
    if (c.laravelDecrypt.outcome === "ok") {
      expect(encrypter.decrypt(c.payload)).toEqual(typedToPhp(c.laravelDecrypt.result ?? { t: "null" }));
    } else {
      expect(() => encrypter.decryptBytes(c.payload)).toThrow(c.laravelDecrypt.exception?.message ?? "?");
    }
  });

  it("rejects a payload of the previous key once that key is no longer configured", () => {
    const withoutPrevious = Encrypter.fromAppKey(golden.APP_KEY, golden.cipher);
    const fromPrevious = golden.cases[0]?.payload ?? "";
    expect(() => withoutPrevious.decryptBytes(fromPrevious)).toThrow("The MAC is invalid.");
  });
});

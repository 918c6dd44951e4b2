import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { cookieValuePrefix, decryptCookie } from "../../../../src/codecs/encrypter/cookie-value.js";
import { Encrypter } from "../../../../src/codecs/encrypter/encrypter.js";

// Recognisable key bytes: any leak shows up as this text, its hex or its base64.
const CANARY = Buffer.from("CANARY-key-CANARY-key-CANARY-k32", "latin1");
const APP_KEY = `base64:${CANARY.toString("base64")}`;
const FORMS = [CANARY.toString("latin1"), CANARY.toString("hex"), CANARY.toString("base64"), "CANARY"];

function everythingAbout(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(inspect(current, { showHidden: true, depth: 5 }), JSON.stringify(current) ?? "");
    if (current instanceof Error) parts.push(current.message, current.stack ?? "");
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join("\n");
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("key material in errors (canary)", () => {
  const encrypter = Encrypter.fromAppKey(APP_KEY, "AES-256-CBC");
  const gcm = new Encrypter(CANARY, "AES-256-GCM");
  const tampered = Buffer.from(
    JSON.stringify({
      ...JSON.parse(Buffer.from(encrypter.encryptString("x"), "base64").toString()),
      mac: "0",
    }),
  ).toString("base64");

  const failures: Array<[string, () => unknown]> = [
    ["a key of the wrong length for the cipher", () => Encrypter.fromAppKey(APP_KEY, "AES-128-CBC")],
    ["the key pasted into APP_CIPHER", () => Encrypter.fromAppKey(APP_KEY, APP_KEY)],
    ["the raw key as a cipher name", () => new Encrypter(CANARY, CANARY.toString("latin1"))],
    ["a 16-character raw key in APP_CIPHER", () => Encrypter.fromAppKey(APP_KEY, "CANARY-key-CANAR")],
    [
      "a bad previous key next to a good one",
      () => Encrypter.fromAppKey(APP_KEY, "AES-256-CBC", `${APP_KEY}x`),
    ],
    ["a key without its base64: prefix", () => Encrypter.fromAppKey(CANARY.toString("base64"))],
    ["a key with spaces", () => Encrypter.fromAppKey(` ${APP_KEY}`)],
    ["an invalid payload", () => encrypter.decryptBytes("garbage")],
    ["a bad MAC", () => encrypter.decryptBytes(tampered)],
    [
      "a GCM tag mismatch",
      () => gcm.decryptBytes(new Encrypter(Buffer.alloc(32), "AES-256-GCM").encryptString("x")),
    ],
    ["a wrong test IV", () => encrypter.encryptString("x", { iv: Buffer.alloc(3) })],
  ];

  it.each(failures)("keeps the key out of the error for %s", (_what, fn) => {
    const text = everythingAbout(thrownBy(fn));
    for (const form of FORMS) expect(text).not.toContain(form);
  });

  it("keeps the key out of cookie results and prefixes", () => {
    expect(decryptCookie("n", "garbage", encrypter)).toBeNull();
    const prefix = cookieValuePrefix("n", encrypter);
    for (const form of FORMS) expect(prefix).not.toContain(form);
  });
});

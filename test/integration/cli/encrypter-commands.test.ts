import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAppKey } from "../../../src/codecs/encrypter/app-key.js";
import { encryptCookie } from "../../../src/codecs/encrypter/cookie-value.js";
import { Encrypter } from "../../../src/codecs/encrypter/encrypter.js";
import { encodeSetCookieValue } from "../../../src/codecs/encrypter/set-cookie.js";
import { PhpArray } from "../../../src/codecs/php/index.js";
import { type ProcessResult, runProcess } from "../../helpers/run-process.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const MAIN = join(ROOT, "src", "cli", "main.ts");
const APP_KEY = generateAppKey();
const PREVIOUS = generateAppKey();
const SECRET = "plaintext-canary-7c1e";

let dir: string;
let envFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lrb-encrypter-cli-"));
  envFile = join(dir, ".env");
  writeFileSync(envFile, `APP_KEY=${APP_KEY}\nAPP_PREVIOUS_KEYS=${PREVIOUS}\nLARAVEL_VERSION=12\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = ProcessResult;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runProcess(command, args, { cwd: ROOT, env });
}

const cli = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", MAIN, "--dotenv", envFile, ...args]);

describe("laravel-bridge key:generate, decrypt and cookie:decrypt", () => {
  it("prints a new base64: key of 44 characters, or of the --cipher's size", async () => {
    const [defaultKey, gcm128] = await Promise.all([
      cli("key:generate"),
      cli("key:generate", "--cipher", "AES-128-GCM"),
    ]);
    expect(defaultKey).toMatchObject({ code: 0, stderr: "" });
    expect(defaultKey.stdout).toMatch(/^base64:[A-Za-z0-9+/]{43}=\n$/);
    expect(gcm128.stdout).toMatch(/^base64:[A-Za-z0-9+/]{22}==\n$/);
    expect(() => Encrypter.fromAppKey(defaultKey.stdout.trim())).not.toThrow();
  });

  it("decrypts a payload of the previous key as var_dump text, typed JSON or raw bytes", async () => {
    const payload = Encrypter.fromAppKey(PREVIOUS).encrypt(new PhpArray([["token", SECRET]]));
    const [text, json, raw] = await Promise.all([
      cli("decrypt", payload),
      cli("decrypt", payload, "--json"),
      cli("decrypt", payload, "--no-unserialize"),
    ]);
    expect(text).toEqual({
      code: 0,
      stderr: "",
      stdout: `array(1) {\n  ["token"]=>\n  string(21) "${SECRET}"\n}\n`,
    });
    expect(JSON.parse(json.stdout)).toEqual({
      cipher: "AES-256-CBC",
      unserialized: true,
      value: {
        t: "array",
        entries: [
          [
            { t: "string", v: "token" },
            { t: "string", v: SECRET },
          ],
        ],
      },
    });
    expect(raw.stdout).toBe(`a:1:{s:5:"token";s:21:"${SECRET}";}`);
  });

  it("reads a URL-encoded cookie like EncryptCookies, and explains a cookie Laravel would read as null", async () => {
    const cookie = encodeSetCookieValue(
      encryptCookie("laravel_session", SECRET, Encrypter.fromAppKey(APP_KEY)),
    );
    const [ok, otherName, garbage] = await Promise.all([
      cli("cookie:decrypt", "laravel_session", cookie),
      cli("cookie:decrypt", "XSRF-TOKEN", cookie),
      cli("cookie:decrypt", "laravel_session", "not-a-payload"),
    ]);
    expect(ok).toEqual({ code: 0, stderr: "", stdout: `${SECRET}\n` });
    expect(otherName).toMatchObject({ code: 1, stdout: "" });
    expect(otherName.stderr).toContain("issued for another cookie name");
    expect(otherName.stderr).not.toContain(SECRET);
    expect(garbage).toMatchObject({ code: 1, stdout: "" });
    expect(garbage.stderr).toContain("The payload is invalid.");
  });

  it("exits 1 with Laravel's message for a payload of another key, and 2 for a bad APP_KEY", async () => {
    const foreign = Encrypter.fromAppKey(generateAppKey()).encryptString(SECRET);
    const badKeyEnv = join(dir, "bad.env");
    writeFileSync(badKeyEnv, "APP_KEY=base64:AAAA\n");
    const [mac, badKey] = await Promise.all([
      cli("decrypt", foreign),
      run(process.execPath, ["--import", "tsx", MAIN, "--dotenv", badKeyEnv, "decrypt", foreign]),
    ]);
    expect(mac).toMatchObject({ code: 1, stdout: "" });
    expect(mac.stderr).toMatch(/^DecryptError \(mac\): The MAC is invalid\. Hint: /);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain("APP_KEY must be 32 bytes for AES-256-CBC, got 3");
  });

  it("warns on a terminal, before any plaintext, that the output is decrypted data", async () => {
    const payload = Encrypter.fromAppKey(APP_KEY).encryptString(SECRET);
    const command = [
      process.execPath,
      "--import",
      "tsx",
      MAIN,
      "--dotenv",
      envFile,
      "decrypt",
      "--no-unserialize",
      payload,
    ];
    // script(1) gives the CLI a pseudo-terminal; stdout and stderr both arrive on it, in order.
    const tty = await run("script", ["-qec", command.map((a) => `'${a}'`).join(" "), "/dev/null"]);
    expect(tty.code).toBe(0);
    const warning = tty.stdout.indexOf("Warning: the output below is DECRYPTED data");
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(tty.stdout.indexOf(SECRET)).toBeGreaterThan(warning);
    const piped = await cli("decrypt", "--no-unserialize", payload);
    expect(piped).toEqual({ code: 0, stderr: "", stdout: SECRET });
  });
});

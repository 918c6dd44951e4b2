/**
 * The golden session.json and cookies.json flows recorded from real Laravel 8.83 and 12.67: the
 * bytes the bridge's Session writes for the same steps equal the bytes Laravel stored, and every
 * stored value decodes to Laravel's attributes (php, json, SESSION_ENCRYPT).
 */
import { describe, expect, it } from "vitest";
import { ArraySessionHandler } from "../../../../adapters/session/array-session-handler.js";
import {
  serializeStoredString,
  unserializeStoredString,
} from "../../../../adapters/session/cache-session-handler.js";
import { CookieCipher } from "../../../../adapters/session/cookie-cipher.js";
import { Session } from "../../../../adapters/session/session.js";
import { sessionSetCookie, xsrfSetCookie } from "../../../../adapters/session/session-cookie.js";
import { createSessionSerializer } from "../../../../adapters/session/session-serializer.js";
import { decryptCookie, Encrypter } from "../../../../src/codecs/encrypter/index.js";
import type { PhpArray } from "../../../../src/codecs/php/index.js";
import { GOLDEN_VERSIONS, type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type TypedValue, typedToPhp } from "../../../helpers/php-typed.js";

interface Stored {
  value: GoldenBytes;
  layer1: { result: GoldenBytes };
  layer2?: { result: GoldenBytes };
  attributes: TypedValue;
}
interface SetCookie {
  name: string;
  cookieValue: string;
  headerValue: string;
  setCookieHeader: string;
  decryptedPlaintext: string;
  maxAge: number;
}
interface Request {
  id: string;
  now: number;
  sessionId: string;
  setCookies: SetCookie[];
}
interface Flow {
  id: string;
  config?: Record<string, unknown>;
  requests: Request[];
  stored: Record<string, Stored>;
}
interface SessionGolden {
  config: { APP_KEY: string; APP_PREVIOUS_KEYS?: string; "app.cipher": string };
  sessionCookie: string;
  flows: Flow[];
}

const LOGIN = "login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d";

function attributesOf(stored: Stored): PhpArray {
  return typedToPhp(stored.attributes) as PhpArray;
}

/** A Session holding `stored` (as read from Redis) with the ArraySessionHandler. */
async function sessionFrom(
  stored: Stored | null,
  options: { json?: boolean; encrypter?: Encrypter } = {},
): Promise<{ session: Session; handler: ArraySessionHandler; id: string }> {
  const handler = new ArraySessionHandler();
  const id = "A".repeat(40);
  if (stored) await handler.write(id, unserializeStoredString(goldenBytes(stored.value)), 7200);
  const serializer = createSessionSerializer({
    serialization: options.json ? "json" : "php",
    encrypter: options.encrypter,
  });
  const session = new Session({ name: "s", handler, serializer, lifetimeMinutes: 120, id });
  await session.start();
  return { session, handler, id };
}

async function storedValue(handler: ArraySessionHandler, id: string): Promise<Buffer> {
  return serializeStoredString((await handler.read(id)) as Buffer);
}

describe.each(GOLDEN_VERSIONS)("golden sessions of %s", (version) => {
  const golden = loadGolden<SessionGolden>(version, "session");
  const encrypter = Encrypter.fromAppKey(
    golden.config.APP_KEY,
    golden.config["app.cipher"],
    golden.config.APP_PREVIOUS_KEYS ?? null,
  );
  const flow = (id: string): Flow => golden.flows.find((f) => f.id === id) as Flow;
  const route = version === "laravel-12";

  it("decodes every stored session to Laravel's attributes and re-encodes the same bytes", () => {
    for (const f of golden.flows) {
      const json = f.config?.["session.serialization"] === "json";
      const encrypted = f.config?.SESSION_ENCRYPT === true;
      const serializer = createSessionSerializer({
        serialization: json ? "json" : "php",
        encrypter: encrypted ? encrypter : undefined,
      });
      for (const stored of Object.values(f.stored)) {
        const payload = unserializeStoredString(goldenBytes(stored.value));
        expect(payload).toEqual(goldenBytes(stored.layer1.result));
        expect(serializer.unserialize(payload)).toEqual(attributesOf(stored));
        if (encrypted) {
          const plain = createSessionSerializer({ serialization: json ? "json" : "php" });
          const ours = serializer.serialize(attributesOf(stored));
          expect(encrypter.decryptBytes(ours.toString("latin1"))).toEqual(
            goldenBytes((stored.layer2 as { result: GoldenBytes }).result),
          );
          expect(plain.serialize(attributesOf(stored))).toEqual(
            unserializeStoredString(goldenBytes((stored.layer2 as { result: GoldenBytes }).result)),
          );
        } else {
          expect(serializeStoredString(serializer.serialize(attributesOf(stored)))).toEqual(
            goldenBytes(stored.value),
          );
        }
      }
    }
  });

  it("ages flash data exactly as Laravel over flash, next request, and the one after", async () => {
    const f = flow("flash");
    const before = flow("fresh-login-dashboard").stored.afterDashboard as Stored;
    const { session, handler, id } = await sessionFrom(before);
    session.flash("status_saqu", "Potrej créé!");
    await session.save();
    expect(await storedValue(handler, id)).toEqual(goldenBytes((f.stored.afterFlash as Stored).value));

    for (const [snapshot, next] of [
      ["afterFlash", "afterNextRequest"],
      ["afterNextRequest", "afterThirdRequest"],
    ] as const) {
      const step = await sessionFrom(f.stored[snapshot] as Stored);
      expect(step.session.get("status_saqu")).toBe(snapshot === "afterFlash" ? "Potrej créé!" : undefined);
      step.session.setPreviousUrl("http://localhost/vah/profile");
      if (route) step.session.setPreviousRoute("vah.profile");
      await step.session.save();
      expect(await storedValue(step.handler, step.id)).toEqual(goldenBytes((f.stored[next] as Stored).value));
    }
  });

  it("logs in like SessionGuard + regenerate(): new id, new token, old key gone, same bytes", async () => {
    const f = flow("fresh-login-dashboard");
    const { session, handler, id } = await sessionFrom(f.stored.afterFresh as Stored);
    const tokenBefore = session.token();
    session.login(68832);
    expect(session.id).not.toBe(id);
    expect(session.token()).not.toBe(tokenBefore);
    const goldenToken = (typedToPhp((f.stored.afterLogin as Stored).attributes) as PhpArray).entries[0]?.[1];
    session.put("_token", goldenToken);
    await session.save();
    expect(await handler.read(id)).toBeNull();
    expect(await storedValue(handler, session.id)).toEqual(
      goldenBytes((f.stored.afterLogin as Stored).value),
    );
    expect(session.userId()).toBe(68832);

    const dash = await sessionFrom(f.stored.afterLogin as Stored);
    dash.session.setPreviousUrl("http://localhost/vah/dashboard");
    if (route) dash.session.setPreviousRoute("vah.dashboard");
    const hash = (typedToPhp((f.stored.afterDashboard as Stored).attributes) as PhpArray).entries[4]?.[1];
    dash.session.put("password_hash_web", hash);
    await dash.session.save();
    expect(await storedValue(dash.handler, dash.id)).toEqual(
      goldenBytes((f.stored.afterDashboard as Stored).value),
    );
  });

  it("flashes old input and a ViewErrorBag, and keeps the object byte-identical when untouched", async () => {
    const f = flow("errors-old-input");
    const after = f.stored.afterPost as Stored;
    const attributes = attributesOf(after);
    const form = await sessionFrom(null);
    // The state after GET /register: token, previous url (+ route on 12), then the POST's flashes.
    form.session.put("_token", attributes.entries[0]?.[1]);
    form.session.put("_previous", attributes.entries[1]?.[1]);
    form.session.put("_flash", { old: [], new: [] });
    form.session.flash("_old_input", attributes.entries[3]?.[1]);
    form.session.flash("errors", attributes.entries[4]?.[1]);
    await form.session.save();
    expect(await storedValue(form.handler, form.id)).toEqual(goldenBytes(after.value));

    const untouched = await sessionFrom(after);
    expect(untouched.session.get("_old_input")).toEqual(
      expect.objectContaining({ name: expect.any(String), gotrai: expect.any(String) }),
    );
    untouched.session.reflash();
    await untouched.session.save();
    expect(await storedValue(untouched.handler, untouched.id)).toEqual(goldenBytes(after.value));
  });

  it("writes SESSION_ENCRYPT sessions Laravel decrypts to the same serialized attributes", async () => {
    const f = flow("encrypted");
    const stored = f.stored.afterRequest as Stored;
    const attributes = attributesOf(stored);
    const s = await sessionFrom(null, { encrypter });
    s.session.put("_token", attributes.entries[0]?.[1]);
    s.session.put("note", "zawi");
    s.session.put(LOGIN, 68832);
    s.session.setPreviousUrl("http://localhost/vah/home");
    if (route) s.session.setPreviousRoute("vah.home");
    await s.session.save();
    const payload = (await s.handler.read(s.id)) as Buffer;
    expect(payload.toString("latin1")).toMatch(/^eyJpdiI6/);
    expect(encrypter.decryptBytes(payload.toString("latin1"))).toEqual(
      goldenBytes((stored.layer2 as { result: GoldenBytes }).result),
    );
    const back = await sessionFrom(stored, { encrypter });
    expect(back.session.get("note")).toBe("zawi");
    expect(back.session.userId()).toBe(68832);
  });

  it("sets the session and XSRF-TOKEN cookies with Laravel's attributes and plaintexts", () => {
    for (const f of golden.flows) {
      for (const request of f.requests) {
        for (const cookie of request.setCookies) {
          if (cookie.name !== golden.sessionCookie && cookie.name !== "XSRF-TOKEN") continue;
          const plaintext = decryptCookie(cookie.name, cookie.cookieValue, encrypter);
          expect(`${cookie.decryptedPlaintext.slice(0, 41)}${plaintext}`).toBe(cookie.decryptedPlaintext);
          const settings = {
            path: "/",
            domain: null,
            secure: null,
            httpOnly: true,
            sameSite: "lax",
            partitioned: false,
            expireOnClose: false,
            lifetimeMinutes: 120,
          };
          const ours =
            cookie.name === "XSRF-TOKEN"
              ? xsrfSetCookie(plaintext as string, settings, new CookieCipher(encrypter), request.now * 1000)
              : sessionSetCookie(
                  cookie.name,
                  plaintext as string,
                  settings,
                  new CookieCipher(encrypter),
                  request.now * 1000,
                );
          const value = ours.slice(cookie.name.length + 1, ours.indexOf(";"));
          expect(decryptCookie(cookie.name, decodeURIComponent(value), encrypter)).toBe(plaintext);
          const normalised = ours
            .replace(value, cookie.headerValue)
            .replace(/expires=[^;]+/, "expires={now+7200 as HTTP date}");
          expect(normalised).toBe(cookie.setCookieHeader);
        }
      }
    }
  });
});

describe("golden json sessions of laravel-12", () => {
  const golden = loadGolden<SessionGolden>("laravel-12", "session");
  const f = golden.flows.find((x) => x.id === "json-serialization") as Flow;

  it("writes json_encode bytes for plain values, floats and unicode keys like Laravel", async () => {
    const before = f.stored.afterErrorPost as Stored;
    const s = await sessionFrom(before, { json: true });
    s.session.setPreviousUrl("http://localhost/vah/home");
    s.session.setPreviousRoute("vah.home");
    s.session.put(LOGIN, 68832);
    s.session.put("prefs_vist", { tz: "Africa/Accra", ratio: 0.7, tags: [], "é/lifoquu": "voumib/duvarai" });
    await s.session.save();
    expect(await storedValue(s.handler, s.id)).toEqual(
      goldenBytes((f.stored.afterLastRequest as Stored).value),
    );
  });
});

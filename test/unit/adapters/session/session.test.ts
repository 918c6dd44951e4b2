import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArraySessionHandler } from "../../../../adapters/session/array-session-handler.js";
import { Session } from "../../../../adapters/session/session.js";
import { loginSessionKey } from "../../../../adapters/session/session-auth.js";
import { cookieValue, parseCookieHeader } from "../../../../adapters/session/session-cookie.js";
import { generateSessionId, isValidSessionId } from "../../../../adapters/session/session-id.js";
import { createSessionSerializer } from "../../../../adapters/session/session-serializer.js";
import { PhpFloat, PhpObject, unserialize } from "../../../../src/codecs/php/index.js";
import { SessionEncodeError, SessionStateError } from "../../../../src/errors/session-errors.js";

async function started(handler = new ArraySessionHandler(), id?: string) {
  const session = new Session({
    name: "laravel_session",
    handler,
    serializer: createSessionSerializer(),
    lifetimeMinutes: 120,
    id,
  });
  await session.start();
  return { session, handler };
}

describe("the Laravel Store API on a session", () => {
  it("reads, writes and removes values with dot notation like Session\\Store", async () => {
    const { session } = await started();
    session.put("cart.items", [1, 2]);
    session.put({ "user.name": "Zoë", count: 1 });
    session.push("cart.items", 3);
    expect(session.get("cart")).toEqual({ items: [1, 2, 3] });
    expect(session.get("missing", "fallback")).toBe("fallback");
    expect(session.has("user.name", "count")).toBe(true);
    session.put("nothing", null);
    expect(session.has("nothing")).toBe(false);
    expect(session.exists("nothing")).toBe(true);
    expect(session.missing("nope")).toBe(true);
    expect(session.hasAny("nope", "count")).toBe(true);
    expect(session.pull("count")).toBe(1);
    expect(session.exists("count")).toBe(false);
    expect(session.increment("visits")).toBe(1);
    expect(session.increment("visits", 5)).toBe(6);
    expect(session.decrement("visits")).toBe(5);
    expect(session.remember("lazy", () => "computed")).toBe("computed");
    expect(session.remember("lazy", () => "again")).toBe("computed");
    expect(Object.keys(session.only(["cart", "user"]))).toEqual(["cart", "user"]);
    expect(session.except(["cart.items", "_token"]).cart).toEqual([]);
    expect(session.get("cart")).toEqual({ items: [1, 2, 3] });
    session.forget("cart.items", ["user"]);
    expect(session.get("cart")).toEqual([]);
    session.flush();
    expect(session.all()).toEqual({});
  });

  it("keeps big integers exact, floats as floats, and refuses what PHP cannot hold", async () => {
    const { session } = await started();
    session.put("amount", 9007199254740993n);
    session.put("ratio", 0.5);
    session.put("whole", new PhpFloat(2));
    expect(session.get("amount")).toBe(9007199254740993n);
    expect(session.getRaw("whole")).toEqual(new PhpFloat(2));
    expect(() => session.put("when", new Date())).toThrow(SessionEncodeError);
    expect(() => session.put("fn", () => 1)).toThrow(/function has no PHP equivalent/);
  });

  it("lets a value guard refuse what must not live in a session (the ledger's rule)", async () => {
    const session = new Session({
      name: "s",
      handler: new ArraySessionHandler(),
      serializer: createSessionSerializer(),
      lifetimeMinutes: 1,
      valueGuard: (key) => {
        if (/balance/.test(key)) throw new Error(`[${key}] is a financial record: keep it in the ledger`);
      },
    });
    await session.start();
    session.put("cart", 1);
    expect(() => session.put("wallet.balance", "10.00")).toThrow(/financial record/);
    expect(() => session.flash("balance", 1)).toThrow(/financial record/);
    expect(() => session.increment("balance")).toThrow(/financial record/);
    expect(session.exists("wallet.balance")).toBe(false);
  });

  it("treats __proto__ and constructor as ordinary keys", async () => {
    const { session, handler } = await started();
    session.put(JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as Record<string, unknown>);
    await session.save();
    const again = (await started(handler, session.id)).session;
    const all = again.all();
    expect(Object.getPrototypeOf(all)).toBeNull();
    expect(Object.keys(all)).toContain("__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps PHP objects as inert data and writes them back byte for byte", async () => {
    const handler = new ArraySessionHandler();
    const bytes = Buffer.from(
      'a:2:{s:6:"_token";s:40:"' +
        "t".repeat(40) +
        '";s:4:"user";O:8:"App\\User":1:{s:5:"\u0000*\u0000id";i:7;}}',
      "latin1",
    );
    const id = generateSessionId();
    await handler.write(id, bytes, 60);
    const { session } = await started(handler, id);
    const user = session.get("user") as PhpObject;
    expect(user).toBeInstanceOf(PhpObject);
    expect(user.className).toBe("App\\User");
    session.reflash();
    await session.save();
    const written = (await handler.read(id)) as Buffer;
    expect(written.toString("latin1")).toContain('O:8:"App\\User":1:{s:5:"\u0000*\u0000id";i:7;}');
    expect(unserialize(written)).toBeTruthy();
  });

  it("rotates the id and token on regenerate, deletes the old key on migrate(true) at save", async () => {
    const { session, handler } = await started();
    await session.save();
    const first = session.id;
    const token = session.token();
    session.regenerate();
    expect(session.id).not.toBe(first);
    expect(session.token()).not.toBe(token);
    await session.save();
    expect(await handler.read(first)).not.toBeNull();
    const second = session.id;
    session.invalidate();
    await session.save();
    expect(await handler.read(second)).toBeNull();
    expect(session.get("_token")).toBeUndefined();
  });

  it("logs in and out through SessionGuard's key, and refuses to before start()", async () => {
    const first = await started();
    await first.session.save();
    const anonymous = first.session.id;
    const { session, handler } = await started(first.handler, anonymous);
    session.login(42, { passwordHash: "$2y$hash" });
    expect(session.get(loginSessionKey("web"))).toBe(42);
    expect(session.get("password_hash_web")).toBe("$2y$hash");
    await session.save();
    expect(await handler.read(anonymous)).toBeNull();
    const next = (await started(handler, session.id)).session;
    expect(next.userId()).toBe(42);
    next.logout();
    expect(next.userId()).toBeUndefined();
    expect(next.id).not.toBe(session.id);
    const fresh = new Session({
      name: "s",
      handler,
      serializer: createSessionSerializer(),
      lifetimeMinutes: 1,
    });
    expect(() => fresh.login(1)).toThrow(SessionStateError);
  });

  it("flashes for the next request only, now() for this one, keep() and reflash() for one more", async () => {
    const { session, handler } = await started();
    session.flash("status", "Saved!");
    session.now("instant", "here");
    await session.save();
    const next = (await started(handler, session.id)).session;
    expect(next.get("status")).toBe("Saved!");
    expect(next.get("instant")).toBeUndefined();
    next.keep("status");
    await next.save();
    const third = (await started(handler, session.id)).session;
    expect(third.get("status")).toBe("Saved!");
    await third.save();
    expect((await started(handler, session.id)).session.get("status")).toBeUndefined();
  });
});

describe("session ids and cookies", () => {
  it("writes the session cookie's configured attributes: domain, secure, strict, partitioned, expire on close", async () => {
    const { Encrypter } = await import("../../../../src/codecs/encrypter/index.js");
    const { CookieCipher } = await import("../../../../adapters/session/cookie-cipher.js");
    const { sessionSetCookie, xsrfSetCookie } = await import(
      "../../../../adapters/session/session-cookie.js"
    );
    const cipher = new CookieCipher(
      Encrypter.fromAppKey(`base64:${Buffer.alloc(32, 1).toString("base64")}`, "AES-256-CBC"),
    );
    const settings = {
      path: "/app",
      domain: ".example.com",
      secure: true,
      httpOnly: true,
      sameSite: "Strict",
      partitioned: true,
      expireOnClose: true,
      lifetimeMinutes: 30,
    };
    const session = sessionSetCookie("s", "A".repeat(40), settings, cipher, Date.UTC(2026, 0, 1));
    expect(session).toMatch(
      /^s=eyJ[^;]+; path=\/app; domain=\.example\.com; secure; httponly; samesite=strict; partitioned$/,
    );
    const xsrf = xsrfSetCookie("T".repeat(40), settings, cipher, Date.UTC(2026, 0, 1));
    expect(xsrf).toMatch(
      /^XSRF-TOKEN=eyJ[^;]+; expires=Thu, 01-Jan-2026 00:30:00 GMT; Max-Age=1800; path=\/app; domain=\.example\.com; secure; samesite=strict; partitioned$/,
    );
  });

  it("accepts only 40 ASCII letters and digits as an id", () => {
    for (const bad of [
      "",
      "a".repeat(39),
      "a".repeat(41),
      `${"a".repeat(39)}*`,
      "../".repeat(14),
      `${"é".repeat(40)}`,
    ]) {
      expect(isValidSessionId(bad)).toBe(false);
    }
    fc.assert(fc.property(fc.constant(null), () => isValidSessionId(generateSessionId())));
  });

  it("parses a Cookie header as PHP fills $_COOKIE: first duplicate wins, values urldecoded later", () => {
    const cookies = parseCookieHeader(
      "a=1; laravel_session=first; laravel_session=second; my.name=x;  sp ace=y",
    );
    expect(cookies.get("laravel_session")).toBe("first");
    expect(cookies.get("my_name")).toBe("x");
    expect(cookies.get("sp_ace")).toBe("y");
  });

  it("finds one cookie exactly as the full parse does, for any header", () => {
    const part = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            "laravel_session",
            "XSRF-TOKEN",
            "a",
            "laravel.session",
            "laravel%5Fsession",
            "laravel+session",
            "laravel session",
            " laravel_session",
            "\tlaravel_session",
            "\u00a0laravel_session",
            "laravel_sessionx",
            "é",
            "",
          ),
          fc.string({ maxLength: 8 }).filter((s) => !s.includes(";")),
        )
        .map(([k, v]) => `${k}=${v}`),
      fc.constantFrom("noequals", "", " "),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.constantFrom(";", "; ", ";  "), (parts, separator) => {
        const header = parts.join(separator);
        expect(cookieValue(header, "laravel_session")).toBe(parseCookieHeader(header).get("laravel_session"));
      }),
      { numRuns: 500 },
    );
  });
});

describe("the previous URL", () => {
  it("is Laravel's fullUrl(): scheme, host and path without trailing slashes, then the sorted query", async () => {
    const { fullUrl } = await import("../../../../adapters/session/start-session.js");
    const request = (originalUrl: string, host = "shop.test") =>
      ({
        originalUrl,
        protocol: "https",
        get: (name: string) => (name === "host" ? host : undefined),
      }) as never;
    expect(fullUrl(request("/"))).toBe("https://shop.test");
    expect(fullUrl(request("/cart/items//"))).toBe("https://shop.test/cart/items");
    expect(fullUrl(request("/?b=2&a=1"))).toBe("https://shop.test/?a=1&b=2");
    expect(fullUrl(request("/search/?q=red shoes&page=2"))).toBe(
      "https://shop.test/search?page=2&q=red%20shoes",
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom("/", "a", "é", "%2F", "."), { maxLength: 8 }), (parts) => {
        const path = `/${parts.join("")}`;
        expect(fullUrl(request(path))).toBe(`https://shop.test${path}`.replace(/\/+$/, ""));
      }),
    );
  });
});

describe("PHP back-references in a session", () => {
  it("keeps r: pointing at the same object when a flash key shifts the numbering", async () => {
    const handler = new ArraySessionHandler();
    const id = generateSessionId();
    const stored =
      'a:4:{s:6:"_token";s:3:"tok";s:6:"_flash";a:2:{s:3:"old";a:0:{}s:3:"new";a:0:{}}' +
      's:1:"a";O:8:"stdClass":1:{s:1:"p";i:1;}s:1:"b";r:6;}';
    await handler.write(id, Buffer.from(stored), 60);
    const first = (await started(handler, id)).session;
    first.flash("k", "v");
    await first.save();
    const saved = ((await handler.read(id)) as Buffer).toString("latin1");
    // root 1, _token 2, _flash 3, old 4, "k" 5, new 6, a 7, a.p 8, b 9, k 10
    expect(saved).toContain('s:1:"b";r:7;');
    const next = (await started(handler, id)).session;
    next.forget("a");
    await next.save();
    const inlined = ((await handler.read(id)) as Buffer).toString("latin1");
    expect(inlined).toContain('s:1:"b";O:8:"stdClass":1:{s:1:"p";i:1;}');
    expect(inlined).not.toContain("r:");
  });
});

import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { clientIp } from "../../../../adapters/rate-limit/client-ip.js";
import { phpMicrotime } from "../../../../adapters/rate-limit/duration-limiter.js";
import { Limit } from "../../../../adapters/rate-limit/limit.js";
import { MemoryLimiterStore } from "../../../../adapters/rate-limit/memory-limiter-store.js";
import { RateLimiter } from "../../../../adapters/rate-limit/rate-limiter.js";
import { type ResolvedLimit, resolveLimits } from "../../../../adapters/rate-limit/throttle-limits.js";
import { MissingRateLimiterError } from "../../../../src/errors/rate-limit-errors.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../../helpers/golden.js";

interface KeysFile {
  throttleSignatures: Array<{
    ip: string;
    routeDomain: string | null;
    userId: string | null;
    signature: string;
    namedLimiterKey_api_by_ip: string;
  }>;
}

const request = (headers: Record<string, string> = {}): Request =>
  ({ get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

describe.each(GOLDEN_VERSIONS)("throttle keys against %s", (version) => {
  const cases = loadGolden<KeysFile>(version, "rate-limiter-keys").throttleSignatures;
  const limiter = new RateLimiter(new MemoryLimiterStore()).for("api", (req: Request) =>
    Limit.perMinute(60).by(req.get("x-ip") ?? ""),
  );

  it.each(cases)("signs $ip (domain $routeDomain, user $userId) like ThrottleRequests", async (c) => {
    const identity = {
      ip: () => c.ip,
      routeDomain: () => c.routeDomain ?? "",
      resolveUser: () => c.userId,
    };
    const [numeric] = (await resolveLimits(request(), { maxAttempts: 60 }, limiter, identity)) as [
      ResolvedLimit,
    ];
    expect(numeric.key).toBe(c.signature);
    const [named] = (await resolveLimits(request({ "x-ip": c.ip }), "api", limiter, identity)) as [
      ResolvedLimit,
    ];
    expect(named.key).toBe(c.namedLimiterKey_api_by_ip);
  });
});

describe("resolveLimits", () => {
  const limiter = new RateLimiter(new MemoryLimiterStore())
    .for("none", () => Limit.none())
    .for("pair", () => [Limit.perMinute(5).by("k"), Limit.perDay(100).by("k")]);
  const identity = { ip: () => "203.0.113.7", resolveUser: () => null };

  it("lets Limit.none() through without counting", async () => {
    expect(await resolveLimits(request(), "none", limiter, identity)).toBe("unlimited");
  });

  it("gives duplicate keys Laravel 11's fallback key, and raw keys without hashing", async () => {
    const limits = await resolveLimits(request(), "pair", limiter, { ...identity, hashKeys: false });
    expect(limits).toMatchObject([
      { key: "pair:k:attempts:5:decay:60" },
      { key: "pair:k:attempts:100:decay:86400" },
    ]);
  });

  it("picks the guest or user part of a 'guests|users' limit", async () => {
    const [guest] = (await resolveLimits(request(), { maxAttempts: "10|100" }, limiter, identity)) as [
      ResolvedLimit,
    ];
    const [user] = (await resolveLimits(request(), { maxAttempts: "10|100" }, limiter, {
      ...identity,
      resolveUser: () => 7,
    })) as [ResolvedLimit];
    expect([guest.maxAttempts, user.maxAttempts]).toEqual([10, 100]);
  });

  it("fails loudly for a limiter nobody defined", async () => {
    await expect(resolveLimits(request(), "missing", limiter, identity)).rejects.toBeInstanceOf(
      MissingRateLimiterError,
    );
  });
});

describe("clientIp and microtime", () => {
  it("sees an IPv4 client of a dual-stack server as PHP does", () => {
    expect(clientIp({ ip: "::ffff:203.0.113.7" })).toBe("203.0.113.7");
    expect(clientIp({ ip: "2001:db8::1" })).toBe("2001:db8::1");
    expect(clientIp({ socket: { remoteAddress: "10.0.0.1" } })).toBe("10.0.0.1");
  });

  it("prints microtime(true) like PHP's precision 14", () => {
    expect(phpMicrotime(1_795_393_620_377)).toBe("1795393620.377");
    expect(phpMicrotime(1_795_393_620_000)).toBe("1795393620");
  });
});

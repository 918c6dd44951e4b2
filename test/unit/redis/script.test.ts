import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineScript } from "../../../src/redis/script.js";

describe("defineScript", () => {
  const lua = "return redis.call('get', KEYS[1])";

  it("computes the SHA1 once, as SCRIPT LOAD reports it", () => {
    const script = defineScript<[key: string], [], string | null>({
      name: "test:get",
      numberOfKeys: 1,
      lua,
      origin: "bridge",
    });
    expect(script.sha1).toBe(createHash("sha1").update(lua).digest("hex"));
    expect(script.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.isFrozen(script)).toBe(true);
  });

  it("keeps the provenance of a script that reproduces Laravel's", () => {
    const script = defineScript<[string]>({
      name: "lock:release",
      numberOfKeys: 1,
      lua,
      origin: { laravel: "Illuminate\\Cache\\LuaScripts::releaseLock", versions: "8-13" },
    });
    expect(script.origin).toEqual({
      laravel: "Illuminate\\Cache\\LuaScripts::releaseLock",
      versions: "8-13",
    });
  });

  it("refuses a negative key count at definition time", () => {
    expect(() => defineScript<[]>({ name: "bad", numberOfKeys: -1 as 0, lua, origin: "bridge" })).toThrow(
      /Script \[bad\]: numberOfKeys must be a non-negative integer/,
    );
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// No Docker engine runs here, so the safety properties of the compose file are asserted on its text.
const root = join(import.meta.dirname, "..", "..", "..");
interface Service {
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
}
const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const redisConf = readFileSync(join(root, "redis.conf"), "utf8");
const directives = redisConf
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

describe("docker-compose.yml", () => {
  it("publishes no Redis or database port to the host", () => {
    expect(compose.services.redis?.ports).toBeUndefined();
    expect(compose.services.database?.ports).toBeUndefined();
  });

  it("binds the only published port (the example app) to loopback", () => {
    for (const port of compose.services.app?.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it("starts Redis with redis.conf and a password from an env placeholder, never a literal", () => {
    const command = compose.services.redis?.command ?? [];
    expect(command).toContain("/usr/local/etc/redis/redis.conf");
    const pass = command[command.indexOf("--requirepass") + 1];
    expect(pass).toMatch(/^\$\{REDIS_PASSWORD[:?}]/);
    expect(compose.services.redis?.volumes).toContain("./redis.conf:/usr/local/etc/redis/redis.conf:ro");
  });

  it("keeps every secret in the environment, not in the file", () => {
    for (const service of Object.values(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|KEY/.test(name)) expect(value).toMatch(/^\$\{[A-Z_]+:\?/);
      }
    }
  });
});

describe("redis.conf", () => {
  it("turns on AOF with fsync every second", () => {
    expect(directives).toContain("appendonly yes");
    expect(directives).toContain("appendfsync everysec");
  });

  it("keeps the RDB save points 900 1 / 300 10 / 60 10000", () => {
    expect(directives).toEqual(expect.arrayContaining(["save 900 1", "save 300 10", "save 60 10000"]));
  });

  it("never evicts keys (an evicted key is a lost job or lock)", () => {
    expect(directives).toContain("maxmemory-policy noeviction");
  });

  it("holds no password", () => {
    expect(directives.some((line) => line.startsWith("requirepass"))).toBe(false);
  });
});

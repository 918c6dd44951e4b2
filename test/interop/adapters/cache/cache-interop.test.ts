import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStore } from "../../../../adapters/cache/redis-store.js";
import { Repository } from "../../../../adapters/cache/repository.js";
import { TaggedCache } from "../../../../adapters/cache/tags/tagged-cache.js";
import { phpValues } from "../../../../adapters/cache/value-mapper.js";
import { type PhpValue, serialize } from "../../../../src/codecs/php/index.js";
import { ConnectionManager } from "../../../../src/redis/connection-manager.js";
import { type GoldenBytes, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { type TypedValue, typedToPhp } from "../../../helpers/php-typed.js";
import {
  type PrivateRedisServer,
  privateRedisConfig,
  startRedisServer,
} from "../../../helpers/redis-server.js";

interface SerializeCase {
  id: string;
  group: string;
  value: TypedValue;
  bytes: GoldenBytes;
}
const golden = loadGolden<{ classDefinitions: string[]; cases: SerializeCase[] }>("laravel-8", "serialize");
// Enum cases need enum classes PHP can autoload at unserialize time; everything else is covered.
const cases = golden.cases.filter((c) => c.group !== "enum");
const REDIS_PREFIX = "interop_database_";
const CACHE_PREFIX = "interop_cache";

let server: PrivateRedisServer;
let manager: ConnectionManager;
let cache: Repository;
let env: Record<string, string>;

const php = <T>(input: object): Promise<T> =>
  runPhp<T>("cache-interop", { classes: golden.classDefinitions, ...input }, env);

beforeAll(async () => {
  assertPhpLaravelInstalled();
  server = await startRedisServer();
  env = { REDIS_PORT: String(server.port), REDIS_PREFIX, CACHE_PREFIX };
  manager = new ConnectionManager(privateRedisConfig(server, REDIS_PREFIX));
  // Debian's Laravel is 8.83: the store prefix gets ':' and tags use reference sets.
  const store = new RedisStore(manager.connection("cache"), `${CACHE_PREFIX}:`, {
    laravelVersion: 8,
    connectionPrefix: REDIS_PREFIX,
  });
  cache = new Repository(store, { values: phpValues, taggedCache: (s, t, o) => new TaggedCache(s, t, o) });
});
afterAll(async () => {
  await manager.close();
  await server.stop();
});

describe("values shared with Laravel's Cache (PHP 8.2, Laravel 8.83)", () => {
  let baseline: Record<string, { export: string }>;

  beforeAll(async () => {
    const items = cases.map((c) => ({ key: `php:${c.id}`, b64: goldenBytes(c.bytes).toString("base64") }));
    await php({ mode: "put", items, seconds: 60 });
    // What Laravel itself reads back: the reference both directions are compared with.
    baseline = await php({ mode: "get", keys: items.map((i) => i.key) });
  });

  it("reads every value PHP's Cache::put wrote as Laravel's Cache::get reads it", async () => {
    const ours = await Promise.all(
      cases.map(async (c) => [c.id, (await cache.get(`php:${c.id}`)) as PhpValue] as const),
    );
    const exports = await php<Record<string, string>>({
      mode: "export",
      items: ours.map(([id, value]) => ({ key: id, b64: serialize(value).toString("base64") })),
    });
    for (const [id] of ours) expect(exports[id], id).toBe(baseline[`php:${id}`]?.export);
  });

  it("writes every value so that Laravel's Cache::get reads what its own Cache::put would give", async () => {
    for (const c of cases) expect(await cache.put(`node:${c.id}`, typedToPhp(c.value), 60), c.id).toBe(true);
    const fromNode = await php<Record<string, { export: string }>>({
      mode: "get",
      keys: cases.map((c) => `node:${c.id}`),
    });
    for (const c of cases)
      expect(fromNode[`node:${c.id}`]?.export, c.id).toBe(baseline[`php:${c.id}`]?.export);
  });
});

describe("tags and counters shared with Laravel", () => {
  it("flushes from Node the tagged values PHP wrote", async () => {
    await php({ mode: "tags-put", tags: ["people", "artists"], key: "john", value: "Doe" });
    expect(await cache.tags(["people", "artists"]).get("john")).toBe("Doe");
    await cache.tags(["people"]).flush();
    expect(await php({ mode: "tags-get", tags: ["people", "artists"], key: "john" })).toBeNull();
  });

  it("lets PHP flush the tagged values Node wrote", async () => {
    await cache.tags(["team", "staff"]).put("anna", "Lee", 60);
    expect(await php({ mode: "tags-get", tags: ["team", "staff"], key: "anna" })).toBe("Lee");
    await php({ mode: "tags-flush", tags: ["staff"] });
    expect(await cache.tags(["team", "staff"]).get("anna")).toBeNull();
  });

  it("sums increments from both sides", async () => {
    expect(await cache.increment("hits", 5)).toBe(5);
    expect(await php({ mode: "increment", key: "hits", by: 7 })).toBe(12);
    expect(await cache.increment("hits")).toBe(13);
    expect(await cache.get("hits")).toBe("13");
  });
});

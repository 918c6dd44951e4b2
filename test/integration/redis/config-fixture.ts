/**
 * Hand-built RedisConfig objects (the shape resolveConfig() produces) pointing at a private
 * redis-server, so the connection tests do not depend on the env parser.
 */
import type { RedisConfig, RedisConnectionConfig } from "../../../src/config/bridge-config.js";

export function connectionConfig(overrides: Partial<RedisConnectionConfig> = {}): RedisConnectionConfig {
  return {
    name: "default",
    host: "127.0.0.1",
    port: 6379,
    username: null,
    password: null,
    database: 0,
    tls: false,
    options: {},
    ...overrides,
  };
}

export function redisConfig(
  port: number,
  overrides: {
    default?: Partial<RedisConnectionConfig>;
    cache?: Partial<RedisConnectionConfig>;
    prefix?: string;
  } = {},
): RedisConfig {
  return {
    client: "phpredis",
    prefix: overrides.prefix ?? "laravel_database_",
    cluster: "redis",
    connections: {
      default: connectionConfig({ port, ...overrides.default }),
      cache: connectionConfig({ name: "cache", port, database: 1, ...overrides.cache }),
    },
  };
}

/**
 * `redis.ping`: every configured Redis connection (database.redis.*) connects with the configured
 * settings (TLS, ACL user, password, database) and answers PING; ≈ `Redis::connection($name)->ping()`.
 */
import type { CheckResult, DoctorCheck } from "../run-checks.js";
import { failure } from "../run-checks.js";

export const pingCheck: DoctorCheck = {
  id: "redis.ping",
  title: "Each Redis connection connects and answers PING",
  async run({ config, connections }) {
    return Promise.all(
      connections.names().map(async (name): Promise<CheckResult> => {
        const connection = config.redis.connections[name];
        const details = {
          host: connection?.host ?? null,
          port: connection?.port ?? null,
          database: connection?.database ?? null,
          tls: connection?.tls ?? false,
          username: connection?.username ?? null,
          prefix: connections.prefix(name),
        };
        try {
          const ms = await connections.ping(name);
          const latencyMs = Math.round(ms * 100) / 100;
          const where = `${details.host}:${details.port}, db ${details.database}${details.tls ? ", TLS" : ""}`;
          return {
            check: "redis.ping",
            target: name,
            status: "ok",
            summary: `PONG in ${latencyMs} ms (${where})`,
            details: { ...details, latencyMs },
          };
        } catch (error) {
          return failure("redis.ping", name, error, details);
        }
      }),
    );
  },
};

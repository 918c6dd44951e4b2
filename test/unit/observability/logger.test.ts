import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/observability/logger.js";

const CANARY = "canary-Pa55w0rd-7f3a";
const APP_KEY = `base64:${Buffer.alloc(32, 1).toString("base64")}`;

function capture(): { lines: string[]; destination: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe("createLogger", () => {
  it("writes no password, APP_KEY, cookie or session id, however they are passed", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "debug", destination, secrets: [CANARY, APP_KEY] });
    logger.info({ config: { password: CANARY, app: { key: APP_KEY } } }, "resolved config");
    logger.warn({ url: `redis://app:${CANARY}@redis:6379` }, `connecting with ${CANARY}`);
    logger.debug({ headers: { cookie: "laravel_session=eyJpdiI6" }, sessionId: "AbCdEf123" }, "request");
    logger.error({ err: new Error(`AUTH ${CANARY} failed`) }, "boom");
    logger.child({ password: CANARY }).info({}, "child");
    const output = lines.join("");
    expect(lines).toHaveLength(5);
    for (const secret of [CANARY, APP_KEY, "eyJpdiI6", "AbCdEf123"]) expect(output).not.toContain(secret);
    expect(output).toContain("[redacted]");
  });

  it("writes JSON lines with the level, the message and the fields that are not secret", () => {
    const { lines, destination } = capture();
    createLogger({ destination }).warn(
      { connection: "cache", kind: "refused" },
      "Redis connection [cache] failed",
    );
    const line = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 40,
      name: "laravel-redis-bridge",
      connection: "cache",
      kind: "refused",
      msg: "Redis connection [cache] failed",
    });
  });

  it("drops lines below the configured level", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "warn", destination });
    logger.info({}, "quiet");
    logger.warn({}, "loud");
    expect(lines).toHaveLength(1);
  });
});

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrivateRedisServer, startRedisServer } from "../../helpers/redis-server.js";
import { runProcess } from "../../helpers/run-process.js";

const CANARY = "canary-Debug-8e41f0aa";
const ROOT = join(import.meta.dirname, "..", "..", "..");
const SCRIPT = join(import.meta.dirname, "fixtures", "debug-canary.ts");

let server: PrivateRedisServer;

beforeAll(async () => {
  server = await startRedisServer({ args: { requirepass: CANARY } });
});
afterAll(async () => {
  await server.stop();
});

async function run(mode: "bridge" | "raw"): Promise<{ code: number | null; output: string; stderr: string }> {
  const { code, stdout, stderr } = await runProcess(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: ROOT,
    env: { DEBUG: "ioredis:*", MODE: mode, CANARY, REDIS_PORT: String(server.port) },
  });
  return { code, output: stdout + stderr, stderr };
}

describe("secrets with DEBUG=ioredis:*", () => {
  it("never print REDIS_PASSWORD: not in ioredis' debug log, our logs, errors or inspected objects", async () => {
    const { code, output, stderr } = await run("bridge");
    expect(code, output).toBe(0);
    expect(stderr).toMatch(/ioredis:redis write command\[[^\]]+\]: \d+ -> set\(/);
    expect(output).toContain("RedisConnectionError: Redis requires authentication");
    expect(output).toContain('"msg":"failed"');
    expect(output).not.toContain(CANARY);
  });

  it("would be caught: plain ioredis with `password` prints it in clear (the trap we avoid)", async () => {
    const { code, output } = await run("raw");
    expect(code, output).toBe(0);
    expect(output).toContain(CANARY);
  });
});

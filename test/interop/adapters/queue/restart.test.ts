/**
 * `queue:restart` across languages: Laravel's RestartCommand stops the Node worker, and the
 * bridge's restart stops Laravel's worker (both read `illuminate:queue:restart` in the cache store).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPhpLaravelInstalled, runPhp } from "../../../helpers/php.js";
import { waitFor } from "../../../integration/adapters/queue/queue-fixtures.js";
import { type InteropWorld, startWorld } from "./interop-fixtures.js";

let world: InteropWorld;
beforeAll(async () => {
  assertPhpLaravelInstalled();
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

const clientList = async (): Promise<string> => String(await world.raw.call("CLIENT", "LIST"));
const clientIds = async (): Promise<Set<string>> =>
  new Set([...(await clientList()).matchAll(/^id=(\d+) /gm)].map((m) => m[1] ?? ""));
/** Whether a client that was not connected before (`known`) has sent EVAL: only a new process's. */
const newClientSentEval = async (known: Set<string>): Promise<boolean> =>
  (await clientList())
    .split("\n")
    .some((line) => line.includes("cmd=eval ") && !known.has(/^id=(\d+) /.exec(line)?.[1] ?? ""));

describe("queue:restart between Laravel and Node", () => {
  it("stops the Node worker when Laravel's queue:restart runs", async () => {
    const worker = await world
      .manager()
      .worker({ sleep: 0.05, restartCheckIntervalMs: 20, maxClockSkewSeconds: null });
    const running = worker.run();
    await waitFor(async () => (await clientList()).includes("cmd=evalsha"));
    const restart = await runPhp<{ code: number; output: string }>(
      "queue-artisan",
      { command: "restart" },
      world.env,
    );
    expect(restart.output).toContain("Broadcasting queue restart signal.");
    expect(await running).toMatchObject({ reason: "restart", status: 0 });
  });

  it("stops Laravel's worker when the bridge's queue:restart runs", async () => {
    // The Node worker of the test above may have sent EVAL last (NOSCRIPT fallback), so only a client
    // that connects from now on can be Laravel's worker.
    const before = await clientIds();
    // maxTime bounds the PHP worker: without a restart it would stop there, and the test says so.
    const maxTime = 60;
    const php = runPhp<{ status: number; seconds: number }>(
      "queue-work",
      { options: { stopWhenEmpty: false, sleep: 0.05, maxTime } },
      world.env,
    );
    // Laravel's worker sends its scripts with plain EVAL; once it polls, it has read the baseline stamp.
    await waitFor(() => newClientSentEval(before), 60_000);
    // A stamp one second later than anything written so far (time() has one-second resolution).
    await world.manager({ now: () => Date.now() + 5_000 }).restart();
    const result = await php;
    expect(result.status).toBe(0);
    expect(result.seconds).toBeLessThan(maxTime);
  });
});

import { describe, expect, it } from "vitest";
import { retryPayload } from "../../../../adapters/queue/retry.js";
import { type GoldenVersion, loadGolden } from "../../../helpers/golden.js";

interface GoldenQueue {
  failedJobRows: Array<{ payload: string }>;
  retriedPayload: string;
  operations: Array<{ id: string; now: number }>;
}

describe.each<GoldenVersion>(["laravel-8", "laravel-12"])("queue:retry re-encoding (%s)", (golden) => {
  const file = loadGolden<GoldenQueue>(golden, "queue");
  const now = file.operations.find((op) => op.id === "queue-retry")?.now ?? 0;
  const retried = JSON.parse(file.retriedPayload) as { retryUntil: number };

  it("resets attempts and re-encodes with plain json_encode, byte for byte", () => {
    const failed = file.failedJobRows[0]?.payload ?? "";
    expect(retryPayload(failed, { now, retryUntil: () => retried.retryUntil })).toBe(file.retriedPayload);
  });
});

describe("queue:retry's retryUntil without PHP", () => {
  it("re-applies the job's createdAt → retryUntil window from now (what retryUntil() returned in 12.x)", () => {
    const file = loadGolden<GoldenQueue>("laravel-12", "queue");
    const now = file.operations.find((op) => op.id === "queue-retry")?.now ?? 0;
    expect(retryPayload(file.failedJobRows[0]?.payload ?? "", { now })).toBe(file.retriedPayload);
  });

  it("turns {} into [] and non-ASCII into \\u escapes like PHP's json_decode + json_encode", () => {
    expect(retryPayload('{"data":{"a":{},"t":"é/"},"attempts":3}', { now: 0 })).toBe(
      '{"data":{"a":[],"t":"\\u00e9\\/"},"attempts":0}',
    );
  });
});

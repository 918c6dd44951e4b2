import { describe, expect, it } from "vitest";
import {
  assertCjsonSafe,
  createStringPayload,
  newPayloadIds,
  randomId,
} from "../../../../adapters/queue/payload.js";
import { PhpFloat } from "../../../../src/codecs/php/values.js";
import { QUEUE_FORMATS } from "../../../../src/config/laravel-versions.js";
import { InvalidPayloadError } from "../../../../src/errors/queue-errors.js";
import { type GoldenVersion, loadGolden } from "../../../helpers/golden.js";

interface GoldenCommand {
  args: string[];
}
interface GoldenQueue {
  operations: Array<{ id: string; commands: GoldenCommand[] }>;
}

const cases: Array<[GoldenVersion, 8 | 12]> = [
  ["laravel-8", 8],
  ["laravel-12", 12],
];

describe.each(cases)("string job payloads (%s)", (golden, version) => {
  const queue = loadGolden<GoldenQueue>(golden, "queue");
  const push = queue.operations.find((op) => op.id === "push-string-job");
  const recorded = push?.commands[0]?.args.at(-1) as string;
  const parsed = JSON.parse(recorded) as { uuid: string; id: string; createdAt?: number };

  it("builds the exact bytes Laravel pushed, given the same uuid, id and clock", () => {
    const payload = createStringPayload(
      "App\\Jobs\\Belytr\\TroleHandler@handle",
      { order: 66953, sku: "PLEM-87", note: "ünïcode / slash", empty: [], obj: { k: null } },
      {
        format: QUEUE_FORMATS[version],
        now: parsed.createdAt ?? 0,
        ids: { uuid: parsed.uuid, id: parsed.id },
      },
    );
    expect(payload).toBe(recorded);
  });
});

describe("payload ids", () => {
  it("makes v4 uuids and 32-character alphanumeric ids like Str::uuid and Str::random", () => {
    const { uuid, id } = newPayloadIds();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(randomId(5)).toHaveLength(5);
  });

  it("puts the later() delay and createdAt in 12.x payloads only", () => {
    const ids = { uuid: "u", id: "i" };
    const p12 = createStringPayload("A@b", [], {
      format: QUEUE_FORMATS[12],
      now: 100,
      delaySeconds: 60,
      ids,
    });
    const p8 = createStringPayload("A@b", [], { format: QUEUE_FORMATS[8], now: 100, delaySeconds: 60, ids });
    expect(p12).toBe(
      '{"uuid":"u","displayName":"A","job":"A@b","maxTries":null,"maxExceptions":null,"failOnTimeout":false,"backoff":null,"timeout":null,"data":[],"createdAt":100,"id":"i","attempts":0,"delay":60}',
    );
    expect(p8).toBe(
      '{"uuid":"u","displayName":"A","job":"A@b","maxTries":null,"maxExceptions":null,"failOnTimeout":false,"backoff":null,"timeout":null,"data":[],"id":"i","attempts":0}',
    );
  });
});

describe("the cjson guard", () => {
  it("refuses integers cjson would turn into floats and accepts 14-digit ones", () => {
    expect(() => assertCjsonSafe({ amount: 123456789012345678n }, false)).toThrow(InvalidPayloadError);
    expect(() => assertCjsonSafe({ a: [9007199254740991] }, false)).toThrow(/more than 14 digits/);
    expect(() => assertCjsonSafe({ a: 99_999_999_999_999 }, false)).not.toThrow();
  });

  it("refuses floats beyond 14 significant digits and every float in a financial job", () => {
    expect(() => assertCjsonSafe({ ratio: 0.1 + 0.2 }, false)).toThrow(/14 significant digits/);
    expect(() => assertCjsonSafe({ ratio: 0.5 }, false)).not.toThrow();
    try {
      assertCjsonSafe({ lines: [{ amount: new PhpFloat(12.5) }] }, true);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPayloadError);
      expect((error as InvalidPayloadError).reason).toBe("financial-float");
      expect((error as InvalidPayloadError).path).toBe("data.lines[0].amount");
    }
    expect(() => assertCjsonSafe({ amount: "12.50", cents: 1250 }, true)).not.toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { createObjectPayload } from "../../../../adapters/queue/payload.js";
import {
  carbon,
  modelIdentifier,
  objectPayloadFields,
  type PhpJobProperty,
} from "../../../../adapters/queue/php-job.js";
import { Encrypter } from "../../../../src/codecs/encrypter/index.js";
import { serialize } from "../../../../src/codecs/php/serialize.js";
import { unserialize } from "../../../../src/codecs/php/unserialize.js";
import type { PhpObject } from "../../../../src/codecs/php/values.js";
import { QUEUE_FORMATS } from "../../../../src/config/laravel-versions.js";
import { type GoldenBytes, type GoldenVersion, goldenBytes, loadGolden } from "../../../helpers/golden.js";
import { type TypedValue, typedToPhp } from "../../../helpers/php-typed.js";

interface GoldenQueue {
  config: { APP_KEY: string };
  payloads: {
    objectJob: { json: string; commandTyped: TypedValue };
    encryptedJob: { json: string; decryptedCommand: GoldenBytes; decryptedCommandTyped: TypedValue };
  };
}

const versions: Array<[GoldenVersion, 8 | 12]> = [
  ["laravel-8", 8],
  ["laravel-12", 12],
];

describe.each(versions)("class job payloads (%s)", (golden, version) => {
  const file = loadGolden<GoldenQueue>(golden, "queue");
  const recorded = JSON.parse(file.payloads.objectJob.json) as {
    uuid: string;
    id: string;
    createdAt?: number;
    retryUntil: number;
  };

  it("builds Laravel's exact CallQueuedHandler payload for a job with protected/private props, a model and a Carbon", () => {
    const command = typedToPhp(file.payloads.objectJob.commandTyped) as PhpObject;
    const properties: PhpJobProperty[] = command.properties.map((p) => ({
      name: String(p.name),
      value: p.value,
      visibility: p.visibility,
      ...(p.declaringClass ? { declaringClass: p.declaringClass } : {}),
    }));
    const fields = objectPayloadFields({
      className: command.className,
      properties,
      tries: 8,
      timeout: 111,
      backoff: [16, 98],
      maxExceptions: 4,
      failOnTimeout: true,
      retryUntil: new Date(recorded.retryUntil * 1000),
    });
    const payload = createObjectPayload(fields, {
      format: QUEUE_FORMATS[version],
      now: recorded.createdAt ?? 0,
      ids: { uuid: recorded.uuid, id: recorded.id },
    });
    expect(payload).toBe(file.payloads.objectJob.json);
  });

  it("encrypts a ShouldBeEncrypted command the way PHP decrypts it: encrypt(serialize($job))", () => {
    const encrypter = Encrypter.fromAppKey(file.config.APP_KEY, "AES-256-CBC");
    const command = typedToPhp(file.payloads.encryptedJob.decryptedCommandTyped) as PhpObject;
    const fields = objectPayloadFields(
      {
        className: command.className,
        properties: command.properties.map((p) => ({ name: String(p.name), value: p.value })),
        shouldBeEncrypted: true,
      },
      encrypter,
    );
    const plaintext = encrypter.decryptBytes(fields.command);
    expect(plaintext.equals(goldenBytes(file.payloads.encryptedJob.decryptedCommand))).toBe(true);
  });
});

describe("PHP values for jobs", () => {
  it("writes Carbon dates and model identifiers as SerializesModels does", () => {
    const when = carbon(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    expect(serialize(when).toString()).toBe(
      'O:25:"Illuminate\\Support\\Carbon":3:{s:4:"date";s:26:"2024-01-02 03:04:05.000000";s:13:"timezone_type";i:3;s:8:"timezone";s:3:"UTC";}',
    );
    const model8 = modelIdentifier("User", 5, {
      withCollectionClass: QUEUE_FORMATS[8].modelIdentifierCollectionClass,
    });
    expect(serialize(model8).toString()).toBe(
      'O:45:"Illuminate\\Contracts\\Database\\ModelIdentifier":4:{s:5:"class";s:4:"User";s:2:"id";i:5;s:9:"relations";a:0:{}s:10:"connection";N;}',
    );
    const model12 = modelIdentifier("User", [9, 10], {
      withCollectionClass: QUEUE_FORMATS[12].modelIdentifierCollectionClass,
    });
    expect(unserialize(serialize(model12))).toEqual(model12);
    expect((model12 as PhpObject).properties).toHaveLength(5);
  });

  it("refuses a class name PHP could not have", () => {
    expect(() => objectPayloadFields({ className: "App\\Jobs\\Bad Name" })).toThrow(/not a PHP class name/);
  });
});

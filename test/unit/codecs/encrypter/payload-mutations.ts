/**
 * Test helper: fast-check arbitraries that damage Laravel encrypter payloads the ways a hostile or
 * broken client would, from single characters of the base64 text to the JSON fields and the
 * ciphertext under a recomputed MAC. Shared by the unit fuzz test and the PHP differential fuzz.
 */
import { createHmac } from "node:crypto";
import fc from "fast-check";

const JUNK_CHARS = 'AZaz09+/=%-_ \n\t!"{}[],:\\'.split("");
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom("", "0", "AAAAAAAAAAAAAAAAAAAAAA==", "AAAAAAAAAAAAAAAA", "ZGVtbw=="),
  fc.string({ maxLength: 30 }),
  fc.uint8Array({ minLength: 10, maxLength: 20 }).map((b) => Buffer.from(b).toString("base64")),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

type Fields = Record<string, unknown>;
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const fieldsOf = (payload: string): Fields => JSON.parse(Buffer.from(payload, "base64").toString("utf8"));

/** Edits of the base64 text itself: replace, insert or delete characters. */
function textMutation(payload: string): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat({ max: payload.length }),
    fc.constantFrom(...JUNK_CHARS),
    fc.constantFrom("set", "ins", "del"),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let text = payload;
    for (const [at, c, op] of edits) {
      const i = at % (text.length + 1);
      text =
        op === "ins"
          ? text.slice(0, i) + c + text.slice(i)
          : text.slice(0, i) + (op === "set" ? c : "") + text.slice(i + 1);
    }
    return text;
  });
}

/** Edits of the JSON fields: delete one, replace it with any JSON value, or flip one character. */
function fieldMutation(payload: string): fc.Arbitrary<string> {
  const field = fc.constantFrom("iv", "value", "mac", "tag", "extra");
  const edit = fc.tuple(field, fc.constantFrom("delete", "set", "flip"), jsonValue, fc.nat());
  return fc
    .tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([edits, escapeSlashes]) => {
      const fields = fieldsOf(payload);
      for (const [name, op, value, at] of edits) {
        if (op === "delete") delete fields[name];
        else if (op === "set") fields[name] = value;
        else if (typeof fields[name] === "string" && (fields[name] as string).length > 0) {
          const text = fields[name] as string;
          const i = at % text.length;
          fields[name] = text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
        }
      }
      const json = JSON.stringify(fields);
      return b64(escapeSlashes ? json.replaceAll("/", "\\/") : json);
    });
}

/** CBC only: a changed ciphertext under a MAC recomputed with the right key (padding errors). */
function macForgery(payload: string, key: Buffer): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
    const fields = fieldsOf(payload);
    const ciphertext = Buffer.from(String(fields.value), "base64");
    const i = at % Math.max(1, ciphertext.length);
    if (ciphertext.length > 0) ciphertext[i] = (ciphertext[i] as number) ^ xor;
    fields.value = ciphertext.toString("base64");
    fields.mac = createHmac("sha256", key).update(`${fields.iv}${fields.value}`).digest("hex");
    return b64(JSON.stringify(fields));
  });
}

/** Anything at all: random text, or base64 of random JSON. */
const garbage: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json().map(b64),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("base64")),
);

/** A damaged version of one of `payloads` (made with `key`), or unrelated garbage. */
export function mutatedPayload(payloads: readonly string[], key: Buffer, cbc: boolean): fc.Arbitrary<string> {
  return fc
    .constantFrom(...payloads)
    .chain((payload) =>
      fc.oneof(
        { arbitrary: textMutation(payload), weight: 3 },
        { arbitrary: fieldMutation(payload), weight: 4 },
        { arbitrary: cbc ? macForgery(payload, key) : fieldMutation(payload), weight: 2 },
        { arbitrary: garbage, weight: 1 },
        { arbitrary: fc.constant(payload), weight: 1 },
      ),
    );
}

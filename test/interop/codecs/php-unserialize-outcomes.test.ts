import { beforeAll, describe, expect, it } from "vitest";
import {
  PhpArray,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  PhpReference,
  PhpUnserializeError,
  type PhpValue,
  serialize,
  unserialize,
} from "../../../src/codecs/php/index.js";
import { assertPhpLaravelInstalled, runPhp } from "../../helpers/php.js";

/**
 * Edge inputs beyond the golden file (reliability-catalogue §8.1), each run through real PHP 8.2
 * (php-reserialize.php) and through us. "same": PHP refuses → we throw; PHP accepts → we accept
 * and write the bytes PHP writes for it. Deviations are deliberate and say why.
 */
const SAME = [
  "i:+44;",
  "i:-0;",
  "i:007;",
  "d:5.;",
  "d:1e400;",
  "d:+1.5;",
  "d:-NAN;",
  "d:+INF;",
  "d:1E5;",
  's:01:"x";',
  's:+1:"x";',
  "a:01:{i:0;i:1;}",
  'O:3:"a b":0:{}',
  'O:3:"a-b":0:{}',
  'O:4:"\\Foo":0:{}',
  'O:4:"Foo\\":0:{}',
  'O:8:"Foo\\\\Bar":0:{}',
  'O:0:"":0:{}',
  'O:3:"a:b":0:{}',
  'O:2:"\xc3\xa9":0:{}',
  'a:1:{s:20:"-9223372036854775808";i:1;}',
  'a:1:{s:19:"9223372036854775808";i:1;}',
  'a:1:{s:2:"-0";i:1;}',
  'a:1:{S:1:"\\41";i:1;}',
  'S:2:"\\4";',
  'S:1:"\\zz";',
  "a:2:{i:0;i:5;i:1;r:2;}",
  "a:2:{i:0;i:5;i:1;R:2;}",
  "a:1:{i:0;a:1:{i:0;r:2;}}",
  "r:0;",
  "a:3:{i:0;i:1;i:1;R:2;i:2;R:3;}",
  'a:2:{i:0;O:8:"stdClass":0:{}i:1;R:2;}',
  'O:8:"stdClass":1:{s:1:"a";O:8:"stdClass":1:{s:1:"b";R:2;}}',
  'E:11:"Suit:Hearts";',
  'a:2:{i:0;E:11:"Suit:Hearts";i:1;r:2;}',
  // r:/R: to a Serializable (C:) value: PHP numbers and writes them like any object.
  'a:2:{i:0;C:10:"App\\Legacy":3:{abc}i:1;r:2;}',
  'a:2:{i:0;C:10:"App\\Legacy":3:{abc}i:1;R:2;}',
  'a:3:{i:0;C:10:"App\\Legacy":0:{}i:1;r:2;i:2;O:8:"stdClass":0:{}}',
  // Values of a nested serialize() in a C: payload are numbered with the outer ones (r:6 here;
  // r:3, the numbering that skips them, is refused by PHP and by us).
  'a:3:{i:0;C:10:"App\\Nested":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:"stdClass":0:{}i:2;r:6;}',
  'a:3:{i:0;C:10:"App\\Nested":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:"stdClass":0:{}i:2;r:3;}',
  'a:2:{i:0;C:10:"App\\Nested":29:{a:1:{i:0;O:8:"stdClass":0:{}}}i:1;r:4;}',
  'E:6:"Suit:1";',
  'E:12:"Suit::Hearts";',
  'E:5:"Suit:";',
  " N;",
  "\xef\xbb\xbfN;",
  "b:1",
  'O:8:"stdClass":1:{s:3:"\0\0x";i:1;}',
  'O:8:"stdClass":1:{s:3:"\0*\0";i:1;}',
  'O:8:"stdClass":-1:{}',
  'O:8:"stdClass"::{}',
  'O:8:"stdClass":-0:{}',
  'O:8:"stdClass":+1:{s:1:"a";i:1;}',
  'O:8:"stdClass": 1:{s:1:"a";i:1;}',
  'O:8:"stdClass":99999999999999999999:{}',
  'C:3:"Foo":-1:{}',
  'O:8:"stdClass":1:{N;i:1;}',
  "a:1:{b:1;i:1;}",
  `${"a:1:{i:0;".repeat(5000)}N;${"}".repeat(5000)}`,
];

const DEVIATIONS: Array<{ input: string; ours: PhpValue | "throws"; why: string }> = [
  {
    input: 'a:2:{s:1:"k";i:1;s:1:"k";i:2;}',
    ours: "throws",
    why: "duplicate key: PHP keeps the last silently",
  },
  { input: 'a:2:{i:7;i:1;s:1:"7";i:2;}', ours: "throws", why: "duplicate key after PHP's '7' → 7 rule" },
  { input: 'O:8:"stdClass":2:{s:1:"a";i:1;s:1:"a";i:2;}', ours: "throws", why: "duplicate property" },
  { input: "b:1;x", ours: "throws", why: "trailing bytes (PHP 8.2 ignores, 8.3 warns)" },
  { input: "N;;", ours: "throws", why: "trailing bytes" },
  { input: 'O:8:"stdClass":0:{};', ours: "throws", why: "trailing bytes" },
  { input: "i:9223372036854775808;", ours: "throws", why: "PHP clamps to PHP_INT_MAX with a warning" },
  {
    input: 'O:1:"\x80":0:{}',
    ours: "throws",
    why: "a class name that is not UTF-8 has no place in our model",
  },
  {
    input: 'C:3:"Foo":3:{abc}',
    ours: new PhpCustom("Foo", Buffer.from("abc")),
    why: "PHP, lacking class Foo, drops the payload; we keep it",
  },
  {
    input: "a:1:{i:0;R:1;}",
    ours: new PhpArray([[0n, new PhpReference(1)]]),
    why: "an R: to the array being read: PHP gives null there (so does toPlain); we keep the reference",
  },
  {
    input: 'O:8:"stdClass":1:{s:1:"a";R:1;}',
    ours: new PhpObject("stdClass", [{ name: "a", visibility: "public", value: new PhpReference(1) }]),
    why: "PHP re-writes this R: to an object as r:, the same object; we keep what was written",
  },
  {
    // Found by the property test (seed 4 of the old generator): an r: to an r: entry.
    input:
      'a:4:{i:0;d:-1.8423316520805531E-212;s:4:"!\'0H";a:1:{i:-5731715339828368066;O:8:"Foo_Bar9":0:{}}s:0:"";r:4;i:4;r:5;}',
    ours: new PhpArray([
      [0n, new PhpFloat(-1.8423316520805531e-212)],
      ["!'0H", new PhpArray([[-5731715339828368066n, new PhpObject("Foo_Bar9")]])],
      ["", new PhpObjectRef(4)],
      [4n, new PhpObjectRef(5)],
    ]),
    why: "an r: to an r: entry: PHP writes r: to the object's first number (r:4); we keep what was written",
  },
  {
    input: 'a:3:{i:0;E:11:"Suit:Hearts";i:1;r:2;i:2;r:3;}',
    ours: new PhpArray([
      [0n, new PhpEnum("Suit", "Hearts")],
      [1n, new PhpObjectRef(2)],
      [2n, new PhpObjectRef(3)],
    ]),
    why: "an r: to a repeated enum case (itself an r:): PHP writes r:2; we keep what was written",
  },
  {
    input: 'O:3:"Foo":1:{i:2;s:1:"g";}',
    ours: new PhpObject("Foo", [{ name: 2n, visibility: "public", value: "g" }]),
    why: "an int property name stays an int; PHP's incomplete class turns it into '2'",
  },
  {
    input: 'O:22:"__PHP_Incomplete_Class":1:{s:27:"__PHP_Incomplete_Class_Name";s:3:"Foo";}',
    ours: new PhpObject("__PHP_Incomplete_Class", [
      { name: "__PHP_Incomplete_Class_Name", visibility: "public", value: "Foo" },
    ]),
    why: "kept literally; PHP reads it as an incomplete Foo without properties",
  },
  {
    input: 'E:7:"Foo:Bar";',
    ours: new PhpEnum("Foo", "Bar"),
    why: "we load no classes, so an enum we cannot check is kept as data (PHP: class not found)",
  },
  {
    input: 'O:10:"App\\Status":0:{}',
    ours: new PhpObject("App\\Status"),
    why: "we cannot know App\\Status is an enum (PHP throws); nothing is instantiated",
  },
];

interface Reserialized {
  bytes: string | null;
  errors: string[];
}

let php: Map<string, Reserialized>;

beforeAll(async () => {
  assertPhpLaravelInstalled();
  const inputs = [...SAME, ...DEVIATIONS.map((d) => d.input)];
  const answers = await runPhp<Reserialized[]>("php-reserialize", {
    payloads: inputs.map((i) => Buffer.from(i, "latin1").toString("base64")),
  });
  php = new Map(inputs.map((input, i) => [input, answers[i] as Reserialized]));
});

const shown = (input: string) => JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input);

describe("unserialize outcomes on edge inputs, compared with real PHP 8.2", () => {
  it.each(SAME.map((input) => [shown(input), input]))("%s: same outcome as PHP", (_shown, input) => {
    const answer = php.get(input) as Reserialized;
    const bytes = Buffer.from(input, "latin1");
    if (answer.bytes === null) {
      expect(() => unserialize(bytes, { maxDepth: 4096 })).toThrow(PhpUnserializeError);
    } else {
      const ours = serialize(unserialize(bytes, { maxDepth: 4096 }));
      expect(ours.toString("latin1")).toBe(Buffer.from(answer.bytes, "base64").toString("latin1"));
    }
  });

  it.each(DEVIATIONS.map((d) => [shown(d.input), d.why, d]))(
    "%s: deliberate deviation (%s)",
    (_shown, _why, d) => {
      const answer = php.get(d.input) as Reserialized;
      const bytes = Buffer.from(d.input, "latin1");
      // The deviation is real: PHP's outcome differs from ours.
      if (d.ours === "throws") {
        expect(answer.bytes).not.toBeNull();
        expect(() => unserialize(bytes)).toThrow(PhpUnserializeError);
      } else {
        const ours = unserialize(bytes);
        expect(ours).toStrictEqual(d.ours);
        expect(
          answer.bytes === null ||
            Buffer.from(answer.bytes, "base64").toString("latin1") !== serialize(ours).toString("latin1"),
        ).toBe(true);
      }
    },
  );
});

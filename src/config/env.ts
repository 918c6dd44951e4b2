/**
 * Laravel's `env()` casts (`Illuminate\Support\Env::get`, identical in 8.x–13.x; laravel-formats.md
 * §1.1) and the PHP conversions config files apply to the result.
 */

/** What `env()` can return: the raw string, a bool for `true`/`false`, null for `null`. */
export type EnvValue = string | boolean | null;

/** `(…)`-wrapped or bare, case-insensitive, exactly as Env::get's switch. */
const CASTS: ReadonlyMap<string, EnvValue> = new Map<string, EnvValue>([
  ["true", true],
  ["(true)", true],
  ["false", false],
  ["(false)", false],
  ["empty", ""],
  ["(empty)", ""],
  ["null", null],
  ["(null)", null],
]);

/**
 * Quote stripping: one matching pair around the whole value. `.` does not cross a newline in PCRE,
 * so a multi-line quoted value keeps its quotes (golden env-048).
 */
const QUOTED = /^(['"])([^\n]*)\1$/;

/**
 * Mirrors `env($key, $default)`: an absent variable (undefined) gives the default; a present one is
 * cast: `true`/`(true)` → true, `false`/`(false)` → false, `empty`/`(empty)` → "", `null`/`(null)` →
 * null (the default is NOT used), a value wrapped in one pair of matching quotes loses them, anything
 * else (including "") is returned as is.
 */
export function envValue<D extends EnvValue | undefined = undefined>(
  raw: string | undefined,
  defaultValue?: D,
): EnvValue | D {
  if (raw === undefined) return defaultValue as D;
  const cast = CASTS.get(raw.toLowerCase());
  if (cast !== undefined) return cast;
  // PHP's `\z` anchors at the very end; `$` without the m flag does too in JS.
  const quoted = QUOTED.exec(raw);
  return quoted ? (quoted[2] ?? "") : raw;
}

/** PHP `(string) $value` for an env() result: null → "", true → "1", false → "". */
export function phpString(value: EnvValue): string {
  if (value === null || value === false) return "";
  if (value === true) return "1";
  return value;
}

/** PHP truthiness of an env() result: "", "0", false and null are false; everything else is true. */
export function phpTruthy(value: EnvValue): boolean {
  if (typeof value === "boolean") return value;
  return value !== null && value !== "" && value !== "0";
}

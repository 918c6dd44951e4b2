/**
 * How a Repository turns application values into PHP values and back. `plain` (the default) lets
 * Node code put and get ordinary JS values (objects become PHP arrays with string keys, as
 * `json_decode($x, true)` would give Laravel); `php` hands out the lossless PHP value model
 * (PhpArray, PhpObject, bigint ints...) for code that must see exactly what PHP stored.
 */
import { fromPlain, toPlain } from "../../src/codecs/php/index.js";
import type { PhpValue } from "../../src/codecs/php/values.js";

export interface ValueMapper {
  /** An application value → the PHP value to store. */
  toPhp(value: unknown): PhpValue;
  /** A stored PHP value → what the application gets back. */
  fromPhp(value: PhpValue): unknown;
}

export const plainValues: ValueMapper = Object.freeze({
  toPhp: (value: unknown) => fromPlain(value),
  fromPhp: (value: PhpValue) => toPlain(value),
});

export const phpValues: ValueMapper = Object.freeze({
  toPhp: (value: unknown) => value as PhpValue,
  fromPhp: (value: PhpValue) => value,
});

/**
 * How a Repository turns application values into PHP values and back. `plain` (the default) lets
 * Node code put and get ordinary JS values (objects become PHP arrays with string keys, as
 * `json_decode($x, true)` would give Laravel; the rules are fromPlain()/toPlain()'s); `php` hands
 * out the lossless PHP value model (PhpArray, PhpObject, bigint ints...) for code that must see
 * exactly what PHP stored.
 *
 * Hot path: scalars skip the converters (same results, no converter object per call), a Redis hit
 * is decoded by `fromBytes` in one pass (unserializePlain) instead of unserialize() + toPlain(), and
 * a put is encoded by `toBytes` in one pass (serializePlain) instead of fromPlain() + serialize().
 */
import { toPlain, type UnserializeOptions } from "../../src/codecs/php/index.js";
import type { PhpValue } from "../../src/codecs/php/values.js";
import type { CacheValueReader, CacheValueWriter } from "../../src/contracts/cache.js";
import {
  decodeCachePlain,
  decodeCacheValue,
  encodeCachePlain,
  encodeCacheValue,
  plainToPhp,
} from "./value-codec.js";

export interface ValueMapper extends CacheValueReader, CacheValueWriter {
  /** An application value → the PHP value to store. */
  toPhp(value: unknown): PhpValue;
  /** An application value → RedisStore's bytes (= encodeCacheValue(toPhp(value))). */
  toBytes(value: unknown): string | Buffer;
  /** A stored PHP value → what the application gets back. */
  fromPhp(value: PhpValue): unknown;
  /** Stored RedisStore bytes → what the application gets back (= fromPhp(decodeCacheValue(...))). */
  fromBytes(key: string, bytes: Buffer, options?: UnserializeOptions): unknown;
}

export const plainValues: ValueMapper = Object.freeze({
  toPhp: plainToPhp,
  toBytes: encodeCachePlain,
  fromPhp(value: PhpValue): unknown {
    // toPlain()'s rules; scalars skip its converter.
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    return toPlain(value);
  },
  fromBytes: decodeCachePlain,
});

export const phpValues: ValueMapper = Object.freeze({
  toPhp: (value: unknown) => value as PhpValue,
  toBytes: (value: unknown) => encodeCacheValue(value as PhpValue),
  fromPhp: (value: PhpValue) => value,
  fromBytes: decodeCacheValue,
});

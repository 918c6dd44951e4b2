/**
 * The bytes of a cache value, exactly as Illuminate\Cache\RedisStore writes and reads them
 * (laravel-formats.md §2.1): a value PHP's `is_numeric()` accepts (and that is finite) is stored
 * raw — ints as digits, floats as `(string)$float` with precision 14 — everything else is
 * `serialize()`d. Reading applies the same test: numeric bytes come back as the same string
 * (Laravel's `Cache::get('int')` returns "42"), anything else is unserialized.
 *
 * Values written with phpredis' `serializer`/`compression` options cannot be read here; they fail
 * loudly with CacheFormatError naming the Laravel setting, never as garbage.
 */
import {
  fromPlain,
  isNumeric,
  type PlainValue,
  phpFloatToString,
  serialize,
  type UnserializeOptions,
  unserialize,
} from "../../src/codecs/php/index.js";
import { serializePlain } from "../../src/codecs/php/serialize-plain.js";
import { unserializePlain } from "../../src/codecs/php/unserialize-plain.js";
import { PhpFloat, type PhpValue } from "../../src/codecs/php/values.js";
import { CacheFormatError, type CacheValueFormat } from "../../src/errors/cache-errors.js";

/**
 * A plain JS value as the PHP value to store (fromPlain()'s rules), with scalars converted inline:
 * no converter object per call on the hot path.
 */
export function plainToPhp(value: unknown): PhpValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isSafeInteger(value) ? BigInt(value) : new PhpFloat(value);
    default:
      return value === null ? null : fromPlain(value);
  }
}

/**
 * `encodeCacheValue(plainToPhp(value))` in one step: arrays and plain objects are serialized
 * straight from the JS value (serializePlain skips the PHP value model; same bytes, same errors),
 * everything else keeps RedisStore's numeric-or-serialize rule.
 */
export function encodeCachePlain(value: unknown): string | Buffer {
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value) || proto === Object.prototype || proto === null) return serializePlain(value);
  }
  return encodeCacheValue(plainToPhp(value));
}

/** `RedisStore::serialize($value)`: the bytes to send to Redis. */
export function encodeCacheValue(value: PhpValue): string | Buffer {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof PhpFloat) {
    return Number.isFinite(value.value) ? phpFloatToString(value.value) : serialize(value);
  }
  if (typeof value === "string") {
    if (mayBeNumeric(value.charCodeAt(0)) && isRawNumeric(value)) return value;
    // serialize()'s bytes as a JS string (sent as UTF-8): no Buffer to allocate. A lone surrogate
    // has no UTF-8 form, so such strings take the codec's path (and its rules).
    return isWellFormed(value) ? `s:${Buffer.byteLength(value, "utf8")}:"${value}";` : serialize(value);
  }
  if (value instanceof Uint8Array && isRawNumeric(value)) return Buffer.from(value);
  return serialize(value);
}

/** A numeric string starts with whitespace, a sign, a digit or '.'; never with a letter. */
function mayBeNumeric(first: number): boolean {
  return !((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a);
}

const isWellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * A numeric string is stored raw only when it is also finite as a PHP float: `"1e999"` is numeric
 * but INF, so RedisStore serializes it (8.x: `! in_array($v, [INF, -INF])`, 11+: `is_finite`).
 */
function isRawNumeric(value: string | Uint8Array): boolean {
  if (!isNumeric(value)) return false;
  const text = typeof value === "string" ? value : Buffer.from(value).toString("latin1");
  return Number.isFinite(Number(text));
}

/**
 * `RedisStore::unserialize($value)`: a numeric string as it is (ASCII, so returned as a JS string),
 * else `unserialize()`. `key` only names the value in errors.
 */
export function decodeCacheValue(key: string, bytes: Buffer, options?: UnserializeOptions): PhpValue {
  if (isNumeric(bytes)) return bytes.toString("latin1");
  if (!looksPhpSerialized(bytes)) throw new CacheFormatError(key, sniffFormat(bytes));
  return unserialize(bytes, options);
}

/**
 * `toPlain(decodeCacheValue(key, bytes))` in one pass: the Repository's `plain` values straight from
 * the stored bytes (unserializePlain skips the PHP value model; same results, same errors).
 */
export function decodeCachePlain(key: string, bytes: Buffer, options?: UnserializeOptions): PlainValue {
  // serialize() output starts with a letter, which no numeric string does: skip the numeric scan.
  if (mayBeNumeric(bytes[0] ?? 0) && isNumeric(bytes)) return bytes.toString("latin1");
  if (!looksPhpSerialized(bytes)) throw new CacheFormatError(key, sniffFormat(bytes));
  return unserializePlain(bytes, options);
}

// The first byte of every serialize() output, followed by ':' (N and b..E) or ';' (N;).
const PHP_TYPES = new Set([0x4e, 0x62, 0x69, 0x64, 0x73, 0x53, 0x61, 0x4f, 0x43, 0x45]); // N b i d s S a O C E

function looksPhpSerialized(bytes: Buffer): boolean {
  const type = bytes[0];
  const next = bytes[1];
  if (type === undefined || !PHP_TYPES.has(type)) return false;
  return type === 0x4e ? next === 0x3b : next === 0x3a;
}

/** Best guess at what wrote the bytes, for the error message (laravel-formats.md §2.4). */
export function sniffFormat(bytes: Buffer): CacheValueFormat {
  if (
    bytes.length >= 4 &&
    bytes[0] === 0 &&
    bytes[1] === 0 &&
    bytes[2] === 0 &&
    (bytes[3] === 1 || bytes[3] === 2)
  ) {
    return "igbinary";
  }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x28b52ffd) return "zstd";
  const first = bytes[0] ?? 0;
  if (first === 0x7b || first === 0x5b || first === 0x22) return "json"; // { [ "
  // phpredis' LZ4 frame: a checksum byte, then the uncompressed length (little-endian uint32).
  if (bytes.length >= 6) {
    const length = bytes.readUInt32LE(1);
    if (length > 0 && length < 1 << 28 && length >= bytes.length - 5) return "lz4";
  }
  if (first < 0x20) return "lzf";
  if (first >= 0x80 && first <= 0x9f) return "msgpack"; // fixmap / fixarray
  return "unknown";
}

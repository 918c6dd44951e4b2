/**
 * `laravel-redis-bridge/php`: PHP serialize()/unserialize() byte for byte, the value model, plain-JS
 * conversions and PHP's numeric helpers. Pure: no I/O, no Redis, no config.
 */
export { PhpConversionError, PhpSerializeError, PhpUnserializeError } from "../../errors/codec-errors.js";
export { isCanonicalIntKey, phpArrayKey } from "./array-key.js";
export { type FromPlainOptions, fromPlain } from "./from-plain.js";
export { DEFAULT_UNSERIALIZE_LIMITS, type UnserializeLimits } from "./limits.js";
export { isNumeric, phpFloatToString } from "./numeric.js";
export {
  CLASS_KEY,
  type PlainKey,
  type PlainObject,
  type PlainValue,
  type ToPlainOptions,
  toPlain,
} from "./plain.js";
export { type SerializeOptions, serialize } from "./serialize.js";
export { type UnserializeOptions, unserialize } from "./unserialize.js";
export {
  PhpArray,
  type PhpArrayKey,
  PhpCustom,
  PhpEnum,
  PhpFloat,
  PhpObject,
  PhpObjectRef,
  type PhpProperty,
  PhpReference,
  type PhpValue,
  type PhpVisibility,
  sameKey,
} from "./values.js";

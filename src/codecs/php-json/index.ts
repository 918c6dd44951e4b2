/**
 * PHP's json_encode()/json_decode() byte for byte over the PhpValue model (and plain JS for
 * encoding), for what Laravel writes and reads as JSON in Redis: queue payloads, `queue:retry`,
 * json-serialized sessions. Pure: no I/O, no config. JSON.stringify/parse cannot do it: PHP tells
 * `1` from `1.0`, keeps 64-bit ints, escapes `/`, prints floats with serialize_precision -1
 * (`1.0e+25`) and keeps object key order.
 */
export { type PhpJsonDecodeOptions, phpJsonDecode } from "./json-decode.js";
export { type PhpJsonEncodeOptions, type PhpJsonInput, phpJsonEncode } from "./json-encode.js";
export { phpJsonFloat } from "./json-float.js";
export { PhpJsonError, type PhpJsonErrorReason } from "./php-json-error.js";

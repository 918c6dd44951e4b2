/**
 * The null-prototype objects toPlain() and unserializePlain() return for PHP arrays and objects.
 */
import type { PlainObject } from "./plain.js";

/**
 * A new empty object without a prototype, so that keys like `__proto__` or `constructor` are
 * plain own data and nothing can reach Object.prototype.
 *
 * Why not `Object.create(null)`: V8 creates those in dictionary mode, where every property store
 * is a hash-table insert; an empty literal whose prototype is set to null before its first
 * property stays a fast-mode object (about twice as fast to fill, and faster to read). The
 * prototype is gone before any key is stored, so no setter on Object.prototype ever runs.
 */
export function nullObject(): PlainObject {
  const object = {};
  Object.setPrototypeOf(object, null);
  return object as PlainObject;
}

/**
 * The null-prototype objects toPlain() and unserializePlain() return for PHP arrays and objects.
 */
import type { PlainObject } from "./plain.js";

/** V8 turns a fast-mode object into a dictionary when its 20th property is added by key. */
const FAST_MAX_PROPERTIES = 19;

/**
 * A new empty object without a prototype, for about `size` properties, so that keys like
 * `__proto__` or `constructor` are plain own data and nothing can reach Object.prototype.
 *
 * Why not always `Object.create(null)`: V8 creates those in dictionary mode, where every property
 * store is a hash-table insert; an empty literal whose prototype is set to null before its first
 * property stays a fast-mode object (about twice as fast to fill, and faster to read). The
 * prototype is gone before any key is stored, so no setter on Object.prototype ever runs. Objects
 * that will end up in dictionary mode anyway start there, rather than being converted midway.
 */
export function nullObject(size: number): PlainObject {
  if (size > FAST_MAX_PROPERTIES) return Object.create(null) as PlainObject;
  const object = {};
  Object.setPrototypeOf(object, null);
  return object as PlainObject;
}

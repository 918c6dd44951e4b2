/**
 * Decoded names (array keys, property names, class names) by their bytes. Names repeat from
 * payload to payload (`_token`, `\0*\0items`, `Illuminate\Support\Carbon`), so a hit returns the
 * same string object each time: no allocation, and V8 has already internalized it for property
 * access. Only names go through here, never values, and every cached string is a copy (never a
 * slice of an input, which would keep it alive), so no payload stays referenced after a call.
 *
 * Each slot also keeps the name's bytes as 32-bit words, so a hit is checked four bytes at a
 * time: about a quarter of the work of comparing char by char.
 */
import type { TextSource } from "./bytes-to-text.js";

/** Longest key or property name cached. */
export const NAME_MAX = 32;
/** Longest class name cached. */
export const CLASS_NAME_MAX = 128;

/**
 * A hash of every byte, four at a time, seeded with the length and tail bytes: names that differ anywhere (`items.0.price`, `items.1.price`) get
 * different slots.
 */
function hashWords(view: DataView, start: number, words: number, seed: number): number {
  // Rotate-and-xor per word (one cycle each, no multiply in the chain), then one strong mix.
  let h = seed;
  for (let k = 0; k < words; k++) h = ((h << 7) | (h >>> 25)) ^ view.getInt32(start + k * 4, true);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ (h >>> 16);
}

/** A direct-mapped cache of names up to `maxBytes` (a multiple of 4). */
class NameTable {
  private readonly names: Array<string | undefined>;
  private readonly lengths: Int32Array;
  /** Per slot: the full 4-byte words of the name, then (at `stride - 1`) its 0-3 tail bytes. */
  private readonly words: Int32Array;
  private readonly stride: number;
  private readonly shift: number;

  constructor(slotBits: number, maxBytes: number) {
    const slots = 1 << slotBits;
    this.names = new Array(slots).fill(undefined);
    this.lengths = new Int32Array(slots).fill(-1);
    this.stride = maxBytes / 4 + 1;
    this.words = new Int32Array(slots * this.stride);
    this.shift = 32 - slotBits;
  }

  /**
   * The cached string for the bytes start..stop (1 to maxBytes of them), or, when `store` and
   * they are all ASCII, a fresh copy put in the cache; else undefined.
   */
  lookup(source: TextSource, start: number, stop: number, store: boolean): string | undefined {
    const buf = source.buf;
    let view = source.view;
    if (view === undefined) {
      view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      source.view = view;
    }
    const n = stop - start;
    const full = n >>> 2;
    let tail = 0;
    for (let i = start + full * 4; i < stop; i++) tail = (tail << 8) | (buf[i] as number);
    const slot = hashWords(view, start, full, (tail << 8) | n) >>> this.shift;
    const words = this.words;
    const base = slot * this.stride;
    if (this.lengths[slot] === n && words[base + this.stride - 1] === tail) {
      let k = 0;
      while (k < full && words[base + k] === view.getInt32(start + k * 4, true)) k++;
      if (k === full) return this.names[slot];
    }
    if (!store) return undefined;
    let bits = tail;
    for (let k = 0; k < full; k++) bits |= view.getInt32(start + k * 4, true);
    if ((bits & 0x80808080) !== 0) return undefined;
    for (let k = 0; k < full; k++) words[base + k] = view.getInt32(start + k * 4, true);
    words[base + this.stride - 1] = tail;
    this.lengths[slot] = n;
    const fresh = buf.latin1Slice(start, stop);
    this.names[slot] = fresh;
    return fresh;
  }
}

const classNames = new NameTable(9, CLASS_NAME_MAX);

// The names table, the hot one, as module-level arrays (no object to load them from): per slot
// the string, its length and tail bytes packed in one int (`meta`), and up to 8 full words.
const NAME_SLOT_BITS = 11;
const nameStrings: Array<string | undefined> = new Array(1 << NAME_SLOT_BITS).fill(undefined);
const nameMeta = new Int32Array(1 << NAME_SLOT_BITS).fill(-1);
/** The sampled value the name in each slot got (see asciiName), to tell lookalikes apart. */
const nameSampled = new Int32Array(1 << NAME_SLOT_BITS);
const nameWords = new Int32Array((1 << NAME_SLOT_BITS) * (NAME_MAX / 4));
let lastSlot = 0;

/**
 * The ASCII name in the 1..{@link NAME_MAX} bytes start..stop, cached; undefined when a byte is
 * not ASCII (the caller decodes it as UTF-8).
 *
 * Two slots per name: the first from its length, tail and first and last words (cheap: most hits
 * end there), the second from a hash of every byte, for lookalikes (`items.0.price`,
 * `items.1.price` share a first slot, not a second one). A hit is a full compare of the words,
 * so sharing a slot costs speed, never a wrong string.
 */
export function asciiName(source: TextSource, start: number, stop: number): string | undefined {
  const buf = source.buf;
  const view = source.view ?? viewOf(source);
  const n = stop - start;
  const full = n >>> 2;
  let tail = 0;
  for (let i = start + full * 4; i < stop; i++) tail = (tail << 8) | (buf[i] as number);
  const meta = (tail << 6) | n;
  const sampled =
    full === 0
      ? meta
      : meta ^ view.getInt32(start, true) ^ Math.imul(view.getInt32(stop - 4, true), 0x01000193);
  const first = Math.imul(sampled, 0x9e3779b1) >>> (32 - NAME_SLOT_BITS);
  lastSlot = first;
  if (nameMeta[first] === meta && sameWords(view, start, full, first)) return nameStrings[first];
  const second = hashWords(view, start, full, meta) >>> (32 - NAME_SLOT_BITS);
  if (nameMeta[second] === meta && sameWords(view, start, full, second)) return nameStrings[second];
  // A lookalike of the name in the first slot (same samples) goes to its second slot, so the two
  // do not keep evicting each other; any other name takes over the first slot.
  const lookalike = nameMeta[first] === meta && nameSampled[first] === sampled;
  return storeName(source, view, start, stop, lookalike ? second : first, meta, sampled);
}

function sameWords(view: DataView, start: number, full: number, slot: number): boolean {
  const base = slot * (NAME_MAX / 4);
  let k = 0;
  while (k < full && nameWords[base + k] === view.getInt32(start + k * 4, true)) k++;
  return k === full;
}

/** A miss: the name's copy goes into `slot` when it is ASCII. */
function storeName(
  source: TextSource,
  view: DataView,
  start: number,
  stop: number,
  slot: number,
  meta: number,
  sampled: number,
): string | undefined {
  const full = (stop - start) >>> 2;
  let bits = meta >>> 6;
  for (let k = 0; k < full; k++) bits |= view.getInt32(start + k * 4, true);
  if ((bits & 0x80808080) !== 0) return undefined;
  const base = slot * (NAME_MAX / 4);
  for (let k = 0; k < full; k++) nameWords[base + k] = view.getInt32(start + k * 4, true);
  nameMeta[slot] = meta;
  nameSampled[slot] = sampled;
  const fresh = source.buf.latin1Slice(start, stop);
  nameStrings[slot] = fresh;
  return fresh;
}

function viewOf(source: TextSource): DataView {
  const buf = source.buf;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  source.view = view;
  return view;
}

/**
 * A 32-bit hash of every byte start..stop of a name (any length): the same for the same bytes,
 * whatever the route (s:, S:, mangled or not). The duplicate check of big containers uses it.
 */
export function nameHash(source: TextSource, start: number, stop: number): number {
  const buf = source.buf;
  const view = source.view ?? viewOf(source);
  const n = stop - start;
  const full = n >>> 2;
  let tail = 0;
  for (let i = start + full * 4; i < stop; i++) tail = (tail << 8) | (buf[i] as number);
  return hashWords(view, start, full, tail ^ Math.imul(n, 0x9e3779b1));
}

/**
 * One of 32 bits picked by the bytes of the name last passed to {@link asciiName} (ASCII or not):
 * equal names always get the same bit. A decoder ORs the bits of a container's keys so far and
 * needs its exact duplicate check only when a key's bit is already set.
 */
export function lastNameBit(): number {
  return 1 << (lastSlot & 31);
}

/** The bit {@link lastNameBit} gives for `name` (an ASCII name of 1 to {@link NAME_MAX} chars). */
export function nameBitOf(name: string): number {
  const buf = Buffer.from(name, "latin1") as TextSource["buf"];
  asciiName({ buf, view: undefined, latin1: undefined }, 0, buf.length);
  return lastNameBit();
}

/** A class name seen before in the 1..{@link CLASS_NAME_MAX} bytes start..stop (so already checked). */
export function knownClassName(source: TextSource, start: number, stop: number): string | undefined {
  return classNames.lookup(source, start, stop, false);
}

/** Remembers a class name that passed the checks, read from the ASCII bytes start..stop. */
export function rememberClassName(source: TextSource, start: number, stop: number): void {
  classNames.lookup(source, start, stop, true);
}

/**
 * The decoder's shared stack of the open containers' entries (see container-reader.ts): one array
 * for every call, since decoding is synchronous and calls no user code, so it never re-enters.
 */
import type { Item } from "./duplicate-keys.js";

export const ITEMS: Array<Item | undefined> = [];
/** A stack grown past this many slots is dropped after the call instead of cleared slot by slot. */
const ITEMS_KEEP = 4096;

/** Drops the references to decoded values in the slots used so far. */
export function clearItems(used: number): void {
  if (used > ITEMS_KEEP) ITEMS.length = 0;
  else if (used > 0) ITEMS.fill(undefined, 0, used);
}

/** items[base..top) as a new array: small ones as literals (allocated inline, no call into slice()). */
export function takeItems(items: ReadonlyArray<Item | undefined>, base: number, top: number): Item[] {
  switch (top - base) {
    case 0:
      return [];
    case 1:
      return [items[base] as Item];
    case 2:
      return [items[base] as Item, items[base + 1] as Item];
    case 3:
      return [items[base] as Item, items[base + 1] as Item, items[base + 2] as Item];
    case 4:
      return [items[base] as Item, items[base + 1] as Item, items[base + 2] as Item, items[base + 3] as Item];
    default:
      return items.slice(base, top) as Item[];
  }
}

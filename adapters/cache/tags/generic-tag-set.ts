/**
 * Tags on a non-Redis store (Illuminate\Cache\TagSet as ArrayStore uses it): each tag has a random
 * id kept forever in the store; flushing forgets the ids, so the tagged items become unreachable
 * and expire on their own.
 */
import type { Store } from "../../../src/contracts/cache.js";
import type { Clock } from "../../../src/support/clock.js";
import { uniqueTagId } from "./reference-tag-set.js";
import type { TagEntryKind, TagSet } from "./tag-set.js";

export class GenericTagSet implements TagSet {
  readonly names: readonly string[];
  readonly registersAdd = false;
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, names: readonly string[], clock: Clock) {
    this.#store = store;
    this.names = [...names];
    this.#clock = clock;
  }

  async namespace(): Promise<string> {
    const ids: string[] = [];
    for (const name of this.names) {
      const id = await this.#store.get(`tag:${name}:key`);
      if (typeof id === "string" && id !== "" && id !== "0") {
        ids.push(id);
        continue;
      }
      const fresh = uniqueTagId(this.#clock.now());
      await this.#store.forever(`tag:${name}:key`, fresh);
      ids.push(fresh);
    }
    return ids.join("|");
  }

  async addEntry(_key: string, _kind: TagEntryKind): Promise<void> {}

  async flush(): Promise<void> {
    for (const name of this.names) await this.#store.forget(`tag:${name}:key`);
  }

  async flushStale(): Promise<void> {}
}

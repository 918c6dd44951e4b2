/**
 * Laravel 8/9 tags (Cache/TagSet.php + RedisTaggedCache.php @8.x, laravel-formats.md §2.5): each tag
 * has a random id stored forever under `<prefix>tag:<name>:key`; items are listed in SETs
 * `<prefix><id>:standard_ref` / `<prefix><id>:forever_ref` whose members carry the store prefix
 * (`<prefix><sha1>:<key>`). Flushing deletes the members and the sets, then the tag ids, so the next
 * use starts a new namespace. The command sequence is Laravel's, reads included (golden cache.json).
 */
import { randomInt } from "node:crypto";
import type { RedisStore } from "../redis-store.js";
import { type TagEntryKind, type TagSet, taggedItemKey } from "./tag-set.js";

const CHUNK = 1000;

/** PHP's `str_replace('.', '', uniqid('', true))`: 8 hex seconds, 5 hex µs, then 9 digits. */
export function uniqueTagId(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, "0");
  const micros = (((nowMs % 1000) * 1000 + randomInt(1000)) % 1_000_000).toString(16).padStart(5, "0");
  const entropy = `${randomInt(10)}${String(randomInt(100_000_000)).padStart(8, "0")}`;
  return seconds + micros + entropy;
}

export class ReferenceTagSet implements TagSet {
  readonly names: readonly string[];
  readonly registersAdd = false;
  readonly #store: RedisStore;

  constructor(store: RedisStore, names: readonly string[]) {
    this.#store = store;
    this.names = [...names];
  }

  async namespace(): Promise<string> {
    const ids: string[] = [];
    for (const name of this.names) ids.push(await this.#tagId(name));
    return ids.join("|");
  }

  async addEntry(key: string, kind: TagEntryKind): Promise<void> {
    const namespace = await this.namespace();
    const member = this.#store.getPrefix() + taggedItemKey(namespace, key);
    const reference = kind === "forever" ? "forever_ref" : "standard_ref";
    await Promise.all(
      namespace.split("|").map((id) => this.#store.client.sadd(this.#referenceKey(id, reference), member)),
    );
  }

  async flush(): Promise<void> {
    await this.#deleteByReference("forever_ref");
    await this.#deleteByReference("standard_ref");
    for (const name of this.names) await this.#store.forget(`tag:${name}:key`);
  }

  async flushStale(): Promise<void> {}

  async #tagId(name: string): Promise<string> {
    const id = await this.#store.get(`tag:${name}:key`);
    // PHP's `?:`: an empty or "0" id counts as missing.
    if (typeof id === "string" && id !== "" && id !== "0") return id;
    const fresh = uniqueTagId(this.#store.clock.now());
    await this.#store.forever(`tag:${name}:key`, fresh);
    return fresh;
  }

  #referenceKey(id: string, reference: string): string {
    return `${this.#store.getPrefix()}${id}:${reference}`;
  }

  async #deleteByReference(reference: string): Promise<void> {
    const client = this.#store.client;
    for (const id of (await this.namespace()).split("|")) {
      const setKey = this.#referenceKey(id, reference);
      let cursor = "0";
      do {
        const [next, members] = (await client.call(
          "SSCAN",
          setKey,
          cursor,
          "COUNT",
          String(CHUNK),
          "MATCH",
          "*",
        )) as [string, string[]];
        const unique = [...new Set(members)];
        // Members carry the store prefix; the client adds REDIS_PREFIX, like phpredis.
        if (unique.length > 0) await client.del(...unique);
        cursor = next;
      } while (cursor !== "0");
      await client.del(setKey);
    }
  }
}

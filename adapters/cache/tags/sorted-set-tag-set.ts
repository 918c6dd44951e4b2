/**
 * Laravel 10+ tags (Cache/RedisTagSet.php, laravel-formats.md §2.6): one ZSET per tag,
 * `<prefix>tag:<name>:entries`, member `<sha1(namespace)>:<key>` (no prefix), score = expiry UNIX
 * time or -1 for forever items and counters. Flush: ZSCAN the sets, then per chunk of 1000 entries
 * either one atomic script (12.30+) or DEL + DEL of the sets (10.x–12.29), by laravel-versions.ts.
 */
import { cacheFormat } from "../../../src/config/laravel-versions.js";
import { unixSeconds } from "../../../src/support/clock.js";
import { flushTaggedChunk } from "../lua-scripts.js";
import type { RedisStore } from "../redis-store.js";
import { type TagEntryKind, type TagSet, taggedItemKey } from "./tag-set.js";

const CHUNK = 1000;

export class SortedSetTagSet implements TagSet {
  readonly names: readonly string[];
  readonly registersAdd = true;
  readonly #store: RedisStore;
  readonly #namespace: string;

  constructor(store: RedisStore, names: readonly string[]) {
    this.#store = store;
    this.names = [...names];
    this.#namespace = this.names.map((name) => `tag:${name}:entries`).join("|");
  }

  namespace(): Promise<string> {
    return Promise.resolve(this.#namespace);
  }

  async addEntry(key: string, kind: TagEntryKind, seconds?: number): Promise<void> {
    const member = taggedItemKey(this.#namespace, key);
    const client = this.#store.client;
    const score =
      kind === "standard" && seconds !== undefined ? String(unixSeconds(this.#store.clock) + seconds) : "-1";
    // Sent without awaiting in between: one connection keeps the order, and the ZADDs share a round trip.
    await Promise.all(
      this.names.map((name) =>
        kind === "counter"
          ? client.zadd(this.#tagKey(name), "NX", score, member)
          : client.zadd(this.#tagKey(name), score, member),
      ),
    );
  }

  async flush(): Promise<void> {
    const atomic = cacheFormat(this.#store.laravelVersion).tagFlush === "atomic-script";
    const cachePrefix = this.#store.connectionPrefix + this.#store.getPrefix();
    const pattern = cachePrefix.replaceAll("-", "%-");
    const tagKeys = this.names.map((name) => this.#store.connectionPrefix + this.#tagKey(name));
    const client = this.#store.client;
    const flushChunk = async (entries: string[]): Promise<void> => {
      const keys = entries.map((entry) => this.#store.getPrefix() + entry);
      if (atomic) await flushTaggedChunk(client, keys, [pattern, ...tagKeys]);
      else await client.del(...keys);
    };
    let chunk: string[] = [];
    for await (const entry of this.#entries()) {
      chunk.push(entry);
      if (chunk.length === CHUNK) {
        await flushChunk(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await flushChunk(chunk);
    if (!atomic) for (const name of this.names) await client.del(this.#tagKey(name));
  }

  /** `RedisTagSet::flushStaleEntries()`: ZREMRANGEBYSCORE 0 now on each tag (forever = -1 stays). */
  async flushStale(): Promise<void> {
    const now = String(unixSeconds(this.#store.clock));
    await Promise.all(
      this.names.map((name) => this.#store.client.zremrangebyscore(this.#tagKey(name), 0, now)),
    );
  }

  #tagKey(name: string): string {
    return `${this.#store.getPrefix()}tag:${name}:entries`;
  }

  /** `RedisTagSet::entries()`: ZSCAN each tag set (COUNT 1000), members deduplicated per page. */
  async *#entries(): AsyncGenerator<string> {
    for (const name of this.names) {
      let cursor = "0";
      do {
        const [next, flat] = (await this.#store.client.call(
          "ZSCAN",
          this.#tagKey(name),
          cursor,
          "COUNT",
          String(CHUNK),
          "MATCH",
          "*",
        )) as [string, string[]];
        const members = new Set<string>();
        for (let i = 0; i < flat.length; i += 2) members.add(flat[i] as string);
        yield* members;
        cursor = next;
      } while (cursor !== "0");
    }
  }
}

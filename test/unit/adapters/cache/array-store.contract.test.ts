import { ArrayStore } from "../../../../adapters/cache/array-store.js";
import { Repository } from "../../../../adapters/cache/repository.js";
import { TaggedCache } from "../../../../adapters/cache/tags/tagged-cache.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { describeStore } from "../../../contracts/store.contract.js";

describeStore("ArrayStore", () => {
  const clock = new ManualClock();
  const store = new ArrayStore({ clock });
  return {
    cache: new Repository(store, {
      clock,
      taggedCache: (s, tags, options) => new TaggedCache(s, tags, options),
    }),
    elapse: async (seconds) => clock.advance(seconds * 1000),
    reset: async () => {
      await store.flush();
      store.locks.clear();
    },
  };
});

import { ArrayStore } from "../../../../adapters/cache/array-store.js";
import { ManualClock } from "../../../../src/support/clock.js";
import { describeLock } from "../../../contracts/lock.contract.js";

describeLock("ArrayLock", () => {
  const clock = new ManualClock();
  const stores: ArrayStore[] = [];
  return {
    makeLocks: (sleep) => {
      const store = new ArrayStore({ clock, lockSleep: sleep });
      stores.push(store);
      return store;
    },
    elapse: async (seconds) => clock.advance(seconds * 1000),
    reset: async () => {
      for (const store of stores) store.locks.clear();
    },
  };
});

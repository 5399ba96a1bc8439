import type { CacheStore, StorePartition } from "../../../src/index.js";

/** Switches for `failingStore`: set one to make that operation fail with `error`. */
export interface Failures {
  set: boolean;
  get: boolean;
  delete: boolean;
  error: Error;
}

/**
 * Wraps a real store so a test can make its partitions' `set`, `get` or `delete` fail on demand (a
 * chaos wrapper in bentocache's manner, not a mock: every other call reaches the real store).
 */
export function failingStore(inner: CacheStore): { store: CacheStore; failures: Failures } {
  const failures: Failures = { set: false, get: false, delete: false, error: new Error("disk on fire") };
  const store: CacheStore = {
    kind: inner.kind,
    partition(cache, options) {
      const real = inner.partition(cache, options);
      const wrapped: StorePartition = {
        get: (key) => (failures.get ? Promise.reject(failures.error) : real.get(key)),
        getMany: (keys) => (failures.get ? Promise.reject(failures.error) : real.getMany(keys)),
        set: (key, entry, ttl) => (failures.set ? Promise.reject(failures.error) : real.set(key, entry, ttl)),
        delete: (key) => (failures.delete ? Promise.reject(failures.error) : real.delete(key)),
        keys: (pattern) => real.keys(pattern),
        clear: () => real.clear(),
        bytes: () => real.bytes?.() ?? 0,
      };
      return wrapped;
    },
  };
  return { store, failures };
}

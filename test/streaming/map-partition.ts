import type { StorePartition, StoredEntry } from "../../src/index.js";

// A tiny StorePartition over a Map, so the engines can be tested without a store engineer's store.
// Only what the contract promises: it does not expire or evict, and it copies bytes at set.

/** A Map-backed partition; `entries` is exposed so tests can look inside. */
export function mapPartition(): StorePartition & { readonly entries: Map<string, StoredEntry> } {
  const entries = new Map<string, StoredEntry>();
  return {
    entries,
    get: (key) => entries.get(key),
    getMany: async (keys) => keys.map((key) => entries.get(key)),
    set: (key, entry) => void entries.set(key, entry.value instanceof Uint8Array ? { ...entry, value: entry.value.slice() } : entry),
    delete: (key) => entries.delete(key),
    async *keys(pattern) {
      const matcher = pattern === undefined ? undefined : globToRegExp(pattern);
      for (const key of [...entries.keys()]) if (matcher === undefined || matcher.test(key)) yield key;
    },
    clear: async () => entries.clear(),
  };
}

/** Counts the calls a partition gets, by method, and can fail chosen calls (a chaos wrapper). */
export function countingPartition(
  inner: StorePartition,
  failWhen: (method: "get" | "set" | "delete", key: string) => boolean = () => false,
): StorePartition & { readonly calls: { get: string[]; set: string[]; delete: string[] } } {
  const calls = { get: [] as string[], set: [] as string[], delete: [] as string[] };
  const guard = (method: "get" | "set" | "delete", key: string) => {
    calls[method].push(key);
    if (failWhen(method, key)) throw new Error(`injected ${method} failure on ${JSON.stringify(key)}`);
  };
  return {
    calls,
    get: async (key) => (guard("get", key), inner.get(key)),
    getMany: (keys) => inner.getMany(keys),
    set: async (key, entry, ttl) => (guard("set", key), inner.set(key, entry, ttl)),
    delete: async (key) => (guard("delete", key), inner.delete(key)),
    keys: (pattern) => inner.keys(pattern),
    clear: () => inner.clear(),
  };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "s");
}

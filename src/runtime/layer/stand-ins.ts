// TEMPORARY stand-ins for modules other engineers are writing (the memory store).
// Written against their announced names and signatures; each is replaced by the real import once it lands.
import type { CacheStore, PartitionOptions, StoredEntry, StorePartition } from "../stores/store.js";
import { matchesPattern } from "../pattern/index.js";

/** Stand-in of `memoryStore({ maxSize })` (src/runtime/stores/memory.ts): byte-bounded LRU per partition. */
export function memoryStore(): CacheStore {
  const partitions = new Map<string, StorePartition>();
  return {
    kind: "memory",
    partition(cache: string, options: PartitionOptions): StorePartition {
      const opened = partitions.get(cache);
      if (opened) return opened;
      const made = open(options);
      partitions.set(cache, made);
      return made;
    },
  };
}

function open(options: PartitionOptions): StorePartition {
  {
    {
      const map = new Map<string, { entry: StoredEntry; until: number | undefined; bytes: number }>();
      let total = 0;
      const drop = (key: string) => { const e = map.get(key); if (e) { total -= e.bytes; map.delete(key); } return e; };
      const read = (key: string) => {
        const e = map.get(key);
        if (!e) return undefined;
        if (e.until !== undefined && e.until <= Date.now()) { drop(key); options.onEvict?.(key, e.entry, "expired"); return undefined; }
        map.delete(key); map.set(key, e);
        return e.entry;
      };
      return {
        get: read,
        getMany: async (keys) => keys.map(read),
        set(key, entry, ttlMs) {
          const bytes = (JSON.stringify(entry.value, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? "").length + key.length;
          if (options.maxSize !== undefined && bytes > options.maxSize) throw new Error(`value of '${key}' is larger than maxSize`);
          drop(key);
          map.set(key, { entry, until: ttlMs === undefined ? undefined : Date.now() + ttlMs, bytes });
          total += bytes;
          while (options.maxSize !== undefined && total > options.maxSize) {
            const oldest = map.keys().next().value as string;
            const e = drop(oldest)!;
            options.onEvict?.(oldest, e.entry, "size");
          }
        },
        delete: (key) => drop(key) !== undefined,
        async *keys(pattern) { for (const key of [...map.keys()]) if (pattern === undefined || matchesPattern(pattern, key)) yield key; },
        async clear() { map.clear(); total = 0; },
        bytes: () => total,
      };
    }
  }
}

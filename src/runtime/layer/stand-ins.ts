// TEMPORARY stand-ins for modules other engineers are writing (model-of, memory store).
// Written against their announced names and signatures; each is replaced by the real import once it lands.
import type { CacheModel, InvalidationTarget, ManifestModel } from "../manifest/model.js";
import type { CacheStore, PartitionOptions, StoredEntry, StorePartition } from "../stores/store.js";
import { capture, matchesPattern, patternsOverlap, substitute } from "../pattern/index.js";

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNITS_B: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

function duration(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  return m ? Number(m[1]) * UNITS_MS[m[2]!]! : undefined;
}
function size(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB)$/.exec(text);
  return m ? Number(m[1]) * UNITS_B[m[2]!]! : undefined;
}

const models = new WeakMap<object, ManifestModel>();

/** Stand-in of `modelOf(app)` (src/runtime/manifest/model-of.ts). */
export function modelOf(app: unknown): ManifestModel {
  const cached = models.get(app as object);
  if (cached) return cached;
  const raw = app as { layers?: string[]; caches: Record<string, Record<string, any>> };
  const caches = new Map<string, CacheModel>();
  for (const [name, c] of Object.entries(raw.caches)) {
    caches.set(name, Object.freeze({
      name, primary: c.primary, owns: c.owns, invalidates: c.invalidates ?? [],
      maxSize: size(c.maxSize), streaming: c.streaming === true, chunkSize: size(c.chunkSize),
      ttl: duration(c.ttl), grace: duration(c.grace), timeout: duration(c.timeout), hardTimeout: duration(c.hardTimeout),
      warm: c.warm ? { prefetch: c.warm.prefetch ?? [], backfill: c.warm.backfill ?? true } : undefined,
      lifetime: c.lifetime ?? "static", exclusive: c.exclusive === true, strategy: c.strategy, private: c.private === true,
    }));
  }
  const ownerOfKey = (key: string) => [...caches.values()].find((c) => c.owns.some((p) => matchesPattern(p, key)));
  const ownerOfPattern = (pattern: string) => [...caches.values()].find((c) => c.owns.some((p) => patternsOverlap(p, pattern)));
  const invalidationsOf = (cache: string, key: string): InvalidationTarget[] => {
    const out: InvalidationTarget[] = [];
    const seen = new Set<string>();
    const walk = (cacheName: string, target: string) => {
      const c = caches.get(cacheName);
      if (!c) return;
      const captured = c.owns.map((p) => capture(p, target)).find((x) => x !== undefined) ?? [];
      for (const pattern of c.invalidates) {
        const next = substitute(pattern, captured);
        const owner = next.includes("*") ? ownerOfPattern(next) : ownerOfKey(next);
        if (!owner || seen.has(`${owner.name}\0${next}`)) continue;
        seen.add(`${owner.name}\0${next}`);
        out.push({ cache: owner.name, target: next, isPattern: next.includes("*") });
        walk(owner.name, next);
      }
    };
    walk(cache, key);
    return out;
  };
  const model: ManifestModel = {
    layers: raw.layers ?? ["client", "edge", "server"],
    caches,
    resolve: (x) => caches.get(x) ?? [...caches.values()].find((c) => c.owns.includes(x)),
    ownerOfKey,
    invalidationsOf,
  };
  models.set(app as object, model);
  return model;
}

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

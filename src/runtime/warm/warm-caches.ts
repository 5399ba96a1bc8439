import { listWarmKeys, type WarmKeyList } from "./list-warm-keys.js";
import type { WarmCache, WarmCacheResult, WarmFailure, WarmOptions, WarmProgress, WarmResult } from "./warm-types.js";

// Per-cache counters while loading.
interface Tally {
  readonly warm: WarmCache;
  readonly list: WarmKeyList;
  readonly every: number;
  loaded: number;
  missing: number;
  failed: number;
}

/**
 * Prefetches every key the sources list for each cache's `prefetch` patterns, at most `concurrency`
 * loads at a time over all caches. A failing listing, load or store is recorded in `errors` (never an
 * unhandled rejection) and the other keys go on. Progress events let a command line draw a bar.
 *
 * @example
 * const stored = new Map<string, unknown>()
 * const result = await warmCaches({
 *   caches: [{ cache: "data_cache", prefetch: ["popular:*"], keys: (pattern) => db.scan(pattern), load: (key) => db.load(key), store: async (key, value) => void stored.set(key, value) }],
 *   concurrency: 16,
 *   onProgress: ({ cache, done, total }) => console.log(`${cache}: ${done}/${total}`),
 * })
 * //=> { caches: [{ cache: "data_cache", total: 100, loaded: 100, missing: 0, failed: 0, skipped: 0 }], errors: [], ok: true, … } (a db listing 100 popular keys)
 * @throws the first error thrown by `onProgress`, after every load has settled.
 */
export async function warmCaches(options: WarmOptions): Promise<WarmResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  // A throwing progress listener must not strand loads in flight: its first error is rethrown once all have settled.
  let listenerError: { error: unknown } | undefined;
  const emit = (tally: Tally, phase: WarmProgress["phase"]) => {
    const done = tally.loaded + tally.missing + tally.failed;
    try {
      options.onProgress?.({ cache: tally.warm.cache, phase, done, total: tally.list.keys.length, failed: tally.failed });
    } catch (error) {
      listenerError ??= { error };
    }
  };

  const lists = await Promise.all(options.caches.map((warm) => listWarmKeys(warm)));
  const errors: WarmFailure[] = lists.flatMap((list) => list.errors);
  const tallies: Tally[] = options.caches.map((warm, index) => {
    const list = lists[index] ?? { keys: [], skipped: 0, errors: [] };
    const every = Math.max(1, Math.floor(options.progressEvery ?? Math.ceil(list.keys.length / 100)));
    return { warm, list, every, loaded: 0, missing: 0, failed: 0 };
  });
  for (const tally of tallies) emit(tally, "start");

  const tasks = tallies.flatMap((tally) => tally.list.keys.map((key) => ({ tally, key })));
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && options.signal?.aborted !== true) {
      const task = tasks[next++];
      if (task === undefined) return;
      const { tally, key } = task;
      const stage = await warmOne(tally.warm, key);
      if (stage === "loaded") tally.loaded += 1;
      else if (stage === "missing") tally.missing += 1;
      else {
        tally.failed += 1;
        errors.push({ cache: tally.warm.cache, key, ...stage });
      }
      const done = tally.loaded + tally.missing + tally.failed;
      if (done === tally.list.keys.length) emit(tally, "end");
      else if (done % tally.every === 0) emit(tally, "loading");
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  // A cache with no keys still gets its end event, so every bar closes.
  for (const tally of tallies) if (tally.list.keys.length === 0) emit(tally, "end");

  if (listenerError !== undefined) throw listenerError.error;
  const aborted = options.signal?.aborted === true && next < tasks.length;
  const caches: WarmCacheResult[] = tallies.map((t) => ({
    cache: t.warm.cache,
    total: t.list.keys.length,
    loaded: t.loaded,
    missing: t.missing,
    failed: t.failed,
    skipped: t.list.skipped,
  }));
  return { caches, errors, ok: errors.length === 0 && !aborted, aborted, durationMs: now() - started };
}

async function warmOne(warm: WarmCache, key: string): Promise<"loaded" | "missing" | { stage: "load" | "store"; error: unknown }> {
  let value: unknown;
  try {
    value = await warm.load(key);
  } catch (error) {
    return { stage: "load", error };
  }
  if (value === undefined) return "missing";
  try {
    await warm.store(key, value);
  } catch (error) {
    return { stage: "store", error };
  }
  return "loaded";
}

import { matchesPattern } from "../pattern/index.js";
import type { WarmCache, WarmFailure } from "./warm-types.js";

/**
 * The keys one cache will warm, and what listing them skipped or failed on.
 *
 * @example
 * import type { WarmCache } from "./warm-types.js"
 * declare const warm: WarmCache
 * const { keys, skipped }: WarmKeyList = await listWarmKeys(warm)
 */
export interface WarmKeyList {
  readonly keys: readonly string[];
  readonly skipped: number;
  readonly errors: readonly WarmFailure[];
}

/**
 * Lists every key the source has for a cache's prefetch patterns, once each, keeping only keys that
 * match both the prefetch pattern they were listed for and the cache's own patterns. A pattern whose
 * listing fails is reported and the others are still listed.
 *
 * @example
 * const { keys } = await listWarmKeys({
 *   cache: "data_cache",
 *   prefetch: ["popular:*"],
 *   keys: (pattern) => db.scan(pattern),
 *   load: (key) => db.load(key),
 *   store: async () => {}, // listing loads and stores nothing
 * })
 */
export async function listWarmKeys(warm: WarmCache): Promise<WarmKeyList> {
  const owns = warm.owns ?? warm.prefetch;
  const keys = new Set<string>();
  const errors: WarmFailure[] = [];
  let skipped = 0;
  for (const pattern of warm.prefetch) {
    try {
      // Awaited first: a promise of an array becomes the array, and `for await` reads arrays and async iterables alike.
      for await (const key of await warm.keys(pattern)) {
        if (typeof key === "string" && matchesPattern(pattern, key) && owns.some((own) => matchesPattern(own, key))) keys.add(key);
        else skipped += 1;
      }
    } catch (error) {
      errors.push({ cache: warm.cache, stage: "keys", pattern, error });
    }
  }
  return { keys: [...keys], skipped, errors };
}

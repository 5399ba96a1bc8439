import type { BadFieldMessage, PrefetchNotOwnedMessage, RealTimeForbidsMessage } from "../messages/manifest.js";
import type { IsCoveredBy } from "../pattern/covers.js";
import type { FieldOf, OwnsOf } from "./access.js";

/**
 * Rule 7 (and 9, on `warm`): every `warm.prefetch` pattern lies within the cache's own patterns;
 * a `real_time` cache does not warm.
 *
 * @example
 * type V = CheckPrefetchOwned<typeof app, "data_cache", { prefetch: ["b:*"] }>
 * //=> { prefetch: ["✗ prefetch 'b:*' is not owned by cache 'data_cache' — prefetch only what it owns"] }
 */
export type CheckPrefetchOwned<TManifest, TCache extends string, TWarm> =
  FieldOf<TManifest, TCache, "strategy"> extends "real_time" ? RealTimeForbidsMessage<TCache, "warm">
  : TWarm extends object ?
    "prefetch" extends keyof TWarm ?
      { [K in keyof TWarm]: K extends "prefetch" ? CheckPrefetchList<TManifest, TCache, TWarm[K]> : TWarm[K] }
    : BadFieldMessage<"warm", TCache, "an object with a prefetch array">
  : BadFieldMessage<"warm", TCache, "an object with a prefetch array">;

/** Each prefetch pattern in place. */
type CheckPrefetchList<TManifest, TCache extends string, TList> =
  TList extends readonly unknown[] ? { [I in keyof TList]: CheckPrefetch<TCache, TList[I], OwnsOf<TManifest, TCache>> } : TList;

/** One prefetch pattern against the cache's own (distributes over the owned patterns). */
type CheckPrefetch<TCache extends string, TPattern, TOwned> =
  TPattern extends string ?
    TPattern extends TOwned ?
      TPattern // prefetching an owned pattern itself: no template comparison needed
    : true extends (TOwned extends string ? IsCoveredBy<TPattern, TOwned> : never) ? TPattern
    : PrefetchNotOwnedMessage<TPattern, TCache>
  : TPattern;

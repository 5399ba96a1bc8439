/**
 * Rule `store-fits`: the layer's store can do what the caches this layer owns ask of it
 * (`StoreCapabilities`). The run-time twin is `checkStoreFits` (src/runtime/stores/store-fits.ts), called
 * by `createLayer`; the message texts below are shared with it (src/runtime/stores/store-fit-messages.ts).
 *
 * Checked here, from the store's declared capability *types* (literal `false` only; a `boolean` is
 * left to the run-time twin). Where several caches break one rule, each half names one of them (the
 * run-time twin the first in manifest order; the types whichever the compiler lists last):
 * - a cache reached by a pattern invalidation (a wildcard `invalidates` cascade) needs `listsKeys`;
 * - a cache with `maxSize` needs `measuresSize`;
 * - every owned cache needs `exactKeys`.
 * Left to the run-time twin only: a streaming cache's `chunkSize` against `maxValueBytes` (sizes are
 * written `"1MB"`, and multiplying in types costs more than the check is worth), and invalidations made
 * at run time (`layer.invalidate("x:*")`), which fail at the call with `cannotListAtRunTimeMessage`.
 *
 * Wiring (for `CreateLayer`, src/types/handles/create-layer.ts): read the store off the options and
 * check it, the message landing on the `store` property —
 *
 *   <const TManifest, const TLayer extends LayerName<TManifest>, TRemotes = {}, TStore = undefined>(
 *     app: TManifest, layer: …, options: LayerOptions<TManifest, TLayer> & { readonly remotes?: TRemotes; readonly store?: CheckStoreFits<TManifest, TLayer, TStore> },
 *   )
 *
 * `CheckStoreFits` returns `TStore` itself when it fits (and for `undefined`: the default memory store).
 */
import type { CacheName, FieldOf, OwnsOf, PrimaryOf } from "../manifest/access.js";
import type { IsOverlapping } from "../pattern/overlap.js";
import type { Stars } from "../pattern/parts.js";
import type { LastOf } from "../manifest/pattern-index.js";

// ── messages (the run-time twins are in src/runtime/stores/store-fit-messages.ts) ──────────────

/** A cache that pattern invalidations reach, on a store that cannot list keys.
 * @example CannotListMessage<"data_cache", "data:*", "keyv (@keyv/memcache)", "server">
 * //=> "✗ cache 'data_cache' is invalidated by pattern 'data:*', but store 'keyv (@keyv/memcache)' of layer 'server' cannot list keys — give layer 'server' a store that lists keys, or invalidate keys instead of patterns" */
export type CannotListMessage<TCache extends string, TPattern extends string, TStore extends string, TLayer extends string> =
  `✗ cache '${TCache}' is invalidated by pattern '${TPattern}', but store '${TStore}' of layer '${TLayer}' cannot list keys — give layer '${TLayer}' a store that lists keys, or invalidate keys instead of patterns`;

/** A call that needs a listing (`keys(pattern)`, `clear()`, `sweepChunks()`), on a store that cannot list.
 * @example CannotListAtRunTimeMessage<"keys('data:*')", "data_cache", "keyv (@keyv/memcache)", "server">
 * //=> "✗ keys('data:*') of cache 'data_cache' needs store 'keyv (@keyv/memcache)' of layer 'server' to list keys, which it cannot — invalidate keys instead of patterns, or use a store that lists keys" */
export type CannotListAtRunTimeMessage<TCall extends string, TCache extends string, TStore extends string, TLayer extends string> =
  `✗ ${TCall} of cache '${TCache}' needs store '${TStore}' of layer '${TLayer}' to list keys, which it cannot — invalidate keys instead of patterns, or use a store that lists keys`;

/** `maxSize` on a store that cannot count bytes.
 * @example CannotMeasureMessage<"data_cache", "custom", "server">
 * //=> "✗ cache 'data_cache' has a maxSize, but store 'custom' of layer 'server' cannot count the bytes it holds — remove maxSize, or use a store that measures its entries" */
export type CannotMeasureMessage<TCache extends string, TStore extends string, TLayer extends string> =
  `✗ cache '${TCache}' has a maxSize, but store '${TStore}' of layer '${TLayer}' cannot count the bytes it holds — remove maxSize, or use a store that measures its entries`;

/** A store whose keys are compared inexactly (folded by case, accents or trailing spaces), for a layer that owns caches.
 * @example InexactKeysMessage<"custom", "server">
 * //=> "✗ store 'custom' of layer 'server' compares keys inexactly, so keys differing only in case, accents or trailing spaces would share one entry — use a store that compares keys exactly" */
export type InexactKeysMessage<TStore extends string, TLayer extends string> =
  `✗ store '${TStore}' of layer '${TLayer}' compares keys inexactly, so keys differing only in case, accents or trailing spaces would share one entry — use a store that compares keys exactly`;

/** A streaming cache whose chunks do not fit one entry of the store.
 * @example ChunkTooLargeMessage<"video_cache", "1048576", "keyv (@keyv/memcache)", "server", "785664">
 * //=> "✗ cache 'video_cache' streams chunks of 1048576 bytes, more than store 'keyv (@keyv/memcache)' of layer 'server' holds in one entry (785664 bytes) — set chunkSize to at most 785664 bytes" */
export type ChunkTooLargeMessage<TCache extends string, TChunkSize extends string, TStore extends string, TLayer extends string, TMax extends string> =
  `✗ cache '${TCache}' streams chunks of ${TChunkSize} bytes, more than store '${TStore}' of layer '${TLayer}' holds in one entry (${TMax} bytes) — set chunkSize to at most ${TMax} bytes`;

/** One value too large for one entry of the store (checked at `set`; a `ValueError`).
 * @example ValueTooLargeForStoreMessage<"doc:1", "doc_cache", "70000", "keyv (@keyv/mysql)", "server", "65535">
 * //=> "✗ value of 'doc:1' in cache 'doc_cache' takes 70000 bytes as stored, more than store 'keyv (@keyv/mysql)' of layer 'server' holds in one entry (65535 bytes) — store a smaller value, stream it (streaming: true) in smaller chunks, or use a store with larger entries" */
export type ValueTooLargeForStoreMessage<TKey extends string, TCache extends string, TBytes extends string, TStore extends string, TLayer extends string, TMax extends string> =
  `✗ value of '${TKey}' in cache '${TCache}' takes ${TBytes} bytes as stored, more than store '${TStore}' of layer '${TLayer}' holds in one entry (${TMax} bytes) — store a smaller value, stream it (streaming: true) in smaller chunks, or use a store with larger entries`;

// ── the check ───────────────────────────────────────────────────────────────────────────────

/**
 * How a store is named in these messages: its `kind`, and the backend its capabilities describe.
 *
 * @example
 * type L = StoreLabel<{ kind: "keyv"; capabilities: { backend: "@keyv/memcache" } }>
 * //=> "keyv (@keyv/memcache)"
 */
export type StoreLabel<TStore> =
  TStore extends { readonly kind: infer K extends string }
    ? CapabilitiesOf<TStore> extends { readonly backend?: infer B }
      ? Exclude<B, undefined> extends infer Backend extends string ? ([Backend] extends [never] ? K : string extends Backend ? K : `${K} (${Backend})`) : K
      : K
    : "store";

/**
 * `TStore` when the layer's store can serve every cache `TLayer` owns, else the first reason it cannot.
 *
 * @example
 * type A = CheckStoreFits<typeof app, "server", KeyvStore<{ listsKeys: false; … }>>
 * //=> "✗ cache 'data_cache' is invalidated by pattern 'data:*', but store 'keyv (@keyv/memcache)' of layer 'server' cannot list keys — …"
 */
export type CheckStoreFits<TManifest, TLayer extends string, TStore> =
  [TStore] extends [undefined] ? TStore
  : CheckExactKeys<TManifest, TLayer, TStore> extends infer Problem extends string ? Problem
  : CheckListing<TManifest, TLayer, TStore> extends infer Problem extends string ? Problem
  : CheckMeasuring<TManifest, TLayer, TStore> extends infer Problem extends string ? Problem
  : TStore;

/**
 * The caches that pattern invalidations reach, each with a pattern that reaches it (cache → pattern).
 * A target of a write is a pattern when it has more `*` than the writer's pattern with the fewest
 * captures; a cache reached by a pattern passes patterns on in every starred target it has.
 *
 * @example
 * type P = PatternInvalidated<typeof app>
 * //=> { data_cache: "data:*" }
 */
export type PatternInvalidated<TManifest> = Closure<TManifest, DirectPatternTargets<TManifest>>;

type CapabilitiesOf<TStore> = TStore extends { readonly capabilities?: infer C } ? Exclude<C, undefined> : never;
type Says<TStore, TField extends string> = CapabilitiesOf<TStore> extends { readonly [F in TField]: false } ? true : false;

/** The caches `TLayer` owns, as a union. */
type Owned<TManifest, TLayer extends string> = { [C in CacheName<TManifest>]: PrimaryOf<TManifest, C> extends TLayer ? C : never }[CacheName<TManifest>];

type CheckExactKeys<TManifest, TLayer extends string, TStore> =
  Says<TStore, "exactKeys"> extends true
    ? [Owned<TManifest, TLayer>] extends [never] ? never : InexactKeysMessage<StoreLabel<TStore>, TLayer>
    : never;

type CheckMeasuring<TManifest, TLayer extends string, TStore> =
  Says<TStore, "measuresSize"> extends true
    ? SizedCaches<TManifest, TLayer> extends infer C extends string
      ? [C] extends [never] ? never : CannotMeasureMessage<LastOf<C> & string, StoreLabel<TStore>, TLayer>
      : never
    : never;

type SizedCaches<TManifest, TLayer extends string> = { [C in Owned<TManifest, TLayer>]: FieldOf<TManifest, C, "maxSize"> extends undefined ? never : C }[Owned<TManifest, TLayer>];

type CheckListing<TManifest, TLayer extends string, TStore> =
  Says<TStore, "listsKeys"> extends true
    ? PatternInvalidated<TManifest> extends infer P
      ? Extract<Owned<TManifest, TLayer>, keyof P> extends infer C extends string
        ? [C] extends [never] ? never
          : LastOf<C> extends infer Cache extends string & keyof P ? CannotListMessage<Cache, P[Cache] & string, StoreLabel<TStore>, TLayer> : never
        : never
      : never
    : never;

/** The targets of a cache, as a union. */
type TargetsOf<TManifest, TCache extends string> = FieldOf<TManifest, TCache, "invalidates"> extends infer T ? (T extends readonly string[] ? T[number] : never) : never;

/** The fewest `*` among a cache's own patterns, as a tuple: what a write of it captures at least. */
type FewestStars<TManifest, TCache extends string> = Shortest<StarsOfEach<OwnsOf<TManifest, TCache>>>;
type StarsOfEach<TPattern extends string> = TPattern extends unknown ? Stars<TPattern> : never;
type Shortest<S extends "*"[], Acc extends "*"[] = []> =
  [S] extends [never] ? [] : Acc extends S ? Acc : Acc["length"] extends 32 ? Acc : Shortest<S, [...Acc, "*"]>;

/** Whether a tuple of stars is longer than another. */
type Longer<A extends "*"[], B extends "*"[]> = A extends [...B, "*", ...unknown[]] ? true : false;

/** Target → the caches owning a pattern it overlaps. */
type OwnersOverlapping<TManifest, TTarget extends string> = { [C in CacheName<TManifest>]: true extends (OwnsOf<TManifest, C> extends infer P extends string ? (P extends unknown ? IsOverlapping<TTarget, P> : never) : never) ? C : never }[CacheName<TManifest>];

/** cache → pattern, for the targets that stay patterns whatever key was written. */
type DirectPatternTargets<TManifest> = Pairs<TManifest, { [W in CacheName<TManifest>]: TargetsOf<TManifest, W> extends infer T extends string ? (T extends unknown ? (Longer<Stars<T>, FewestStars<TManifest, W>> extends true ? T : never) : never) : never }[CacheName<TManifest>]>;

/** cache → pattern for each target, as one object (a later target overwrites nothing: the first found stays). */
type Pairs<TManifest, TTargets extends string> = { [C in OwnersOfAny<TManifest, TTargets>]: FirstTargetOf<TManifest, C, TTargets> };
type OwnersOfAny<TManifest, TTargets extends string> = TTargets extends unknown ? OwnersOverlapping<TManifest, TTargets> : never;
type FirstTargetOf<TManifest, TCache extends string, TTargets extends string> = LastOf<TTargets extends unknown ? (TCache extends OwnersOverlapping<TManifest, TTargets> ? TTargets : never) : never>;

/** Adds the caches reached by the starred targets of caches already reached, until nothing changes (at most 64 steps). */
type Closure<TManifest, TReached, Depth extends 0[] = []> =
  Depth["length"] extends 64 ? TReached
  : Pairs<TManifest, StarredTargetsOf<TManifest, keyof TReached & string>> extends infer Next
    ? Exclude<keyof Next, keyof TReached> extends never ? TReached
      : Closure<TManifest, TReached & Omit<Next, keyof TReached>, [...Depth, 0]>
    : TReached;

type StarredTargetsOf<TManifest, TCaches extends string> = TCaches extends unknown ? (TargetsOf<TManifest, TCaches> extends infer T extends string ? (T extends `${string}*${string}` ? T : never) : never) : never;

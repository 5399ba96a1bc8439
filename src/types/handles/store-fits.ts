/**
 * Rule `store-fits`: the layer's store can do what the caches this layer owns ask of it
 * (`StoreCapabilities`). The run-time twin is `checkStoreFits` (src/runtime/stores/store-fits.ts), called
 * by `createLayer`; the message texts below are shared with it (src/runtime/stores/store-fit-messages.ts).
 *
 * Checked here, from the store's declared capability *types* (literal `false` only; a `boolean` is
 * left to the run-time twin):
 * - a cache with `maxSize` needs `measuresSize` (where several caches have one, the run-time twin names
 *   the first in manifest order, the types whichever the compiler lists last);
 * - a layer that owns caches needs `exactKeys`.
 * Left to the run-time twin: a streaming cache's `chunkSize` against `maxValueBytes` (sizes are written
 * `"1MB"`, and multiplying in types costs more than the check is worth).
 * Not checkable before the call, so refused at the call (`CannotListAtRunTimeMessage`): a listing on a
 * store that cannot list. Pattern drops come only from run-time calls — `invalidate("x:*")`, a pattern
 * arriving by bus or route, and the cascades such a pattern starts (rule 3 gives every `*` of a write's
 * targets a captured part, so a write itself only ever drops keys) — and from `clear()`/`sweepChunks()`.
 *
 * Wired into `CreateLayer` (src/types/handles/create-layer.ts): the store is read off the options and
 * checked there, the message landing on the `store` property.
 *
 * `CheckStoreFits` returns `TStore` itself when it fits (and for `undefined`: the default memory store).
 */
import type { FieldOf, OwnedCaches } from "../manifest/access.js";
import type { LastOf } from "../manifest/pattern-index.js";

// ── messages (the run-time twins are in src/runtime/stores/store-fit-messages.ts) ──────────────

/** A call that needs a listing (`keys(pattern)`, `clear()`, `sweepChunks()`), on a store that cannot list.
 *
 * @example
 * type M = CannotListAtRunTimeMessage<"keys('data:*')", "data_cache", "keyv (@keyv/memcache)", "server">
 * //=> "✗ keys('data:*') of cache 'data_cache' needs store 'keyv (@keyv/memcache)' of layer 'server' to list keys, which it cannot — invalidate keys instead of patterns, or use a store that lists keys"
 */
export type CannotListAtRunTimeMessage<
  TCall extends string,
  TCache extends string,
  TStore extends string,
  TLayer extends string,
> = `✗ ${TCall} of cache '${TCache}' needs store '${TStore}' of layer '${TLayer}' to list keys, which it cannot — invalidate keys instead of patterns, or use a store that lists keys`;

/** `maxSize` on a store that cannot count bytes.
 *
 * @example
 * type M = CannotMeasureMessage<"data_cache", "custom", "server">
 * //=> "✗ cache 'data_cache' has a maxSize, but store 'custom' of layer 'server' cannot count the bytes it holds — remove maxSize, or use a store that measures its entries"
 */
export type CannotMeasureMessage<
  TCache extends string,
  TStore extends string,
  TLayer extends string,
> = `✗ cache '${TCache}' has a maxSize, but store '${TStore}' of layer '${TLayer}' cannot count the bytes it holds — remove maxSize, or use a store that measures its entries`;

/** A store whose keys are compared inexactly (folded by case, accents or trailing spaces), for a layer that owns caches.
 *
 * @example
 * type M = InexactKeysMessage<"custom", "server">
 * //=> "✗ store 'custom' of layer 'server' compares keys inexactly, so keys differing only in case, accents or trailing spaces would share one entry — use a store that compares keys exactly"
 */
export type InexactKeysMessage<
  TStore extends string,
  TLayer extends string,
> = `✗ store '${TStore}' of layer '${TLayer}' compares keys inexactly, so keys differing only in case, accents or trailing spaces would share one entry — use a store that compares keys exactly`;

/** A streaming cache whose chunks do not fit one entry of the store.
 *
 * @example
 * type M = ChunkTooLargeMessage<"video_cache", "1048576", "keyv (@keyv/memcache)", "edge", "785808">
 * //=> "✗ cache 'video_cache' streams chunks of 1048576 bytes, more than store 'keyv (@keyv/memcache)' of layer 'edge' holds in one entry (785808 bytes) — set chunkSize to at most 785808 bytes"
 */
export type ChunkTooLargeMessage<
  TCache extends string,
  TChunkSize extends string,
  TStore extends string,
  TLayer extends string,
  TMax extends string,
> = `✗ cache '${TCache}' streams chunks of ${TChunkSize} bytes, more than store '${TStore}' of layer '${TLayer}' holds in one entry (${TMax} bytes) — set chunkSize to at most ${TMax} bytes`;

/** One value too large for one entry of the store (checked at `set`; a `ValueError`).
 *
 * @example
 * type M = ValueTooLargeForStoreMessage<"doc:1", "doc_cache", "70000", "keyv (@keyv/mysql)", "server", "65535">
 * //=> "✗ value of 'doc:1' in cache 'doc_cache' takes 70000 bytes as stored, more than store 'keyv (@keyv/mysql)' of layer 'server' holds in one entry (65535 bytes) — store a smaller value, stream it (streaming: true) in smaller chunks, or use a store with larger entries"
 */
export type ValueTooLargeForStoreMessage<
  TKey extends string,
  TCache extends string,
  TBytes extends string,
  TStore extends string,
  TLayer extends string,
  TMax extends string,
> = `✗ value of '${TKey}' in cache '${TCache}' takes ${TBytes} bytes as stored, more than store '${TStore}' of layer '${TLayer}' holds in one entry (${TMax} bytes) — store a smaller value, stream it (streaming: true) in smaller chunks, or use a store with larger entries`;

// ── the check ───────────────────────────────────────────────────────────────────────────────

/**
 * How a store is named in these messages: its `kind`, and the backend its capabilities describe.
 *
 * @example
 * type L = StoreLabel<{ kind: "keyv"; capabilities: { backend: "@keyv/memcache" } }>
 * //=> "keyv (@keyv/memcache)"
 */
export type StoreLabel<TStore> =
  TStore extends { readonly kind: infer K extends string } ?
    CapabilitiesOf<TStore> extends { readonly backend?: infer B } ?
      Exclude<B, undefined> extends infer Backend extends string ?
        [Backend] extends [never] ? K
        : string extends Backend ? K
        : `${K} (${Backend})`
      : K
    : K
  : "store";

/**
 * `TStore` when the layer's store can serve every cache `TLayer` owns, else the first reason it cannot.
 *
 * @example
 * type A = CheckStoreFits<typeof app, "edge", { kind: "custom"; capabilities: { listsKeys: true; ttlResolutionMs: 1; exactKeys: true; measuresSize: false } }>
 * //=> "✗ cache 'product_cache' has a maxSize, but store 'custom' of layer 'edge' cannot count the bytes it holds — remove maxSize, or use a store that measures its entries"
 */
export type CheckStoreFits<TManifest, TLayer extends string, TStore> =
  [TStore] extends [undefined] ? TStore : FirstProblem<[CheckExactKeys<TManifest, TLayer, TStore>, CheckMeasuring<TManifest, TLayer, TStore>], TStore>;

/** The first message of a list of checks (`never`: that check passed), else what fits. */
type FirstProblem<TProblems extends unknown[], TFits> =
  TProblems extends [infer Problem, ...infer Rest] ?
    [Problem] extends [never] ?
      FirstProblem<Rest, TFits>
    : Problem
  : TFits;

type CapabilitiesOf<TStore> = TStore extends { readonly capabilities?: infer C } ? Exclude<C, undefined> : never;
type Says<TStore, TField extends string> = CapabilitiesOf<TStore> extends { readonly [F in TField]: false } ? true : false;

type CheckExactKeys<TManifest, TLayer extends string, TStore> =
  Says<TStore, "exactKeys"> extends true ?
    [OwnedCaches<TManifest, TLayer>] extends [never] ?
      never
    : InexactKeysMessage<StoreLabel<TStore>, TLayer>
  : never;

type CheckMeasuring<TManifest, TLayer extends string, TStore> =
  Says<TStore, "measuresSize"> extends true ?
    SizedCaches<TManifest, TLayer> extends infer C extends string ?
      [C] extends [never] ?
        never
      : CannotMeasureMessage<LastOf<C> & string, StoreLabel<TStore>, TLayer>
    : never
  : never;

type SizedCaches<TManifest, TLayer extends string> = {
  [C in OwnedCaches<TManifest, TLayer>]: FieldOf<TManifest, C, "maxSize"> extends undefined ? never : C;
}[OwnedCaches<TManifest, TLayer>];

import type * as M from "../../types/handles/store-fits.js";

// Run-time twins of the messages in src/types/handles/store-fits.ts: each returns exactly its type, so the texts cannot drift.

/** The run-time twin of `CannotListAtRunTimeMessage`. */
export const cannotListAtRunTimeMessage = <const TCall extends string, const TCache extends string, const TStore extends string, const TLayer extends string>(
  call: TCall,
  cache: TCache,
  store: TStore,
  layer: TLayer,
): M.CannotListAtRunTimeMessage<TCall, TCache, TStore, TLayer> =>
  `✗ ${call} of cache '${cache}' needs store '${store}' of layer '${layer}' to list keys, which it cannot — invalidate keys instead of patterns, or use a store that lists keys`;

/** The run-time twin of `CannotMeasureMessage`. */
export const cannotMeasureMessage = <const TCache extends string, const TStore extends string, const TLayer extends string>(
  cache: TCache,
  store: TStore,
  layer: TLayer,
): M.CannotMeasureMessage<TCache, TStore, TLayer> =>
  `✗ cache '${cache}' has a maxSize, but store '${store}' of layer '${layer}' cannot count the bytes it holds — remove maxSize, or use a store that measures its entries`;

/** The run-time twin of `InexactKeysMessage`. */
export const inexactKeysMessage = <const TStore extends string, const TLayer extends string>(
  store: TStore,
  layer: TLayer,
): M.InexactKeysMessage<TStore, TLayer> =>
  `✗ store '${store}' of layer '${layer}' compares keys inexactly, so keys differing only in case, accents or trailing spaces would share one entry — use a store that compares keys exactly`;

/** The run-time twin of `ChunkTooLargeMessage`. */
export const chunkTooLargeMessage = <
  const TCache extends string,
  const TChunkSize extends string,
  const TStore extends string,
  const TLayer extends string,
  const TMax extends string,
>(
  cache: TCache,
  chunkSize: TChunkSize,
  store: TStore,
  layer: TLayer,
  max: TMax,
): M.ChunkTooLargeMessage<TCache, TChunkSize, TStore, TLayer, TMax> =>
  `✗ cache '${cache}' streams chunks of ${chunkSize} bytes, more than store '${store}' of layer '${layer}' holds in one entry (${max} bytes) — set chunkSize to at most ${max} bytes`;

/** The run-time twin of `ValueTooLargeForStoreMessage`. */
export const valueTooLargeForStoreMessage = <
  const TKey extends string,
  const TCache extends string,
  const TBytes extends string,
  const TStore extends string,
  const TLayer extends string,
  const TMax extends string,
>(
  key: TKey,
  cache: TCache,
  bytes: TBytes,
  store: TStore,
  layer: TLayer,
  max: TMax,
): M.ValueTooLargeForStoreMessage<TKey, TCache, TBytes, TStore, TLayer, TMax> =>
  `✗ value of '${key}' in cache '${cache}' takes ${bytes} bytes as stored, more than store '${store}' of layer '${layer}' holds in one entry (${max} bytes) — store a smaller value, stream it (streaming: true) in smaller chunks, or use a store with larger entries`;

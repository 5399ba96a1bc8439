import type { BadFieldMessage, ChunkSizeWithoutStreamingMessage, StreamingWithoutChunkSizeMessage } from "../messages/manifest.js";
import type { HasField, IsOn } from "./access.js";
import type { CheckSize } from "./sizes-and-durations.js";

/**
 * Rule 5, on `streaming`: a streaming cache names its `chunkSize`.
 *
 * @example
 * const spec = { caches: { video_cache: { primary: "edge", owns: ["video:*"], streaming: true } } } as const
 * type V = CheckStreaming<typeof spec, "video_cache", true>
 * //=> "✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB'"
 */
export type CheckStreaming<TManifest, TCache extends string, TValue> =
  TValue extends boolean ?
    TValue extends true ?
      HasField<TManifest, TCache, "chunkSize"> extends true ?
        TValue
      : StreamingWithoutChunkSizeMessage<TCache>
    : TValue
  : BadFieldMessage<"streaming", TCache, "true or false">;

/**
 * Rule 5, on `chunkSize`: only a streaming cache has one, and it is a size (rule 6).
 *
 * @example
 * type V = CheckChunkSize<typeof app, "user_data", "1MB">
 * //=> "✗ cache 'user_data' has a chunkSize but does not stream — add streaming: true or remove chunkSize"
 */
export type CheckChunkSize<TManifest, TCache extends string, TValue> =
  IsOn<TManifest, TCache, "streaming"> extends true ? CheckSize<"chunkSize", TCache, TValue> : ChunkSizeWithoutStreamingMessage<TCache>;

import type { Guard } from "./guard.js";
import { issueOn } from "./guard.js";
import { chunkSizeWithoutStreamingMessage, streamingWithoutChunkSizeMessage } from "../messages/manifest.js";

/**
 * Rule 5: `streaming: true` needs a `chunkSize`, and a `chunkSize` needs `streaming: true`.
 *
 * @example
 * import { checkManifestShape } from "./manifest-shape.js"
 * const { view } = checkManifestShape({ caches: { video_cache: { primary: "edge", owns: ["video:*"], streaming: true } } })
 * streamingNeedsChunkSize(view!)[0]?.message
 * //=> "✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB'"
 */
export const streamingNeedsChunkSize: Guard = (manifest) =>
  manifest.caches.flatMap((cache) => {
    const streams = cache.input["streaming"] === true;
    const hasChunkSize = cache.input["chunkSize"] !== undefined;
    if (streams && !hasChunkSize) return [issueOn(cache, "streaming-needs-chunk-size", streamingWithoutChunkSizeMessage(cache.name), { field: "streaming" })];
    if (!streams && hasChunkSize) return [issueOn(cache, "streaming-needs-chunk-size", chunkSizeWithoutStreamingMessage(cache.name), { field: "chunkSize" })];
    return [];
  });

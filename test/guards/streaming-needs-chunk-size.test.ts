import { describe, it } from "node:test";
import type { ChunkSizeWithoutStreamingMessage, StreamingWithoutChunkSizeMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

describe("streaming needs chunk size", () => {
  it("accepts a streaming cache with a chunkSize", () => {
    assertAccepted({ caches: { video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1MB" } } });
  });

  it("accepts 'streaming: false' without a chunkSize", () => {
    assertAccepted({ caches: { video_cache: { primary: "edge", owns: ["video:*"], streaming: false } } });
  });

  it("rejects 'video_cache' streaming without a chunkSize", () => {
    assertRejectedWith(
      { caches: { video_cache: { primary: "edge", owns: ["video:*"], streaming: true } } },
      {
        rule: "streaming-needs-chunk-size",
        message: "✗ cache 'video_cache' streams without chunkSize — add chunkSize, e.g. '1MB' (at caches.video_cache.streaming)" satisfies Located<
          StreamingWithoutChunkSizeMessage<"video_cache">,
          "caches.video_cache.streaming"
        >,
        cache: "video_cache",
        layer: "edge",
        field: "streaming",
      },
    );
  });

  it("rejects a chunkSize on a cache that does not stream", () => {
    assertRejectedWith(
      { caches: { video_cache: { primary: "edge", owns: ["video:*"], chunkSize: "1MB" } } },
      {
        rule: "streaming-needs-chunk-size",
        message:
          "✗ cache 'video_cache' has a chunkSize but does not stream — add streaming: true or remove chunkSize (at caches.video_cache.chunkSize)" satisfies Located<
            ChunkSizeWithoutStreamingMessage<"video_cache">,
            "caches.video_cache.chunkSize"
          >,
        cache: "video_cache",
        layer: "edge",
        field: "chunkSize",
      },
    );
  });
});

import { describe, it } from "node:test";
import { chunkSizeWithoutStreamingMessage, streamingWithoutChunkSizeMessage } from "../../src/runtime/messages/manifest.js";
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
      { rule: "streaming-needs-chunk-size", message: streamingWithoutChunkSizeMessage("video_cache"), cache: "video_cache", layer: "edge", field: "streaming" },
    );
  });

  it("rejects a chunkSize on a cache that does not stream", () => {
    assertRejectedWith(
      { caches: { video_cache: { primary: "edge", owns: ["video:*"], chunkSize: "1MB" } } },
      { rule: "streaming-needs-chunk-size", message: chunkSizeWithoutStreamingMessage("video_cache"), cache: "video_cache", layer: "edge", field: "chunkSize" },
    );
  });
});

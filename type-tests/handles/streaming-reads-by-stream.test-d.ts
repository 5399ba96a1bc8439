// A streaming cache moves values chunk by chunk: stream/putStream instead of get/set.
import { expectError, expectType } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({
  caches: {
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1MB" },
    user_data: { primary: "client", owns: ["user:*"] },
  },
});
const edge = createLayer(app, "edge");
const videos = edge.own("video_cache");

await videos.putStream("video:1", [new Uint8Array(3)]);
for await (const chunk of videos.stream("video:1")) void chunk;
// Chunks a writer that died mid-value left behind, swept per streaming cache the layer owns.
expectType<Record<string, number>>(await edge.sweepChunks({ minAgeMs: 60_000 }));

//~ ✗ cannot get from cache 'video_cache': it streams — use stream(key)
expectError(videos.get("video:1"));

//~ ✗ cannot set from cache 'video_cache': it streams — use putStream(key, source)
expectError(videos.set("video:1", new Uint8Array(3)));

//~ ✗ cannot get from cache 'video_cache': it streams — use stream(key)
expectError(createLayer(app, "client", { remotes: { edge } }).borrow("video_cache").get("video:1"));

const client = createLayer(app, "client");
//~ ✗ cannot stream cache 'user_data': it does not stream — use get and set, or add streaming: true
expectError(client.own("user_data").stream("user:1"));

// Every whole-value read is refused on a streaming cache, as the run time refuses it.
//~ ✗ cannot getMany from cache 'video_cache': it streams — use stream(key)
expectError(videos.getMany(["video:1"]));
//~ ✗ cannot getWithMeta from cache 'video_cache': it streams — use stream(key)
expectError(videos.getWithMeta("video:1"));

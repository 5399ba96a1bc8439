// `invalidate` takes a key of the cache (a handle) or of the manifest (a layer), or a pattern reaching
// one: anything else is refused with the run-time twin's text (BorrowError, rules key-in-patterns and
// unknown-cache, test/invalidation/cascade.test.ts and test/http/one-meaning-per-route.test.ts).
import { expectError } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({
  caches: {
    data_cache: { primary: "server", owns: ["data:*", "popular:*"] },
    profile: { primary: "server", owns: ["profile:*"] },
  },
});
const server = createLayer(app, "server");
const data = server.own("data_cache");
const id: string = "7";
const anything: string = "data:8";

await server.invalidate("data:1");
await server.invalidate("data:*");
await server.invalidate("profile*"); // reaches every 'profile:…' key, as the run time's accepts()
await server.invalidate(`data:${id}`);
await server.invalidate(anything); // left to the run-time twin
await data.invalidate("data:1");
await data.invalidate("popular:*");
await data.invalidate("d*");
await data.invalidate(`popular:${id}`);
await data.invalidate(anything);

//~ ✗ 'dta:*' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns
expectError(server.invalidate("dta:*"));
//~ ✗ 'dta:1' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns
expectError(server.invalidate("dta:1"));
//~ ✗ key 'dta:1' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'
expectError(data.invalidate("dta:1"));
//~ ✗ key 'profile:*' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'
expectError(data.invalidate("profile:*"));

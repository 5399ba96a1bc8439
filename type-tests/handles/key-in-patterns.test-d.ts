// Keys are typed by the cache's patterns.
import { expectError } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({ caches: { data_cache: { primary: "server", owns: ["data:*", "popular:*"] } } });
const server = createLayer(app, "server");
const data = server.own("data_cache");

const id = "42" as string;
await data.get(`data:${id}`);
await data.get("popular:home");
await data.has("data:1");

//~ ✗ key 'orders:1' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'
expectError(data.get("orders:1"));

//~ ✗ key 'datum:1' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'
expectError(server.borrow("data_cache").get("datum:1"));

//~ ✗ key 'orders:1' is not in cache 'data_cache' — use a key matching 'data:*', 'popular:*'
expectError(data.delete("orders:1"));

// own() compiles only on the cache's primary layer; borrow() on any; follow() gives Owned on the primary, Borrowed elsewhere.
import { expectError } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"] },
    feed: { primary: "edge", owns: ["feed:*", "feed_meta:*"] },
  },
});
const client = createLayer(app, "client");
const server = createLayer(app, "server");

client.own("user_data");
client.own("user:*");
server.borrow("user_data");
server.borrow("user:*");
client.follow("user_data");
server.follow("user_data");

//~ ✗ cannot own 'user_data' from layer 'server': its primary layer is 'client' — borrow 'user:*' instead
expectError(server.own("user_data"));

//~ ✗ cannot own 'feed' from layer 'client': its primary layer is 'edge' — borrow 'feed:*', 'feed_meta:*' instead
expectError(client.own("feed_meta:*"));

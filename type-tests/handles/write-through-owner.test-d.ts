// A Borrowed handle reads; every write through it is an error at the call, naming the owner.
import { expectError } from "tsd";
import { createLayer, defineManifest, typed } from "../../src/index.js";

interface User {
  id: number;
  name: string;
}
const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], value: typed<User>() },
    feed: { primary: "edge", owns: ["feed:*", "feed_meta:*"] },
  },
});
const client = createLayer(app, "client");
const server = createLayer(app, "server", { remotes: { client } });

await client.own("user_data").set("user:1", { id: 1, name: "Ada" });
await server.borrow("user_data").get("user:1");
await client.follow("user_data").set("user:1", { id: 1, name: "Ada" });

// The seed's first disaster: the backend writing what the client owns.
//~ ✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)
expectError(server.follow("user_data").set("user:1", { id: 1, name: "Eve" }));

//~ ✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)
expectError(server.borrow("user_data").delete("user:1"));

//~ ✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)
expectError(server.borrow("user_data").getOrSet("user:1", () => ({ id: 1, name: "Eve" })));

//~ ✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)
expectError(server.borrow("user_data").atomicUpdate("user:1", (user: unknown) => user));

//~ ✗ cannot write 'feed:*', 'feed_meta:*' from layer 'client': owned by 'feed' (edge)
expectError(client.borrow("feed").set("feed:1", {}));

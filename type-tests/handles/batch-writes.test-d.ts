// Batch writes: setMany takes [key, value] pairs of the cache, deleteMany its keys; an exclusive cache has
// no setMany, as it has no set, with the same text. Soft invalidation takes a mode that is one.
import { expectError, expectType } from "tsd";
import { createLayer, defineManifest, typed } from "../../src/index.js";

const app = defineManifest({
  caches: {
    users: { primary: "server", owns: ["user:*"], value: typed<{ name: string }>(), ttl: "1m", grace: "10m" },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true, value: typed<number>() },
  },
});
const server = createLayer(app, "server");
const users = server.own("users");

await users.setMany([
  ["user:1", { name: "Ada" }],
  ["user:2", { name: "Grace" }],
]);
await users.setMany(new Map([["user:3", { name: "Edsger" }] as const]), { ttl: 60_000 });
expectType<boolean>(await users.deleteMany(["user:1", "user:2"]));
await users.invalidate("user:3", { mode: "expire" });
await server.invalidate("user:*", { mode: "expire" });

//~ ✗ cannot set in cache 'accounts': it is exclusive — write it with atomicUpdate(key, fn)
expectError(server.own("accounts").setMany([["account:1", 10]]));

//~ ✗ mode 'soft' of an invalidation of cache 'users' is not a mode — send 'delete' or 'expire'
expectError(users.invalidate("user:3", { mode: "soft" }));

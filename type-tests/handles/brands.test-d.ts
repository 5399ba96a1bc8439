// Compile-time only (no run-time twin: these are the types themselves): handles are branded by
// manifest, layer and cache; helper types let a function ask for exactly the capability it needs.
import { expectAssignable, expectError, expectNotAssignable, expectType } from "tsd";
import { createLayer, defineManifest, typed, type Borrowed, type Cached, type KeyOf, type Owned, type ValueOf } from "../../src/index.js";

interface User {
  id: number;
  name: string;
  born: Date;
}
const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], value: typed<User>() },
    product_cache: { primary: "edge", owns: ["products:*"] },
    data_cache: { primary: "server", owns: ["data:*", "popular:*"] },
  },
});
const client = createLayer(app, "client");
const server = createLayer(app, "server");

expectType<`user:${string}`>(null as unknown as KeyOf<typeof app, "user_data">);
expectType<`data:${string}` | `popular:${string}`>(null as unknown as KeyOf<typeof app, "data_cache">);
expectType<User>(null as unknown as ValueOf<typeof app, "user_data">);
declare const productValue: ValueOf<typeof app, "product_cache">; // no typed<T>(): unknown
expectType<unknown>(productValue);

// Reads are read-only all the way down: the stored value cannot be corrupted through a hit.
expectType<Cached<User> | undefined>(await client.own("user_data").get("user:1"));

// Owned on the primary, Borrowed elsewhere; a Borrowed is never accepted where an Owned is asked for.
expectAssignable<Owned<typeof app, "user_data", "client">>(client.follow("user_data"));
expectAssignable<Borrowed<typeof app, "user_data", "server">>(server.follow("user_data"));
expectNotAssignable<Owned<typeof app, "user_data", "server">>(server.borrow("user_data"));
// One cache's handle is not another's.
expectNotAssignable<Owned<typeof app, "product_cache", "client">>(client.own("user_data"));

function rename(users: Owned<typeof app, "user_data", "client">) {
  return users.set("user:1", { id: 1, name: "Ada", born: new Date(0) });
}
await rename(client.own("user_data"));
//~ [ownedBrand]
expectError(rename(server.borrow("user_data")));

// A stored value is read-only.
const user = await client.own("user_data").get("user:1");
//~ Cannot assign to 'name' because it is a read-only property.
expectError((user!.name = "Eve"));

// A layer that owns a warm cache needs a source that can list its keys.
const warm = defineManifest({ caches: { popular: { primary: "server", owns: ["popular:*"], warm: { prefetch: ["popular:*"] } } } });
createLayer(warm, "server", {
  sources: {
    popular: {
      load: async () => 1,
      keys: async function* () {
        yield "popular:1";
      },
    },
  },
});
//~ Property 'popular' is missing
expectError(createLayer(warm, "server", { sources: {} }));
//~ Property 'keys' is missing
expectError(createLayer(warm, "server", { sources: { popular: { load: async () => 1 } } }));

/**
 * Seed disaster 3 — cache invalidation hell.
 *
 * Without a borrow checker the server updates `user:123` and forgets to invalidate the edge's cached
 * profile and the client's cached settings: different layers now see different data.
 *
 * With borrowcache the manifest says what a write to `user:*` invalidates (`profile:*`, `settings:*`),
 * and only the owner may write it. A write through the `Owned` handle drops `profile:42` at the edge
 * and `settings:42` at the client (the captured `42` carries over), wherever those caches live. A
 * layer that could not reach an owner to invalidate refuses the write before writing anything.
 *
 * Run: node --import tsx examples/03-invalidation.ts
 */
import { BorrowError, createLayer, defineManifest } from "../src/index.js";

type User = { id: string; name: string };

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*", "settings:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    settings: { primary: "client", owns: ["settings:*"], strategy: "offline_first" },
  },
});

// The database behind everything.
const users = new Map<string, User>([["42", { id: "42", name: "Ada" }]]);
const profiles = {
  async load(key: string) {
    const user = users.get(key.split(":")[1]!);
    return user && { title: `Profile of ${user.name}` };
  },
};

const client = createLayer(app, "client");
const edge = createLayer(app, "edge", { sources: { profile: profiles } });
const server = createLayer(app, "server", { remotes: { edge, client } });

console.log("before:", await edge.own("profile").get("profile:42"));
await client.own("settings").set("settings:42", { theme: "dark", greeting: "Hello Ada" });

// What each owner hears (serveLayer turns these into server-sent events for remote readers).
edge.onInvalidate(({ cache, target }) => console.log(`  edge dropped ${target} (${cache})`));
client.onInvalidate(({ cache, target }) => console.log(`  client dropped ${target} (${cache})`));

const followedUsers = edge.follow("user_data");
const eve = { id: "42", name: "Eve" };
// @ts-expect-error ✗ cannot write 'user:*' from layer 'edge': owned by 'user_data' (server)
await followedUsers.set("user:42", eve).catch(() => undefined);

console.log("server writes user:42 …");
users.set("42", { id: "42", name: "Ada Lovelace" });
await server.own("user_data").set("user:42", users.get("42"));
console.log("after:", await edge.own("profile").get("profile:42"));
console.log("client settings:42 now:", await client.own("settings").get("settings:42"));

// What the runtime does instead, for JavaScript callers and casts: the same text, as a BorrowError.
try {
  await (edge.follow("user_data") as unknown as { set(key: string, value: unknown): Promise<void> }).set("user:42", {});
} catch (error) {
  if (error instanceof BorrowError) console.log(`runtime twin (${error.rule}): ${error.message}`);
}

// A server that cannot reach the edge would leave a stale profile behind: tsc refuses to create it, and
// so does the runtime, for JavaScript callers — before anything can be written.
try {
  // @ts-expect-error ✗ cache 'user_data' (server) invalidates 'profile:*', owned by 'profile' (edge), but layer 'server' has no route to 'edge' — pass remotes: { edge } to createLayer
  createLayer(app, "server");
} catch (error) {
  if (error instanceof BorrowError) console.log(`isolated server (${error.rule}): ${error.message}`);
}

// By hand: every user changed (a migration) — one call drops every profile and setting too.
await edge.own("profile").get("profile:42");
console.log("server invalidates 'user:*' …");
await server.invalidate("user:*");
console.log("stats:", { edge: edge.stats().total.invalidations, client: client.stats().total.invalidations });

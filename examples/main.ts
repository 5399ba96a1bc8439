/**
 * borrowcache in one process: a client, an edge and a server layer, each with its own store, wired to
 * each other through `remotes` (in production: `remoteLayer(url)` over HTTP, `redisStore`, `idbStore`).
 * Each cache has one owner; everyone else borrows; writes invalidate what the manifest says.
 *
 * Run: npm run example   (node --import tsx examples/main.ts)
 */
import { createLayer, defineManifest, describe, memoryStore } from "../src/index.js";

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB", ttl: "10m" },
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"], backfill: true } },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true },
    request_temp: { primary: "server", owns: ["req:*"], lifetime: "request" },
  },
});

const say = (line: string) => console.log(line);
let dbReads = 0;
const db = {
  async load(key: string) {
    dbReads += 1;
    return { key, loadedAt: dbReads };
  },
  async *keys(pattern: string) {
    if (pattern === "popular:*") yield* ["popular:1", "popular:2", "popular:3"];
  },
};

const server = createLayer(app, "server", { store: memoryStore(), sources: { data_cache: db } });
const edge = createLayer(app, "edge", {
  store: memoryStore({ maxSize: "64MB" }),
  sources: { product_cache: { load: async (key) => ({ sku: key, price: 42 }) }, profile: { load: async (key) => ({ of: key, version: dbReads }) } },
  remotes: { server },
});
const client = createLayer(app, "client", { store: memoryStore(), remotes: { edge, server } });

say("── the manifest, as a diagram (describe) ──");
say(describe(app));

say("\n── warm start: the server prefetches popular:* ──");
const warmed = await server.warm({ onProgress: ({ cache, phase, done, total }) => phase === "end" && say(`  ${cache}: ${done}/${total} warmed`) });
say(`  ok: ${warmed.ok}; a client read of popular:1 is a hit at the server: ${JSON.stringify(await client.borrow("data_cache").get("popular:1"))}`);

say("\n── own / borrow: one copy, at the owner ──");
await Promise.all(Array.from({ length: 1000 }, () => client.borrow("products:*").get("products:7")));
say(`  1,000 concurrent client reads of products:7 → edge loads: ${edge.stats().caches["product_cache"]!.loads}, client copies: ${client.stats().total.sets}`);
const meta = await client.borrow("product_cache").getWithMeta("products:7");
say(
  `  getWithMeta: hit=${meta.hit} stale=${meta.stale} layer=${meta.layer} expiresIn=${meta.expiresAt === undefined ? "never" : `${Math.round((meta.expiresAt - Date.now()) / 1000)}s`}`,
);

say("\n── follow: Owned on the primary, Borrowed elsewhere ──");
const onClient = client.follow("user_data");
const onServer = server.follow("user_data");
say(
  `  client.follow('user_data') can set: ${"atomicUpdate" in onClient && typeof onClient.set === "function"}; server.follow('user_data') writes → ${await (
    onServer as unknown as { set(k: string, v: unknown): Promise<void> }
  )
    .set("user:1", {})
    .then(
      () => "written",
      (error: Error) => error.message,
    )}`,
);

say("\n── invalidation: a client write drops the edge's profile ──");
say(`  edge profile:1 before: ${JSON.stringify(await edge.own("profile").get("profile:1"))}`);
edge.onInvalidate(({ target }) => say(`  edge heard: drop ${target}`));
await client.own("user_data").set("user:1", { name: "Ada" });
say(`  edge still holds profile:1: ${await edge.own("profile").has("profile:1")}`);

say("\n── exclusive: atomicUpdate under a per-key lock ──");
const accounts = server.own("accounts");
await Promise.all(Array.from({ length: 1000 }, () => accounts.atomicUpdate("account:1", (balance) => ((balance as number | undefined) ?? 0) + 1)));
say(`  1,000 concurrent deposits → balance ${String(await accounts.get("account:1"))}`);

say("\n── request lifetime: scoped keys vanish when the request ends ──");
await server.scope("request", async (req) => {
  await req.setScoped("req:abc:user", { id: 1 });
  say(`  during the request: ${JSON.stringify(await server.own("request_temp").get("req:abc:user"))}`);
});
say(`  after the request: ${String(await server.own("request_temp").get("req:abc:user"))}`);

say("\n── stats ──");
for (const layer of [client, edge, server]) {
  const { hits, misses, loads, sets, invalidations } = layer.stats().total;
  say(`  ${layer.name.padEnd(6)} hits ${hits}, misses ${misses}, loads ${loads}, sets ${sets}, invalidations ${invalidations}`);
}
await Promise.all([client.close(), edge.close(), server.close()]);

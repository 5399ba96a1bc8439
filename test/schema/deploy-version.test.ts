// Deploy versions: `version` on a cache makes entries written under another version misses, in every
// store, without a scan — the version travels in each entry. Real parts: Redis (its own namespace),
// IndexedDB (fake-indexeddb), a streamed value's header and chunks on Redis, and a loopback HTTP route
// (serveLayer + remoteLayer over node:http).
import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import { ChunkedValueError, createLayer, defineManifest, idbStore, redisStore, serveLayer, typed } from "../../src/index.node.js";
import { remoteLayer, serveNode } from "../../src/index.node.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "../redis/support.js";

const manifestAt = (version: string | number | undefined) =>
  defineManifest({
    layers: ["client", "server"],
    caches: {
      user_data: { primary: "server", owns: ["user:*"], value: typed<{ name: string }>(), ...(version === undefined ? {} : { version }) },
      profile: { primary: "server", owns: ["profile:*"], value: z.object({ bio: z.string() }), ...(version === undefined ? {} : { version }) },
      videos: { primary: "server", owns: ["video:*"], streaming: true, chunkSize: "4B", ...(version === undefined ? {} : { version }) },
    },
  });

const bytes = (text: string) => new TextEncoder().encode(text);
async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += new TextDecoder().decode(chunk);
  return text;
}

describe("deploy versions", () => {
  const namespace = testNamespace("version:");
  const closers: (() => Promise<void> | void)[] = [];
  let raw: Awaited<ReturnType<typeof rawClient>>;
  const onRedis = (version: string | number | undefined, source?: { load: (key: string) => Promise<unknown> }) => {
    const store = redisStore(REDIS_URL, { namespace });
    closers.push(() => store.close());
    return createLayer(manifestAt(version), "server", { store, ...(source ? { sources: { user_data: source, profile: source } as never } : {}) });
  };

  before(async () => {
    raw = await rawClient();
  });
  after(async () => {
    for (const close of closers) await close();
    await deleteNamespace(namespace);
    raw.destroy();
  });

  it("Redis: an entry of the previous deploy is a miss; the fill is stamped with the new version", async () => {
    const old = onRedis("2026-12-03");
    await old.own("user_data").set("user:1", { name: "old deploy" });
    assert.match((await raw.get(`${namespace}::user_data::user:1`)) ?? "", /"n":"2026-12-03"/);

    const loads: string[] = [];
    const next = onRedis("2026-12-04", { load: async (key) => (loads.push(key), { name: "from source" }) });
    assert.deepEqual(await next.own("user_data").get("user:1"), { name: "from source" });
    assert.deepEqual(loads, ["user:1"]);
    assert.match((await raw.get(`${namespace}::user_data::user:1`)) ?? "", /"n":"2026-12-04"/);
    assert.deepEqual(await next.own("user_data").get("user:1"), { name: "from source" });
    assert.equal(next.stats().caches["user_data"]?.hits, 1, "the new deploy's own entry is a hit");
    // The old deploy, still running during a rollout, does not read the new deploy's data either.
    assert.equal(await old.own("user_data").has("user:1"), false);
  });

  it("Redis: a number version, and entries written before a cache had a version, are misses too", async () => {
    await onRedis(undefined).own("user_data").set("user:2", { name: "unversioned" });
    const next = onRedis(7);
    assert.equal(await next.own("user_data").has("user:2"), false);
    await next.own("user_data").set("user:2", { name: "seven" });
    assert.deepEqual(await onRedis(7).own("user_data").get("user:2"), { name: "seven" });
    assert.equal(await onRedis(8).own("user_data").has("user:2"), false);
  });

  it("Redis: a streamed value of another version is missing, its header checked (chunks are reached only through it)", async () => {
    await onRedis("a")
      .own("videos")
      .putStream("video:1", [bytes("abcdefghij")]);
    assert.equal(await collect(onRedis("a").own("videos").stream("video:1")), "abcdefghij");
    await assert.rejects(collect(onRedis("b").own("videos").stream("video:1")), ChunkedValueError);
  });

  it("IndexedDB (fake-indexeddb): an entry of another version is a miss", async () => {
    const at = (version: string) => {
      const store = idbStore(`version-${namespace}`);
      return createLayer(manifestAt(version), "server", { store });
    };
    await at("v1").own("user_data").set("user:3", { name: "v1" });
    assert.deepEqual(await at("v1").own("user_data").get("user:3"), { name: "v1" });
    assert.equal(await at("v2").own("user_data").has("user:3"), false);
  });

  it("HTTP (serveLayer + remoteLayer on loopback): a borrower reads the new deploy's value, never the old one", async () => {
    await onRedis("old").own("profile").set("profile:1", { bio: "old deploy" });
    const owner = onRedis("new", { load: async () => ({ bio: "from source" }) });
    const served = await serveNode(serveLayer(owner, { expose: ["profile"] }));
    const route = remoteLayer(served.url, { layer: "server" });
    closers.push(async () => {
      route.close();
      await served.close();
    });
    const client = createLayer(manifestAt("new"), "client", { remotes: { server: route } });
    const read = await client.borrow("profile").getWithMeta("profile:1");
    assert.deepEqual(read.value, { bio: "from source" });
    assert.equal(read.hit, false);
    assert.deepEqual((await client.borrow("profile").getWithMeta("profile:1")).value, { bio: "from source" });
  });
});

// Schemas as values on a real Redis (redisStore on 127.0.0.1:6379, a namespace of its own): a value
// stored by someone else that fails the cache's schema is a miss plus a ValueError event, never a
// wrong value; the source is loaded instead. Both zod 4 and valibot, sync and async validation.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as v from "valibot";
import { z } from "zod";
import { createLayer, defineManifest, redisStore, tieredStore, memoryStore, typed, ValueError } from "../../src/index.node.js";
import { deleteNamespace, rawClient, REDIS_URL, testNamespace } from "../redis/support.js";

interface User {
  readonly name: string;
  readonly age: number;
}

const zodUser = z.object({ name: z.string(), age: z.number() });
const valibotUser = v.object({ name: v.string(), age: v.number() });
// An async refinement: Standard Schema `validate` answers with a Promise.
const asyncUser = z.object({ name: z.string(), age: z.number() }).refine(async (user) => user.age >= 0, { message: "age must not be negative" });

const app = defineManifest({
  layers: ["server"],
  caches: {
    zod_users: { primary: "server", owns: ["zu:*"], value: zodUser },
    valibot_users: { primary: "server", owns: ["vu:*"], value: valibotUser },
    async_users: { primary: "server", owns: ["au:*"], value: asyncUser },
    typed_users: { primary: "server", owns: ["tu:*"], value: typed<User>() },
    strict_users: { primary: "server", owns: ["su:*"], value: zodUser, validate: "both" },
  },
});

const ada: User = { name: "Ada", age: 36 };
const source = { load: async () => ada };

describe("schemas on redisStore", () => {
  const namespace = testNamespace("schema:");
  let raw: Awaited<ReturnType<typeof rawClient>>;
  const stores: { close(): Promise<void> }[] = [];
  const layer = (store: ReturnType<typeof redisStore> | ReturnType<typeof tieredStore>) => {
    stores.push(store);
    return createLayer(app, "server", {
      store,
      sources: { zod_users: source, valibot_users: source, async_users: source, typed_users: source, strict_users: source },
    });
  };
  // What another service (or an older deploy) left in Redis: a bare 42 where a User is expected.
  const plant = (cache: string, key: string, value: unknown) => raw.set(`${namespace}::${cache}::${key}`, JSON.stringify({ v: value, t: Date.now() }));

  before(async () => {
    raw = await rawClient();
  });
  after(async () => {
    for (const store of stores) await store.close();
    await deleteNamespace(namespace);
    raw.destroy();
  });

  for (const [cache, prefix, library] of [
    ["zod_users", "zu", "zod 4"],
    ["valibot_users", "vu", "valibot"],
    ["async_users", "au", "zod 4, async"],
  ] as const) {
    it(`${library}: an invalid stored value is a miss and a ValueError naming key, cache, layer and path; the source answers`, async () => {
      const server = layer(redisStore(REDIS_URL, { namespace }));
      const errors: { error: unknown; operation: string; key: string }[] = [];
      server.on("error", (event) => errors.push(event));
      await plant(cache, `${prefix}:1`, { name: "Ada", age: "old" });
      await plant(cache, `${prefix}:2`, 42);

      assert.deepEqual(await server.own(cache).get(`${prefix}:1`), ada);
      assert.deepEqual(await server.own(cache).get(`${prefix}:2`), ada);

      const [first, second] = errors;
      assert.ok(first?.error instanceof ValueError, "reported as a ValueError");
      assert.equal(first.operation, "validate");
      assert.equal(first.error.key, `${prefix}:1`);
      assert.equal(first.error.cache, cache);
      assert.equal(first.error.layer, "server");
      assert.equal(first.error.path, ".age");
      assert.match(
        first.error.message,
        new RegExp(`^✗ stored value of '${prefix}:1' in cache '${cache}' on layer 'server' does not match its schema at \\.age \\(`),
      );
      assert.ok(second?.error instanceof ValueError);
      assert.equal(second.error.path, ".");
      // The miss loaded the source and filled Redis: the next read is a valid hit, no new error.
      assert.deepEqual(await server.own(cache).get(`${prefix}:1`), ada);
      assert.equal(errors.length, 2);
      assert.equal(server.stats().caches[cache]?.hits, 1);
    });

    it(`${library}: a valid stored value is a hit`, async () => {
      const server = layer(redisStore(REDIS_URL, { namespace }));
      await plant(cache, `${prefix}:3`, { name: "Grace", age: 85 });
      assert.deepEqual(await server.own(cache).get(`${prefix}:3`), { name: "Grace", age: 85 });
      assert.equal(server.stats().caches[cache]?.hits, 1);
    });
  }

  it("getMany, getWithMeta and has see the check too", async () => {
    const server = layer(redisStore(REDIS_URL, { namespace }));
    await plant("zod_users", "zu:10", 42);
    await plant("zod_users", "zu:11", { name: "Grace", age: 85 });
    assert.deepEqual(await server.own("zod_users").getMany(["zu:10", "zu:11"]), [ada, { name: "Grace", age: 85 }]);
    await plant("zod_users", "zu:12", 42);
    const meta = await server.own("zod_users").getWithMeta("zu:12");
    assert.equal(meta.hit, false);
    assert.deepEqual(meta.value, ada);
  });

  it("typed<T>() is not checked at run time: it is the caller's promise", async () => {
    const server = layer(redisStore(REDIS_URL, { namespace }));
    await plant("typed_users", "tu:1", 42);
    assert.equal(await server.own("typed_users").get("tu:1"), 42);
  });

  it("validate: 'both' refuses an invalid write with a ValueError and keeps the old value", async () => {
    const server = layer(redisStore(REDIS_URL, { namespace }));
    await server.own("strict_users").set("su:1", ada);
    await assert.rejects(server.own("strict_users").set("su:1", { name: "Ada", age: "old" } as never), (error: unknown) => {
      assert.ok(error instanceof ValueError);
      assert.equal(error.path, ".age");
      assert.match(error.message, /^✗ value of 'su:1' in cache 'strict_users' does not match its schema at \.age \(.*\) — not stored$/);
      return true;
    });
    assert.deepEqual(await server.own("strict_users").get("su:1"), ada);
  });

  it("a tiered store validates what its memory tier got from Redis once, then answers it without the schema", async () => {
    const server = layer(tieredStore(memoryStore(), redisStore(REDIS_URL, { namespace })));
    let runs = 0;
    const counted = { "~standard": { ...zodUser["~standard"], validate: (value: unknown) => (runs++, zodUser["~standard"].validate(value)) } };
    const counting = defineManifest({ layers: ["server"], caches: { zod_users: { primary: "server", owns: ["zu:*"], value: counted } } });
    const store = tieredStore(memoryStore(), redisStore(REDIS_URL, { namespace }));
    stores.push(store);
    const counter = createLayer(counting, "server", { store });
    await plant("zod_users", "zu:20", { name: "Grace", age: 85 });
    for (let i = 0; i < 5; i++) assert.deepEqual(await counter.own("zod_users").get("zu:20"), { name: "Grace", age: 85 });
    assert.ok(runs <= 2, `validated ${runs} times for 5 reads (once from Redis, at most once more for the memory tier's copy)`);
    await plant("zod_users", "zu:21", 42);
    assert.deepEqual(await server.own("zod_users").get("zu:21"), ada);
  });
});

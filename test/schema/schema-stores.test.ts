// Where a schema runs: on reads from stores that are not trusted (IndexedDB on fake-indexeddb, a keyv
// adapter, Redis behind a loopback HTTP route), never on a memory store's hits (its values never left
// the process), and on writes wherever they go with `validate: "write"`.
import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import * as v from "valibot";
import { z } from "zod";
import { createLayer, defineManifest, idbStore, keyvStore, memoryStore, redisStore, serveLayer, typed, ValueError } from "../../src/index.node.js";
import { remoteLayer, serveNode } from "../../src/index.node.js";
import { checkedPartition } from "../../src/runtime/schema/index.js";
import { deleteNamespace, REDIS_URL, testNamespace } from "../redis/support.js";

const note = z.object({ title: z.string(), words: z.number().int() });
type Note = z.infer<typeof note>;
const valid: Note = { title: "hello", words: 2 };

// Counts the schema's runs, to show where it does not run.
function counting<TSchema extends { "~standard": { validate: (value: unknown) => unknown } }>(schema: TSchema) {
  const counter = { runs: 0 };
  const standard = schema["~standard"];
  const wrapped = { ...schema, "~standard": { ...standard, validate: (value: unknown) => (counter.runs++, standard.validate(value)) } };
  return { schema: wrapped, counter };
}

// What an older deploy (or a tampered client) wrote: the same cache, no schema, a wrong value.
const unchecked = defineManifest({ layers: ["client", "server"], caches: { notes: { primary: "server", owns: ["note:*"], value: typed<unknown>() } } });
const checked = defineManifest({ layers: ["client", "server"], caches: { notes: { primary: "server", owns: ["note:*"], value: note } } });
const source = { load: async (): Promise<Note> => ({ title: "from source", words: 3 }) };

describe("schemas on each kind of store", () => {
  const namespace = testNamespace("schema-stores:");
  const closers: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const close of closers) await close();
    await deleteNamespace(namespace);
  });

  it("IndexedDB (fake-indexeddb): a tampered entry is a miss and a ValueError; the source answers", async () => {
    const name = `schema-${namespace}`;
    await createLayer(unchecked, "server", { store: idbStore(name) })
      .own("notes")
      .set("note:1", { title: 42 });
    const server = createLayer(checked, "server", { store: idbStore(name), sources: { notes: source } });
    const errors: unknown[] = [];
    server.on("error", ({ error }) => errors.push(error));
    assert.deepEqual(await server.own("notes").get("note:1"), { title: "from source", words: 3 });
    assert.ok(errors[0] instanceof ValueError);
    assert.equal(errors[0].path, ".title");
    assert.equal(errors[0].key, "note:1");
  });

  it("a keyv adapter (a Map through keyvStore, serialized): a tampered entry is a miss", async () => {
    const map = new Map<string, unknown>();
    await createLayer(unchecked, "server", { store: keyvStore(map, { namespace: "n", serialize: true }) })
      .own("notes")
      .set("note:2", [1, 2, 3]);
    const server = createLayer(checked, "server", { store: keyvStore(map, { namespace: "n", serialize: true }), sources: { notes: source } });
    const errors: unknown[] = [];
    server.on("error", ({ error }) => errors.push(error));
    assert.deepEqual(await server.own("notes").get("note:2"), { title: "from source", words: 3 });
    assert.ok(errors[0] instanceof ValueError);
    assert.equal(errors[0].path, ".");
  });

  it("HTTP (serveLayer + remoteLayer on loopback): the owner checks what Redis holds before it answers", async () => {
    const store = redisStore(REDIS_URL, { namespace });
    closers.push(() => store.close());
    await createLayer(unchecked, "server", { store }).own("notes").set("note:3", { title: "x", words: 1.5 });
    const owner = createLayer(checked, "server", { store, sources: { notes: source } });
    const served = await serveNode(serveLayer(owner, { expose: ["notes"] }));
    const route = remoteLayer(served.url, { layer: "server" });
    closers.push(async () => {
      route.close();
      await served.close();
    });
    const client = createLayer(checked, "client", { remotes: { server: route } });
    const errors: unknown[] = [];
    owner.on("error", ({ error }) => errors.push(error));
    assert.deepEqual(await client.borrow("notes").get("note:3"), { title: "from source", words: 3 });
    assert.ok(errors[0] instanceof ValueError);
    assert.equal(errors[0].path, ".words");
  });

  it("HTTP: a borrower refuses what an owner on another deploy (no schema) answers, with a ValueError naming the answering layer", async () => {
    const owner = createLayer(unchecked, "server", { store: memoryStore() });
    await owner.own("notes").set("note:4", { title: ["not", "a", "string"] });
    await owner.own("notes").set("note:5", valid);
    const served = await serveNode(serveLayer(owner, { expose: ["notes"] }));
    const route = remoteLayer(served.url, { layer: "server" });
    closers.push(async () => {
      route.close();
      await served.close();
    });
    const client = createLayer(checked, "client", { remotes: { server: route } });
    await assert.rejects(client.borrow("notes").get("note:4"), (error: unknown) => {
      assert.ok(error instanceof ValueError);
      assert.equal(error.layer, "server");
      assert.equal(error.path, ".title");
      assert.match(error.message, /^✗ value of 'note:4' in cache 'notes' answered by layer 'server' does not match its schema at \.title \(.*\) — refused$/);
      return true;
    });
    assert.deepEqual(await client.borrow("notes").get("note:5"), valid);
  });

  it("memory store: trusted, so hits run no schema (zod and valibot)", async () => {
    for (const schema of [note, v.object({ title: v.string(), words: v.number() })]) {
      const { schema: wrapped, counter } = counting(schema);
      const app = defineManifest({ layers: ["server"], caches: { notes: { primary: "server", owns: ["note:*"], value: wrapped } } });
      const server = createLayer(app, "server", { store: memoryStore() });
      await server.own("notes").set("note:1", valid);
      for (let i = 0; i < 10; i++) assert.deepEqual(await server.own("notes").get("note:1"), valid);
      assert.equal(counter.runs, 0);
    }
  });

  it("typed<T>() caches without a version take the store's own partition: nothing wraps their reads", () => {
    const store = redisStore(REDIS_URL, { namespace });
    closers.push(() => store.close());
    const partition = store.partition("notes", {});
    assert.equal(checkedPartition(partition, { cache: "notes", layer: "server", onInvalid: () => {} }), partition);
    assert.notEqual(checkedPartition(partition, { cache: "notes", layer: "server", version: 1, onInvalid: () => {} }), partition);
  });

  it("validate: 'write' on a memory store refuses an invalid value and runs no schema on reads", async () => {
    const { schema, counter } = counting(note);
    const app = defineManifest({ layers: ["server"], caches: { notes: { primary: "server", owns: ["note:*"], value: schema, validate: "write" } } });
    const server = createLayer(app, "server", { store: memoryStore() });
    await server.own("notes").set("note:1", valid);
    await assert.rejects(server.own("notes").set("note:2", { title: "x", words: "two" } as never), ValueError);
    assert.equal(await server.own("notes").has("note:2"), false);
    await server.own("notes").get("note:1");
    assert.equal(counter.runs, 2, "one run per write, none per read");
  });
});

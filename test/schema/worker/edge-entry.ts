// A worker for test/schema/edge.test.ts: inside workerd (miniflare), on edgeCacheStore (the Web Cache
// API), an entry of another deploy version is a miss, and a value its schema refuses is a miss plus a
// ValueError event. Answers what it saw as JSON.
import { z } from "zod";
import { createLayerRuntime } from "../../../src/runtime/layer/create-layer.js";
import { typed } from "../../../src/runtime/manifest/typed.js";
import { edgeCacheStore } from "../../../src/runtime/stores/edge-cache.js";
import { ValueError } from "../../../src/runtime/errors.js";

const manifest = (value: unknown, version: string) =>
  Object.freeze({ layers: ["edge"], caches: { notes: { primary: "edge", owns: ["note:*"], value, version, ttl: "10m" } } } as const);
const note = z.object({ title: z.string() });
const source = { load: async () => ({ title: "from source" }) };

export default {
  async fetch(): Promise<Response> {
    const name = `schema-edge-${Date.now()}`;
    const older = createLayerRuntime(manifest(typed<unknown>(), "a"), "edge", { store: edgeCacheStore({ name }) });
    await older.own("notes").set("note:1", { title: "version a" });
    await older.own("notes").set("note:2", { title: 42 });
    const sameVersion = createLayerRuntime(manifest(note, "a"), "edge", { store: edgeCacheStore({ name }), sources: { notes: source } });
    const errors: { message: string; path: string | undefined; key: string }[] = [];
    sameVersion.on("error", ({ error }) => {
      if (error instanceof ValueError) errors.push({ message: error.message, path: error.path, key: error.key });
    });
    const valid = await sameVersion.own("notes").get("note:1");
    const invalid = await sameVersion.own("notes").get("note:2");
    const nextDeploy = createLayerRuntime(manifest(note, "b"), "edge", { store: edgeCacheStore({ name }), sources: { notes: source } });
    const otherVersion = await nextDeploy.own("notes").getWithMeta("note:1");
    return Response.json({ valid, invalid, errors, otherVersion: { value: otherVersion.value, hit: otherVersion.hit } });
  },
};

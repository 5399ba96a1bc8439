// Schemas and deploy versions at the edge: edgeCacheStore inside workerd (miniflare), the Web Cache API.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startWorker, type Worker } from "../helpers/miniflare.js";

describe("edgeCacheStore in workerd: versions and schemas", () => {
  let worker: Worker;
  before(async () => {
    worker = await startWorker(new URL("./worker/edge-entry.ts", import.meta.url));
  });
  after(() => worker?.close());

  it("answers a valid value of its version, misses an invalid one (ValueError) and another version's", async () => {
    const seen = (await (await fetch(worker.url)).json()) as {
      valid: unknown;
      invalid: unknown;
      errors: { message: string; path: string; key: string }[];
      otherVersion: { value: unknown; hit: boolean };
    };
    assert.deepEqual(seen.valid, { title: "version a" });
    assert.deepEqual(seen.invalid, { title: "from source" });
    assert.equal(seen.errors.length, 1);
    assert.equal(seen.errors[0]?.key, "note:2");
    assert.equal(seen.errors[0]?.path, ".title");
    assert.match(seen.errors[0]?.message ?? "", /^✗ stored value of 'note:2' in cache 'notes' on layer 'edge' does not match its schema at \.title/);
    assert.deepEqual(seen.otherVersion, { value: { title: "from source" }, hit: false });
  });
});

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startWorker, type Worker } from "../helpers/miniflare.js";
import type { CaseResult } from "../browser/shims/node-test.js";

describe("edgeCacheStore keeps the store contract inside workerd", () => {
  let worker: Worker;
  before(async () => {
    worker = await startWorker(new URL("./worker/contract-entry.ts", import.meta.url), {}, { shims: true });
  });
  after(() => worker?.close());

  it("passes every contract case on the Web Cache API", async () => {
    const results = (await (await fetch(worker.url)).json()) as CaseResult[];
    const failed = results.filter((r) => !r.ok);
    assert.deepEqual(failed, [], failed.map((r) => `${r.name}: ${r.error}`).join("\n"));
    assert.ok(results.length >= 12, `ran ${results.length} cases`);
    console.log(`# edgeCacheStore contract cases in workerd: ${results.length} passed`);
  });
});

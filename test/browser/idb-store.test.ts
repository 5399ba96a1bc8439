import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { bundlePage, launchChromium, servePage, type Browser } from "../helpers/chromium.js";
import type { NodeServer } from "../../src/node/serve-node.js";
import type { CaseResult } from "./shims/node-test.js";

describe("idbStore in real Chromium", () => {
  let browser: Browser;
  let server: NodeServer;
  before(async () => {
    // The contract names caches after process.pid; a page has no process.
    server = await servePage(await bundlePage(new URL("./pages/idb-store.page.ts", import.meta.url), { "process.pid": "0" }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("passes the same cases as in Node, on real IndexedDB", async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 20_000 });
    const results = (await page.evaluate(() => window.__results)) as CaseResult[];
    assert.deepEqual(errors, []);
    const failed = results.filter((r) => !r.ok);
    assert.deepEqual(failed, [], failed.map((r) => `${r.name}: ${r.error}`).join("\n"));
    assert.ok(results.length >= 20, `ran ${results.length} cases`);
    console.log(`# idbStore cases in Chromium: ${results.length} passed`);
  });
});

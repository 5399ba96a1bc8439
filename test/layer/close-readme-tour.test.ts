// The README tour, run as a script: `createLayer(app, "server", { store: redisStore(…), bus: redisBus(…),
// remotes: { edge: remoteLayer(…) }, sources })` then `await server.close()` must let the process exit by
// itself (Layer.close's doc: it closes the store and the bus, once no other layer of the process uses
// them). Real Redis, a real
// edge over loopback HTTP, a real child process with no --test-force-exit.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createLayer, defineManifest, serveLayer } from "../../src/index.js";
import { serveNode, type NodeServer } from "../../src/node/index.js";

const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"], backfill: true } },
  },
});

describe("a script written like the README tour", () => {
  const edge = createLayer(app, "edge");
  let served: NodeServer;
  before(async () => {
    await edge.own("profile").set("profile:1", { name: "Ada" });
    served = await serveNode(serveLayer(edge, { expose: ["profile"] }));
  });
  after(async () => {
    await served.close();
    await edge.close();
  });

  it("exits by itself once its layers are closed, a store and bus shared by two layers closed once, by the last", async () => {
    const script = fileURLToPath(new URL("./fixtures/readme-tour-exits.ts", import.meta.url));
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      timeout: 20_000,
      env: { ...process.env, EDGE_URL: served.url },
    });
    assert.deepEqual(JSON.parse(stdout.trim()), { warmed: true, read: { key: "data:42" }, profile: { name: "Ada" }, sharedHit: true });
    assert.ok(Date.now() - started < 20_000, "the script ran until the timeout killed it");
  });
});

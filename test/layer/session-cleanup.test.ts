// Memory leaks (seed disaster 6): a session entry's cleanup runs exactly once, whichever way it ends.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLayer, defineManifest, manualClock } from "../../src/index.js";
import { serverLayer } from "./helpers/app.js";

describe("session cleanup", () => {
  it("runs once when the entry expires, and the entry is gone", async () => {
    const clock = manualClock();
    const sessions = serverLayer({ clock }).own("sessions");
    let runs = 0;
    await sessions.set(
      "session:1",
      { user: 1 },
      {
        cleanup: () => {
          runs++;
        },
      },
    );
    clock.advance(30 * 60_000 - 1);
    assert.equal(runs, 0);
    clock.advance(1);
    assert.equal(runs, 1);
    clock.advance(60 * 60_000);
    assert.equal(runs, 1);
    assert.equal(await sessions.get("session:1"), undefined);
  });

  it("runs once when deleted, not again at expiry", async () => {
    const clock = manualClock();
    const sessions = serverLayer({ clock }).own("sessions");
    let runs = 0;
    await sessions.set("session:2", 2, {
      cleanup: () => {
        runs++;
      },
    });
    await sessions.delete("session:2");
    await sessions.delete("session:2");
    clock.advance(31 * 60_000);
    assert.equal(runs, 1);
  });

  it("runs once when invalidated", async () => {
    const layer = serverLayer();
    let runs = 0;
    await layer.own("sessions").set("session:3", 3, {
      cleanup: () => {
        runs++;
      },
    });
    await layer.invalidate("session:*");
    await layer.invalidate("session:3");
    assert.equal(runs, 1);
  });

  it("runs once when replaced by another set", async () => {
    const layer = serverLayer();
    const runs: string[] = [];
    const open = layer.own("open_sessions");
    await open.set("open:1", "a", {
      cleanup: () => {
        runs.push("a");
      },
    });
    await open.set("open:1", "b", {
      cleanup: () => {
        runs.push("b");
      },
    });
    assert.deepEqual(runs, ["a"]);
    await open.delete("open:1");
    assert.deepEqual(runs, ["a", "b"]);
  });

  it("runs once when the store evicts the entry to stay within maxSize", async () => {
    const tiny = defineManifest({ layers: ["server"], caches: { tiny_sessions: { primary: "server", owns: ["ts:*"], lifetime: "session", maxSize: "1KB" } } });
    const layer = createLayer(tiny, "server");
    const runs = new Map<string, number>();
    const sessions = layer.own("tiny_sessions");
    for (let i = 0; i < 50; i++) {
      const key = `ts:${i}` as const;
      await sessions.set(key, "x".repeat(100), {
        cleanup: () => {
          runs.set(key, (runs.get(key) ?? 0) + 1);
        },
      });
    }
    const evictions = layer.stats().caches.tiny_sessions!.evictions;
    assert.ok(evictions > 0);
    assert.equal(runs.size, evictions);
    assert.ok([...runs.values()].every((n) => n === 1));
    assert.equal(await sessions.get("ts:0"), undefined);
    assert.ok(await sessions.has("ts:49"));
  });

  it("a failing cleanup is reported as an error event, not thrown at the caller", async () => {
    const layer = serverLayer();
    const errors: string[] = [];
    layer.on("error", (e) => errors.push(`${e.operation} ${e.key}`));
    await layer.own("open_sessions").set("open:3", 3, {
      cleanup: () => {
        throw new Error("socket already closed");
      },
    });
    await layer.own("open_sessions").delete("open:3");
    assert.deepEqual(errors, ["cleanup open:3"]);
  });
});

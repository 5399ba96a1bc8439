// Internal unit: the request-scope engine (RequestScope over a ScopeTarget) without a layer; layers reach it only through layer.scope/requestScope.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ScopeCleanupError, ScopeEndedError } from "../../src/index.js";
import { RequestScope, withRequestScope, type ScopeTarget } from "../../src/runtime/scope/index.js";

// A target over a Map: the engine's contract, without a layer.
function mapTarget(failDeleteOf?: string): ScopeTarget & { readonly map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    set: async (key, value) => void map.set(key, value),
    get: (key) => map.get(key),
    delete: async (key) => {
      if (key === failDeleteOf) throw new Error(`injected delete failure on ${key}`);
      return map.delete(key);
    },
  };
}

describe("request scope: every key set in a scope is deleted when it ends", () => {
  it("at the end of an `await using` block", async () => {
    const target = mapTarget();
    target.map.set("static:1", "kept");
    {
      await using req = new RequestScope(target);
      await req.setScoped("req:1:a", 1);
      await req.setScoped("req:1:b", 2);
      assert.equal(await req.get("req:1:a"), 1);
      assert.deepEqual(req.keys, ["req:1:a", "req:1:b"]);
    }
    assert.deepEqual([...target.map.keys()], ["static:1"], "only what the scope set is deleted");
  });

  it("when the block throws, and the error still reaches the caller", async () => {
    const target = mapTarget();
    const handle = async () => {
      await using req = new RequestScope(target);
      await req.setScoped("req:2:a", 1);
      throw new Error("handler failed");
    };
    await assert.rejects(handle(), /handler failed/);
    assert.equal(target.map.size, 0);
  });

  it("withRequestScope returns the body's result and cleans up on throw", async () => {
    const target = mapTarget();
    assert.equal(await withRequestScope(target, async (req) => (await req.setScoped("req:3", 1), "done")), "done");
    await assert.rejects(
      withRequestScope(target, async (req) => {
        await req.setScoped("req:4", 1);
        throw new TypeError("bad request");
      }),
      TypeError,
    );
    assert.equal(target.map.size, 0);
  });

  it("when its AbortSignal aborts, and later setScoped calls are refused", async () => {
    const target = mapTarget();
    const controller = new AbortController();
    const req = new RequestScope(target, { signal: controller.signal });
    await req.setScoped("req:5", 1);
    controller.abort();
    await req.end(); // the same cleanup the abort started
    assert.equal(target.map.size, 0);
    assert.equal(req.ended, true);
    await assert.rejects(
      req.setScoped("req:5:late", 1),
      (error: unknown) => error instanceof ScopeEndedError && /cannot setScoped 'req:5:late': its request scope has ended/.test(error.message),
    );
  });

  it("a scope on an already-aborted signal ends at once", async () => {
    const target = mapTarget();
    const req = new RequestScope(target, { signal: AbortSignal.abort() });
    assert.equal(req.ended, true);
    await assert.rejects(req.setScoped("req:6", 1), ScopeEndedError);
  });

  it("a write still in flight when the scope ends is deleted after it lands", async () => {
    const map = new Map<string, unknown>();
    let land: () => void = () => undefined;
    const target: ScopeTarget = {
      set: (key, value) => new Promise<void>((resolve) => (land = () => (map.set(key, value), resolve()))),
      delete: (key) => map.delete(key),
    };
    const controller = new AbortController();
    const req = new RequestScope(target, { signal: controller.signal });
    const write = req.setScoped("req:7", 1);
    controller.abort();
    const ended = req.end();
    await Promise.resolve();
    land();
    await Promise.all([write, ended]);
    assert.equal(map.size, 0, "the late write did not leak");
  });

  it("a delete that fails names the key, and every other key is still deleted", async () => {
    const target = mapTarget("req:8:b");
    const req = new RequestScope(target);
    for (const key of ["req:8:a", "req:8:b", "req:8:c"]) await req.setScoped(key, 1);
    await assert.rejects(req.end(), (error: unknown) => {
      assert.ok(error instanceof ScopeCleanupError);
      assert.deepEqual(error.keys, ["req:8:b"]);
      assert.match(error.message, /could not delete 'req:8:b'/);
      return true;
    });
    assert.deepEqual([...target.map.keys()], ["req:8:b"]);
  });

  it("ends once: a second end or dispose deletes nothing more", async () => {
    let deletes = 0;
    const target: ScopeTarget = { set: () => undefined, delete: () => (deletes += 1) };
    const req = new RequestScope(target);
    await req.setScoped("req:9", 1);
    await req.end();
    await req[Symbol.asyncDispose]();
    assert.equal(deletes, 1);
  });
});

describe("request scope: no leaks", () => {
  it("10,000 scopes, every 7th throwing, leave the store empty, the shared signal without listeners and the heap flat", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const target = mapTarget();
    const shared = new AbortController(); // a server-lifetime signal every request scope listens to
    const request = async (i: number) => {
      await using req = new RequestScope(target, { signal: shared.signal });
      await req.setScoped(`req:${i}:user`, { id: i, name: "x".repeat(200) });
      await req.setScoped(`req:${i}:cart`, [i, i + 1, i + 2]);
      if (i % 7 === 0) throw new Error(`request ${i} failed`);
    };
    const run = async (from: number, count: number) => {
      let failures = 0;
      for (let i = from; i < from + count; i += 1) await request(i).catch(() => (failures += 1));
      return failures;
    };
    await run(0, 1_000); // warm up the JIT and the heap before measuring
    gc();
    const before = process.memoryUsage().heapUsed;
    const failures = await run(1_000, 10_000);
    gc();
    const after = process.memoryUsage().heapUsed;
    assert.equal(failures, Math.floor(10_999 / 7) - Math.floor(999 / 7));
    assert.equal(target.map.size, 0, "the store is empty");
    assert.equal(getEventListeners(shared.signal, "abort").length, 0, "no listener left on the shared signal");
    const growth = after - before;
    console.log(`heap growth over 10,000 scopes: ${growth} bytes`);
    // 10,000 leaked scopes would hold > 2 MB of values alone; allow 1 MB of noise.
    assert.ok(growth < 1_000_000, `heap grew by ${growth} bytes over 10,000 scopes`);
  });
});

describe("request scope: writes that fail", () => {
  it("a refused write is not reported as a cleanup failure, and a write that failed after landing is still deleted", async () => {
    const map = new Map<string, unknown>();
    const target: ScopeTarget = {
      set: async (key, value) => {
        if (key.startsWith("bad:")) throw new Error(`refused ${key}`);
        map.set(key, value);
        if (key.startsWith("ambiguous:")) throw new Error("timed out after the write landed");
      },
      delete: async (key) => {
        if (key.startsWith("bad:")) throw new Error(`refused ${key}`);
        return map.delete(key);
      },
    };
    const req = new RequestScope(target);
    await req.setScoped("req:1", 1);
    await assert.rejects(req.setScoped("bad:1", 1), /refused bad:1/);
    await assert.rejects(req.setScoped("ambiguous:1", 1), /timed out/);
    assert.deepEqual(req.keys, ["req:1"]);
    await req.end();
    assert.equal(map.size, 0);
  });
});

describe("request scope: disposal protocol", () => {
  it("answers Symbol.asyncDispose and the names transpilers fall back to", () => {
    const scope = new RequestScope(mapTarget());
    for (const symbol of [Symbol.asyncDispose, Symbol.for("nodejs.asyncDispose"), Symbol.for("Symbol.asyncDispose")]) {
      assert.equal(typeof (scope as unknown as Record<symbol, unknown>)[symbol], "function", String(symbol));
    }
  });

  it("after a throw, the body's error wins and a cleanup failure goes to onCleanupError", async () => {
    const reported: unknown[] = [];
    await assert.rejects(
      withRequestScope(
        mapTarget("req:x"),
        async (req) => {
          await req.setScoped("req:x", 1);
          throw new Error("body failed");
        },
        { onCleanupError: (error) => reported.push(error) },
      ),
      /body failed/,
    );
    assert.equal(reported.length, 1);
    assert.ok(reported[0] instanceof ScopeCleanupError);
  });
});

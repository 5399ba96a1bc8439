/**
 * The scenarios of docs/stores.md's keyv adapter table, each run on one adapter's real backend: by
 * test/stores/keyv-adapters.test.ts (one test each) and by bench/keyv/scenarios.ts, which prints the
 * adapters × scenarios table. A scenario throws when the adapter fails it and returns the table's cell.
 * What an adapter's declared capabilities exclude is not skipped: the scenario asserts the early, clear
 * error instead (at `createLayer`, or at the call, or a `ValueError` at `set`), and says so in the cell.
 */
import assert from "node:assert/strict";
import { createLayer, defineManifest, StoreError, ValueError } from "../../src/index.js";
import type { StoreCapabilities } from "../../src/runtime/contracts/store.js";
import { keyvStore, type KeyvStore } from "../../src/runtime/stores/keyv-store.js";
import { StoreCapabilityError, storeLabel } from "../../src/runtime/stores/store-fits.js";
import { cannotListAtRunTimeMessage, chunkTooLargeMessage, valueTooLargeForStoreMessage } from "../../src/runtime/stores/store-fit-messages.js";
import { spawnWorker } from "../helpers/processes.js";
import { adapterFor, disconnect, type BackendRun, type Target } from "./keyv-backends.js";

/** One column of the table. */
export interface Scenario {
  /** The column header. */
  readonly id: string;
  /** The test's name. */
  readonly title: string;
  run(run: BackendRun): Promise<string>;
}

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "server", owns: ["profile:*"] },
    data_cache: { primary: "server", owns: ["data:*"] },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true },
  },
});

const streamingApp = (chunkSize: "64KB" | "32KB") =>
  defineManifest({
    layers: ["client", "edge", "server"],
    caches: { video_cache: { primary: "server", owns: ["video:*"], streaming: true, chunkSize } },
  });

/** A store and a layer on a fresh adapter of the run's backend, closed together. */
async function withLayer<T>(
  run: BackendRun,
  body: (layer: ReturnType<typeof serverOf>, store: KeyvStore) => Promise<T>,
  target: Target = run.target,
): Promise<T> {
  const adapter = adapterFor(target);
  const store = keyvStore(adapter, { namespace: run.namespace });
  const layer = serverOf(store);
  try {
    return await body(layer, store);
  } finally {
    await layer.close();
    await disconnect(adapter);
  }
}

const serverOf = (store: KeyvStore) => createLayer(app, "server", { store });

async function withStore<T>(run: BackendRun, namespace: string, body: (store: KeyvStore) => Promise<T>): Promise<T> {
  const adapter = adapterFor(run.target);
  try {
    return await body(keyvStore(adapter, { namespace }));
  } finally {
    await disconnect(adapter);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = () => Math.random().toString(36).slice(2, 8);
const capabilitiesOf = (run: BackendRun): StoreCapabilities => keyvStore(adapterFor(run.target), { namespace: run.namespace }).capabilities;

const valuesScenario: Scenario = {
  id: "values",
  title: "round trip of Date, Map, Set, BigInt, Uint8Array, undefined and ':'-strings, read back by another adapter",
  async run(run) {
    const key = `data:rich:${unique()}` as const;
    const value = {
      at: new Date(1_700_000_000_000),
      prefs: new Map<unknown, unknown>([
        ["theme", "dark"],
        [1n, new Set([new Date(0)])],
      ]),
      tags: new Set(["a", "b"]),
      big: 2n ** 70n,
      avatar: new Uint8Array([0, 1, 254, 255]),
      missing: undefined,
      colon: ":leading colon",
      base64: ":base64:AAAA",
      list: [undefined, -0, Number.NaN, Infinity],
    };
    await withLayer(run, (layer) => layer.own("data_cache").set(key, value));
    const back = await withLayer(run, (layer) => layer.own("data_cache").get(key));
    assert.deepStrictEqual(back, value);
    return "✓";
  },
};

const ttlScenario: Scenario = {
  id: "ttl",
  title: "an entry is gone at its ttl; the backend itself drops one nobody reads within its declared ttl resolution",
  async run(run) {
    const key = `data:ttl:${unique()}` as const;
    const untouched = `data:ttl-untouched:${unique()}` as const;
    return withLayer(run, async (layer, store) => {
      const data = layer.own("data_cache");
      await data.set(key, "short", { ttl: 400 });
      await data.set(untouched, "short", { ttl: 400 });
      assert.equal(await data.get(key), "short");
      await sleep(450);
      assert.equal(await data.get(key), undefined, "no read answers an entry past its ttl");
      const resolution = store.capabilities.ttlResolutionMs;
      const adapter = adapterFor(run.target) as unknown as { get(k: string): Promise<unknown> };
      const raw = () => adapter.get(`${run.namespace}::data_cache::${untouched}`);
      try {
        if (Number.isFinite(resolution)) {
          // memcached counts whole seconds on its own clock: an item set for 1 s may live up to 2 s.
          await sleep(resolution >= 1000 ? 2 * resolution : resolution + 100);
          assert.ok(isMiss(await raw()), "the backend dropped the expired entry nobody read");
          return resolution === 1 ? "exact (ms)" : `reads exact; backend drops within ${resolution / 1000}s`;
        }
        assert.ok(!isMiss(await raw()), "a backend that never drops by ttl still holds the expired row");
        assert.equal(await data.get(untouched), undefined);
        assert.ok(isMiss(await raw()), "the read that found it expired deleted it");
        return "reads exact; rows stay until read (then deleted)";
      } finally {
        await disconnect(adapter as never);
      }
    });
  },
};

const singleFlightScenario: Scenario = {
  id: "single-flight",
  title: "50 concurrent misses load once, all get the value, and it is stored",
  async run(run) {
    const key = `data:sf:${unique()}` as const;
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const adapter = adapterFor(run.target);
    const store = keyvStore(adapter, { namespace: run.namespace });
    const layer = createLayer(app, "server", {
      store,
      sources: {
        data_cache: {
          load: async (k) => {
            loads++;
            await gate;
            return { k, n: 1 };
          },
        },
      },
    });
    try {
      const reads = Array.from({ length: 50 }, () => layer.own("data_cache").get(key));
      await sleep(300); // every read has missed in the store and joined the one load
      release();
      const values = await Promise.all(reads);
      assert.equal(loads, 1);
      assert.ok(values.every((v) => (v as { n: number }).n === 1));
    } finally {
      await layer.close();
      await disconnect(adapter);
    }
    assert.deepEqual(await withLayer(run, (other) => other.own("data_cache").get(key)), { k: key, n: 1 });
    return "✓";
  },
};

const cascadeScenario: Scenario = {
  id: "cascades",
  title: "a write drops the keys it invalidates; a pattern invalidation cascades as patterns where the store lists (else refused at the call)",
  async run(run) {
    const id = unique();
    return withLayer(run, async (layer, store) => {
      await layer.own("profile").set(`profile:${id}`, { name: "old" });
      await layer.own("user_data").set(`user:${id}`, { name: "new" });
      assert.equal(await layer.own("profile").get(`profile:${id}`), undefined, "user:<id> invalidated profile:<id>");
      await layer.own("user_data").set(`user:${id}`, { name: "again" });
      await layer.own("profile").set(`profile:${id}a`, 1);
      await layer.own("profile").set(`profile:${id}b`, 2);
      // A pattern invalidation of user_data reaches profile as the pattern `profile:*`: a listing.
      if (!store.capabilities.listsKeys) {
        await assert.rejects(layer.invalidate("user:*"), (error: unknown) => {
          assert.ok(error instanceof StoreCapabilityError, `a StoreCapabilityError, got ${String(error)}`);
          assert.equal(error.message, cannotListAtRunTimeMessage("keys('user:*')", "user_data", storeLabel(store), "server"));
          return true;
        });
        assert.equal(await layer.own("profile").get(`profile:${id}a`), 1, "nothing was dropped");
        return "keys ✓; patterns refused at the call";
      }
      await layer.invalidate("user:*");
      assert.equal(await layer.own("user_data").get(`user:${id}`), undefined);
      assert.equal(await layer.own("profile").get(`profile:${id}a`), undefined);
      assert.equal(await layer.own("profile").get(`profile:${id}b`), undefined);
      return "✓ keys and patterns";
    });
  },
};

const streamingScenario: Scenario = {
  id: "streaming",
  title: "a streamed value (chunk keys hold NUL) round-trips and deletes; a chunkSize over the item limit is refused at createLayer",
  async run(run) {
    const key = `video:${unique()}` as const;
    const bytes = Uint8Array.from({ length: 200 * 1024 + 7 }, (_, i) => (i * 13) & 0xff);
    const adapter = adapterFor(run.target);
    const store = keyvStore(adapter, { namespace: run.namespace });
    let note = "";
    let chunkSize: "64KB" | "32KB" = "64KB";
    try {
      const max = store.capabilities.maxValueBytes;
      if (max !== undefined && max < 64 * 1024) {
        assert.throws(
          () => createLayer(streamingApp("64KB"), "server", { store }),
          (error: unknown) => {
            assert.ok(error instanceof StoreCapabilityError);
            assert.equal(error.message, chunkTooLargeMessage("video_cache", String(64 * 1024), storeLabel(store), "server", String(max)));
            return true;
          },
        );
        note = `; chunkSize 64KB refused early (≤ ${max} B)`;
        chunkSize = "32KB";
      }
      const layer = createLayer(streamingApp(chunkSize), "server", { store });
      try {
        const video = layer.own("video_cache");
        await video.putStream(key, bytes);
        const parts: Uint8Array[] = [];
        for await (const part of video.stream(key)) parts.push(part);
        assert.deepEqual(Buffer.concat(parts), Buffer.from(bytes));
        assert.equal(await video.delete(key), true);
        if (store.capabilities.listsKeys) assert.deepEqual(await layer.sweepChunks({ minAgeMs: 0 }), { video_cache: 0 }, "the delete left no chunk behind");
      } finally {
        await layer.close();
      }
    } finally {
      await disconnect(adapter);
    }
    return `✓ (${chunkSize} chunks)${note}`;
  },
};

const atomicScenario: Scenario = {
  id: "atomicUpdate",
  title: "30 concurrent atomicUpdates of one key all apply",
  async run(run) {
    const key = `account:${unique()}` as const;
    await withLayer(run, async (layer) => {
      const accounts = layer.own("accounts");
      await Promise.all(Array.from({ length: 30 }, () => accounts.atomicUpdate(key, (n) => ((n as number | undefined) ?? 0) + 1)));
    });
    assert.equal(await withLayer(run, (layer) => layer.own("accounts").get(key)), 30);
    return "✓ (in-process lock)";
  },
};

const namespaceScenario: Scenario = {
  id: "namespaces+clear",
  title: "two namespaces on one backend never see each other; clear() drops one partition only (refused at once where the store cannot list)",
  async run(run) {
    const cache = `iso_${unique()}`;
    return withStore(run, `${run.namespace}-a`, (a) =>
      withStore(run, `${run.namespace}-b`, async (b) => {
        const pa = a.partition(cache, {});
        const pb = b.partition(cache, {});
        for (const k of ["k:1", "k:2"]) await pa.set(k, { value: `a ${k}`, storedAt: 1 });
        await pb.set("k:1", { value: "b k:1", storedAt: 1 });
        assert.equal((await pa.get("k:1"))?.value, "a k:1");
        assert.equal((await pb.get("k:1"))?.value, "b k:1");
        assert.equal(await pb.get("k:2"), undefined);
        if (!a.capabilities.listsKeys) {
          await assert.rejects(pa.clear(), StoreCapabilityError);
          assert.equal((await pa.get("k:1"))?.value, "a k:1", "a refused clear dropped nothing");
          return "isolation ✓; clear refused early";
        }
        const listed: string[] = [];
        for await (const k of pb.keys()) listed.push(k);
        assert.deepEqual(listed, ["k:1"]);
        await pa.clear();
        assert.equal(await pa.get("k:1"), undefined);
        assert.equal((await pb.get("k:1"))?.value, "b k:1");
        return "✓";
      }),
    );
  },
};

const bigValueScenario: Scenario = {
  id: "1 MiB value",
  title: "a 1 MiB byte array round-trips, or is refused at set with a ValueError naming the item limit",
  async run(run) {
    const key = `data:big:${unique()}` as const;
    const big = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 7) & 0xff);
    return withLayer(run, async (layer, store) => {
      const data = layer.own("data_cache");
      await data.set(key, "small");
      const max = store.capabilities.maxValueBytes;
      if (max !== undefined && max < big.byteLength) {
        await assert.rejects(data.set(key, big), (error: unknown) => {
          assert.ok(error instanceof ValueError, `a ValueError, got ${String(error)}`);
          const bytes = /takes (\d+) bytes/.exec(error.message)?.[1] ?? "";
          const limit = /holds in one entry \((\d+) bytes\)/.exec(error.message)?.[1] ?? "";
          assert.equal(error.message, valueTooLargeForStoreMessage(key, "data_cache", bytes, storeLabel(store), "server", limit));
          return true;
        });
        assert.equal(await data.get(key), "small", "the old value stays");
        return `refused early (> ${max} B of bytes)`;
      }
      await data.set(key, big);
      const back = await withLayer(run, (other) => other.own("data_cache").get(key));
      assert.deepEqual(back, big);
      return "✓";
    });
  },
};

const unicodeScenario: Scenario = {
  id: "unicode key",
  title: "a unicode key with ':' and '/' round-trips and is invalidated by pattern; keys differing in case stay apart",
  async run(run) {
    const id = unique();
    const key = `data:ünï/cødé:🎉/${id}` as const;
    const folded = [`data:Ab${id}`, `data:ab${id}`, `data:äb${id} `] as const;
    await withLayer(run, async (layer) => {
      const data = layer.own("data_cache");
      await data.set(key, "unicode");
      for (const k of folded) await data.set(k, k);
    });
    return withLayer(run, async (layer, store) => {
      const data = layer.own("data_cache");
      assert.equal(await data.get(key), "unicode");
      for (const k of folded) assert.equal(await data.get(k), k, `${JSON.stringify(k)} is its own entry`);
      if (!store.capabilities.listsKeys) return "✓ (no listing)";
      await layer.invalidate(`data:ünï/cødé:*`);
      assert.equal(await data.get(key), undefined);
      return "✓";
    });
  },
};

/** The deadline the fault scenarios give the store, and the slack a failing call may take beyond it. */
const FAULT_TIMEOUT_MS = 1000;
const SLACK_MS = 700;

async function withWorker<T>(
  run: BackendRun,
  body: (worker: ReturnType<typeof spawnWorker>, fault: Awaited<ReturnType<BackendRun["fault"]>>) => Promise<T>,
): Promise<T> {
  const fault = await run.fault();
  const worker = spawnWorker("test/stores/keyv-fault-worker.ts", {
    KEYV_TARGET: JSON.stringify(fault.target),
    KEYV_NAMESPACE: run.namespace,
    KEYV_TIMEOUT_MS: String(FAULT_TIMEOUT_MS),
  });
  try {
    await worker.next((m) => m["ready"] === true);
    const result = await body(worker, fault);
    worker.send({ exit: true });
    const code = await worker.exited;
    assert.equal(code, 0, `the worker exits cleanly; stderr:\n${worker.stderr}`);
    return result;
  } finally {
    worker.kill("SIGKILL");
    await fault.close();
  }
}

async function ask(
  worker: ReturnType<typeof spawnWorker>,
  message: Record<string, unknown>,
  reply: string,
  withinMs = 30_000,
): Promise<Record<string, unknown>> {
  const before = worker.messages.length;
  worker.send(message);
  return worker.next((m) => m["reply"] === reply && worker.messages.indexOf(m) >= before, withinMs);
}

/** Every call in the probe failed with a StoreError (or a capability refusal) within the deadline; keyv-file's reads answer from memory. */
function assertProbeFailed(run: BackendRun, probe: Record<string, unknown>): number {
  const results = probe["results"] as Record<string, unknown>[];
  let slowest = 0;
  for (const result of results) {
    const call = String(result["call"]);
    if (run.name === "keyv-file" && (call === "get" || call === "delete" || call === "invalidate pattern")) continue; // served from its in-memory map
    assert.equal(result["ok"], false, `${call} fails while the backend is down: ${JSON.stringify(result)}`);
    assert.equal(result["storeError"], true, `${call} fails with a StoreError: ${JSON.stringify(result)}`);
    assert.ok(Number(result["ms"]) <= FAULT_TIMEOUT_MS + SLACK_MS, `${call} fails within the deadline (${FAULT_TIMEOUT_MS}ms): took ${String(result["ms"])}ms`);
    if (call !== "invalidate pattern") assert.equal(result["key"], "data:1", `${call}'s StoreError names the key`);
    slowest = Math.max(slowest, Number(result["ms"]));
  }
  assert.ok(Number(probe["layerErrors"]) > 0, "the failures reached the layer's error event");
  return slowest;
}

const downScenario: Scenario = {
  id: "backend down",
  title: "backend down: every call fails with a StoreError within the deadline, nothing crashes, and it recovers (child process)",
  async run(run) {
    return withWorker(run, async (worker, fault) => {
      worker.send({ open: true });
      await worker.next((m) => m["opened"] === true);
      assert.equal((await ask(worker, { set: true, key: "data:1", value: "v1" }, "set"))["ok"], true);
      assert.equal((await ask(worker, { get: true, key: "data:1" }, "get"))["value"], "v1");
      await fault.down();
      const slowest = assertProbeFailed(run, await ask(worker, { probe: true, key: "data:1" }, "probe"));
      await fault.up();
      const back = await ask(worker, { until: true, key: "data:1", withinMs: 15_000 }, "until");
      assert.equal(back["ok"], true, `a read answers again once the backend is back: ${JSON.stringify(back)}`);
      assert.equal((await ask(worker, { set: true, key: "data:2", value: "v2" }, "set"))["ok"], true, "writes work again");
      return `StoreError ≤ ${slowest}ms; back in ${String(back["afterMs"])}ms`;
    });
  },
};

const downAtStartScenario: Scenario = {
  id: "down at start",
  title: "backend down when the store is created: StoreErrors, then it works once the backend is back (child process)",
  async run(run) {
    return withWorker(run, async (worker, fault) => {
      await fault.down();
      worker.send({ open: true });
      await worker.next((m) => m["opened"] === true);
      const probe = await ask(worker, { probe: true, key: "data:1" }, "probe");
      assertProbeFailed(run, probe);
      await fault.up();
      const back = await ask(worker, { until: true, key: "data:1", withinMs: 15_000 }, "until");
      assert.equal(back["ok"], true, `a read answers once the backend is back: ${JSON.stringify(back)}`);
      const set = await ask(worker, { set: true, key: "data:1", value: "after" }, "set");
      assert.equal(set["ok"], true, `a write works once the backend is back: ${JSON.stringify(set)}`);
      assert.equal((await ask(worker, { get: true, key: "data:1" }, "get"))["value"], "after");
      return `recovers (${String(back["afterMs"])}ms)`;
    });
  },
};

/** Every scenario, in the table's column order. */
export const SCENARIOS: readonly Scenario[] = [
  valuesScenario,
  ttlScenario,
  singleFlightScenario,
  cascadeScenario,
  streamingScenario,
  atomicScenario,
  namespaceScenario,
  bigValueScenario,
  unicodeScenario,
  downScenario,
  downAtStartScenario,
];

function isMiss(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === "object" && "value" in raw && raw.value === undefined);
}

void StoreError;
void capabilitiesOf;

/**
 * The contract every `CacheStore` keeps (bentocache's `driver_test_suite`, keyv's test-suite): run it
 * against a real backend with `storeContract`. Each test opens partitions with fresh cache names,
 * so stores that share a backend (one Redis namespace) do not see each other's data.
 */
import * as nodeTest from "node:test";
import assert from "node:assert/strict";
import type { CacheStore, EvictionReason, FillLease, PartitionOptions, StoredEntry, StorePartition } from "../runtime/contracts/store.js";
import { StoreError, ValueError } from "../runtime/errors.js";
import { StoreCapabilityError } from "../runtime/stores/store-fits.js";
import { chunkKey } from "../runtime/streaming/chunk-keys.js";
import { valueTooLargeMessage } from "../runtime/messages/value.js";
import { entryBytes } from "../runtime/stores/entry-bytes.js";
import type { SuiteApi } from "./suite-api.js";
import { createLayer, defineManifest } from "../index.js";

/** The manifest of the cases that run a layer on the store: one cache with grace, for soft invalidation and batches. */
const softApp = defineManifest({ layers: ["server"], caches: { soft: { primary: "server", owns: ["soft:*"], ttl: "1h", grace: "1h" } } });

/** A Standard Schema of its own (the contract needs no schema library): a number, or an issue. */
const aNumber = {
  "~standard": {
    version: 1,
    vendor: "borrowcache-contract",
    validate: (value: unknown) => (typeof value === "number" ? { value } : { issues: [{ message: "expected a number" }] }),
  },
} as const;
/** Two deploys of one cache (the second with a schema), and a writer that checks nothing, for the trust-boundary case. */
const deployOne = defineManifest({ layers: ["server"], caches: { deployed: { primary: "server", owns: ["deployed:*"], version: "v1" } } });
const deployTwo = defineManifest({ layers: ["server"], caches: { deployed: { primary: "server", owns: ["deployed:*"], version: "v2", value: aNumber } } });
const deployTwoUnchecked = defineManifest({ layers: ["server"], caches: { deployed: { primary: "server", owns: ["deployed:*"], version: "v2" } } });

/** How the suite drives a store. */
export interface StoreContractOptions {
  /**
   * Moves the store's clock forward (a fake clock). Absent: the suite waits in real time, with ttls
   * of `realTtlMs`.
   */
  readonly advanceTime?: (ms: number) => void | Promise<void>;
  /** The ttl used when waiting in real time. @default 150 */
  readonly realTtlMs?: number;
  /**
   * A store whose backend fails every call: the real backend behind a wrapper or proxy that throws, or
   * a stopped server. Absent for a store without a backend that can fail (memoryStore).
   */
  readonly makeFailingStore?: () => Promise<CacheStore> | CacheStore;
  /** How long a failing call may take before the suite calls it a hang. @default 3000 */
  readonly failWithinMs?: number;
  /**
   * The store hands out fill leases (`StorePartition.lease`/`fill`: shared by several processes or
   * tabs, with an atomic conditional write): the suite runs the lease cases. Absent: the suite checks
   * that its partitions have none.
   */
  readonly leases?: boolean;
  /** `describe`, `it` and `after` of your test runner. @default node:test's */
  readonly api?: SuiteApi;
}

let counter = 0;
const freshCache = (): string => `contract_${process.pid}_${Date.now().toString(36)}_${counter++}`;
const entry = (value: unknown, times: Partial<StoredEntry> = {}): StoredEntry => ({ value, storedAt: 1_700_000_000_000, ...times });

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out.sort();
}

async function within<T>(ms: number, what: string, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung for ${ms}ms`)), ms);
  });
  try {
    return await Promise.race([run(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Registers the store contract as node:test cases under `describe(name)`.
 *
 * @example
 * storeContract("keyvStore over a Map", () => keyvStore(new Map(), { namespace: "t" }))
 */
export function storeContract(name: string, makeStore: () => Promise<CacheStore> | CacheStore, options: StoreContractOptions = {}): void {
  const api: SuiteApi = options.api ?? nodeTest;
  const realTtl = options.realTtlMs ?? 150;
  const opened: CacheStore[] = [];
  const open = async (): Promise<CacheStore> => {
    const store = await makeStore();
    opened.push(store);
    return store;
  };
  // Whether each partition's store lists keys: a store that declares it cannot (capabilities.listsKeys
  // false) is held to refusing every listing at once, with a StoreCapabilityError, instead.
  const lists = new WeakMap<StorePartition, boolean>();
  const partition = async (store?: CacheStore, partitionOptions: PartitionOptions = {}): Promise<StorePartition> => {
    const owner = store ?? (await open());
    const made = owner.partition(freshCache(), partitionOptions);
    lists.set(made, owner.capabilities?.listsKeys !== false);
    return made;
  };
  const refusesListing = async (p: StorePartition, call: () => Promise<unknown>): Promise<void> => {
    await assert.rejects(within(1000, "a refused listing", call), (error: unknown) => {
      assert.ok(error instanceof StoreCapabilityError, `a StoreCapabilityError, got ${String(error)}`);
      assert.equal(error.need, "listsKeys");
      assert.match(error.message, /^✗ .* needs store '.*' of layer '.*' to list keys, which it cannot — /);
      return true;
    });
    assert.ok(!lists.get(p));
  };
  /** `keys(pattern)` is `expected`; on a store that cannot list, it is refused at once. */
  const assertKeys = async (p: StorePartition, pattern: string | undefined, expected: string[]): Promise<void> => {
    if (lists.get(p) === false) return refusesListing(p, () => collect(p.keys(pattern)));
    assert.deepStrictEqual(await collect(p.keys(pattern)), expected);
  };
  /** `clear()`; on a store that cannot list, refused at once (and the test then checks nothing was dropped). */
  const clearOrRefuse = async (p: StorePartition): Promise<boolean> => {
    if (lists.get(p) !== false) {
      await p.clear();
      return true;
    }
    await refusesListing(p, () => p.clear());
    return false;
  };
  const elapse = async (ms: number): Promise<void> => {
    if (options.advanceTime) await options.advanceTime(ms);
    else await new Promise((resolve) => setTimeout(resolve, ms));
  };

  api.describe(`store contract: ${name}`, () => {
    // A runner without `after` leaves the stores open; their backends' own teardown ends them.
    api.after?.(async () => {
      for (const store of opened) {
        await store.close?.();
      }
    });

    api.it("get(key) is undefined for a key never set", async () => {
      const p = await partition();
      assert.equal(await p.get("missing:1"), undefined);
    });

    api.it("set then get returns the value with its times", async () => {
      const p = await partition();
      await p.set("user:1", entry({ name: "Ada" }, { expiresAt: 1_700_000_060_000, staleUntil: 1_700_000_120_000 }));
      assert.deepStrictEqual(await p.get("user:1"), {
        value: { name: "Ada" },
        storedAt: 1_700_000_000_000,
        expiresAt: 1_700_000_060_000,
        staleUntil: 1_700_000_120_000,
      });
      await p.set("user:2", entry("plain"));
      const plain = await p.get("user:2");
      assert.equal(plain?.value, "plain");
      assert.equal(plain?.storedAt, 1_700_000_000_000);
      assert.equal(plain?.expiresAt, undefined);
      assert.equal(plain?.staleUntil, undefined);
    });

    api.it("set(key) replaces the previous value", async () => {
      const p = await partition();
      await p.set("k", entry(1));
      await p.set("k", entry(2));
      assert.equal((await p.get("k"))?.value, 2);
    });

    api.it("values keep Date, Map, Set, BigInt, Uint8Array and undefined, also nested", async () => {
      const p = await partition();
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
        list: [undefined, -0, Number.NaN, Infinity],
      };
      await p.set("rich", entry(value));
      const back = (await p.get("rich"))?.value as typeof value;
      assert.deepStrictEqual(back, value);
      assert.ok(back.at instanceof Date && back.prefs instanceof Map && back.tags instanceof Set && back.avatar instanceof Uint8Array);
      await p.set("bytes", entry(new Uint8Array([7, 8])));
      assert.deepStrictEqual((await p.get("bytes"))?.value, new Uint8Array([7, 8]));
      await p.set("undef", entry(undefined));
      const undef = await p.get("undef");
      assert.ok(undef !== undefined && undef.value === undefined, "an entry holding undefined is still a hit");
    });

    // putChunked refills one buffer per chunk once its write has settled: a store must copy or send the bytes, not keep them.
    api.it("bytes given to set are not kept: changing them after set settles changes nothing stored", async () => {
      const p = await partition();
      const bytes = new Uint8Array([1, 2, 3, 4]);
      await p.set("reused", entry(bytes));
      bytes.fill(9);
      assert.deepStrictEqual((await p.get("reused"))?.value, new Uint8Array([1, 2, 3, 4]));
    });

    api.it("delete(key) returns true for a stored key, false for a missing one", async () => {
      const p = await partition();
      await p.set("k", entry(1));
      assert.equal(await p.delete("k"), true);
      assert.equal(await p.get("k"), undefined);
      assert.equal(await p.delete("k"), false);
    });

    api.it("getMany(keys) returns entries in order, undefined for missing keys", async () => {
      const p = await partition();
      await p.set("a", entry("A"));
      await p.set("c", entry("C"));
      const got = await p.getMany(["a", "b", "c"]);
      assert.deepStrictEqual(
        got.map((e) => e?.value),
        ["A", undefined, "C"],
      );
      assert.deepStrictEqual(await p.getMany([]), []);
    });

    api.it("keys(pattern) yields the partition's keys matching the glob, keys() all of them", async () => {
      const p = await partition();
      for (const key of ["user:1", "user:2", "user:1:posts", "users:9", "profile:1"]) await p.set(key, entry(key));
      await assertKeys(p, "user:*", ["user:1", "user:1:posts", "user:2"]);
      await assertKeys(p, "user:*:posts", ["user:1:posts"]);
      await assertKeys(p, "profile:1", ["profile:1"]);
      await assertKeys(p, undefined, ["profile:1", "user:1", "user:1:posts", "user:2", "users:9"]);
    });

    api.it("keys(pattern) treats ? and [ as literal characters", async () => {
      const p = await partition();
      for (const key of ["q?1", "qx1", "r[1]", "r1"]) await p.set(key, entry(key));
      await assertKeys(p, "q?*", ["q?1"]);
      await assertKeys(p, "r[*", ["r[1]"]);
    });

    api.it("two partitions of one store never see each other's keys", async () => {
      const store = await open();
      const a = await partition(store);
      const b = await partition(store);
      await a.set("shared:1", entry("from a"));
      await b.set("shared:1", entry("from b"));
      await a.set("only:a", entry(1));
      assert.equal((await a.get("shared:1"))?.value, "from a");
      assert.equal((await b.get("shared:1"))?.value, "from b");
      assert.equal(await b.get("only:a"), undefined);
      await assertKeys(b, undefined, ["shared:1"]);
      assert.equal(await b.delete("only:a"), false);
      assert.equal((await a.get("only:a"))?.value, 1);
    });

    api.it("clear() drops the partition's entries and never touches another partition", async () => {
      const store = await open();
      const a = await partition(store);
      const b = await partition(store);
      for (const key of ["k:1", "k:2", "k:3"]) {
        await a.set(key, entry(key));
        await b.set(key, entry(key));
      }
      const cleared = await clearOrRefuse(a);
      await assertKeys(a, undefined, []);
      assert.equal((await a.get("k:1"))?.value, cleared ? undefined : "k:1");
      await assertKeys(b, undefined, ["k:1", "k:2", "k:3"]);
      assert.equal((await b.get("k:2"))?.value, "k:2");
    });

    api.it("an entry set with ttlMs is gone once it has passed; one without stays", async () => {
      const p = await partition();
      const ttl = options.advanceTime ? 10_000 : realTtl;
      await p.set("short", entry("s"), ttl);
      await p.set("forever", entry("f"));
      assert.equal((await p.get("short"))?.value, "s");
      await elapse(ttl + (options.advanceTime ? 1 : realTtl));
      assert.equal(await p.get("short"), undefined);
      await assertKeys(p, "short*", []);
      assert.equal((await p.get("forever"))?.value, "f");
    });

    api.it("a layer on it serves a soft-invalidated entry stale within grace, refreshed once behind the read", async () => {
      const store = await open();
      const loads: string[] = [];
      const server = createLayer(softApp, "server", { store, sources: { soft: { load: async (key) => (loads.push(key), `loaded ${key}`) } } });
      const key = `soft:${freshCache()}` as const;
      const soft = server.own("soft");
      await soft.set(key, "written");
      await soft.invalidate(key, { mode: "expire" });
      const stale = await soft.getWithMeta(key);
      assert.deepEqual([stale.value, stale.hit, stale.stale], ["written", true, true]);
      for (let i = 0; i < 200 && (await soft.getWithMeta(key)).stale; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const fresh = await soft.getWithMeta(key);
      assert.deepEqual([fresh.value, fresh.stale], [`loaded ${key}`, false]);
      assert.deepEqual(loads, [key], "one refresh");
    });

    api.it("a partition's expire, where it has one, marks an entry stale with its grace and leaves nothing where nothing was", async () => {
      const p = await partition();
      if (p.expire === undefined) return; // the layer reads and writes back instead (the case above covers it)
      assert.equal(await p.expire("none", 1_700_000_000_000, 1_700_000_030_000), false);
      await p.set("k", entry("v", { expiresAt: 1_700_000_060_000 }));
      assert.equal(await p.expire("k", 1_700_000_000_500, 1_700_000_030_000), true);
      assert.deepStrictEqual(await p.get("k"), {
        value: "v",
        storedAt: 1_700_000_000_000,
        expiresAt: 1_700_000_000_500,
        staleUntil: 1_700_000_030_000,
        expired: true,
      });
    });

    api.it("setMany and deleteMany through a layer on it store and remove every key, each readable alone", async () => {
      const store = await open();
      const server = createLayer(softApp, "server", { store });
      const run = freshCache();
      const keys = Array.from({ length: 20 }, (_, i) => `soft:${run}:${i}` as const);
      await server.own("soft").setMany(keys.map((key, i) => [key, { i }] as const));
      assert.deepEqual(await server.own("soft").get(keys[7]!), { i: 7 });
      assert.deepEqual((await server.own("soft").getMany(keys)).length, 20);
      assert.equal(await server.own("soft").deleteMany(keys), true);
      assert.equal(await server.own("soft").has(keys[7]!), false);
      assert.equal(await server.own("soft").deleteMany(keys), false);
    });

    api.it(
      "a layer on it reads an entry of another deploy version, or one its schema refuses, as a miss (a store that crossed no boundary is trusted)",
      async () => {
        const store = await open();
        if (store.trusted === true) return; // an in-process store never holds another deploy's or another service's entries
        const key = `deployed:${freshCache()}` as const;
        await createLayer(deployOne, "server", { store }).own("deployed").set(key, "written by v1");
        const loads: string[] = [];
        const errors: unknown[] = [];
        const two = createLayer(deployTwo, "server", { store, sources: { deployed: { load: async (k) => (loads.push(k), 2) } } });
        two.on("error", ({ error }) => errors.push(error));
        assert.equal(await two.own("deployed").get(key), 2, "v1's entry is a miss for v2, loaded from the source");
        await createLayer(deployTwoUnchecked, "server", { store }).own("deployed").set(key, "not a number");
        assert.equal(await two.own("deployed").get(key), 2, "a value the schema refuses is a miss, loaded again");
        assert.deepEqual(loads, [key, key]);
        assert.ok(
          errors.some((error) => error instanceof ValueError && error.message.includes(`'${key}'`)),
          "the refused value is reported, naming its key",
        );
      },
    );

    api.it("a later set without ttl keeps the key beyond the earlier ttl", async () => {
      const p = await partition();
      const ttl = options.advanceTime ? 10_000 : realTtl;
      await p.set("k", entry(1), ttl);
      await p.set("k", entry(2));
      await elapse(ttl + (options.advanceTime ? 1 : realTtl));
      assert.equal((await p.get("k"))?.value, 2);
    });

    api.describe("maxSize: the cache's byte budget, counted by entryBytes", () => {
      // Four entries of equal bytes; the budget holds three and a half.
      const value = (i: number): string => `${"v".repeat(300)}${i}`;
      const one = entryBytes("k:1", entry(value(1)));
      const budget = 3 * one + Math.floor(one / 2);

      api.it("evicts the least recently used entries of that cache, a read counting as use, and reports each as 'size'", async () => {
        const store = await open();
        const evicted: [string, unknown, EvictionReason][] = [];
        const p = await partition(store, { maxSize: budget, onEvict: (key, old, reason) => evicted.push([key, old.value, reason]) });
        const other = await partition(store, { maxSize: budget });
        await other.set("k:9", entry(value(9)));
        for (const i of [1, 2, 3]) await p.set(`k:${i}`, entry(value(i)));
        assert.equal((await p.get("k:1"))?.value, value(1)); // k:2 is now the least recently used
        await p.set("k:4", entry(value(4)));
        assert.deepStrictEqual(evicted, [["k:2", value(2), "size"]]);
        await assertKeys(p, undefined, ["k:1", "k:3", "k:4"]);
        assert.equal(await p.get("k:2"), undefined);
        assert.equal((await other.get("k:9"))?.value, value(9), "another cache's budget is its own");
      });

      api.it("refuses one value larger than the whole budget with a ValueError naming key, cache, layer and sizes, keeping the old value", async () => {
        const store = await open();
        const cache = freshCache();
        const p = store.partition(cache, { maxSize: budget, layer: "contract" });
        await p.set("k", entry("small"));
        const big = entry("x".repeat(4 * budget));
        const bytes = entryBytes("k", big);
        await assert.rejects(
          async () => p.set("k", big),
          (error: unknown) => {
            assert.ok(error instanceof ValueError, `a ValueError, got ${String(error)}`);
            assert.equal(error.message, valueTooLargeMessage("k", cache, String(bytes), String(budget)));
            assert.equal(error.key, "k");
            assert.equal(error.cache, cache);
            assert.equal(error.layer, "contract");
            return true;
          },
        );
        assert.equal((await p.get("k"))?.value, "small");
      });

      api.it("bytes() is the sum of entryBytes of the entries held, through replace, delete and clear", async () => {
        const p = await partition(undefined, { maxSize: 1024 * 1024 });
        assert.ok(typeof p.bytes === "function", "a partition with a maxSize can tell its bytes");
        const a = entry({ name: "Ada", tags: ["x", "y"] });
        const b = entry(new Uint8Array(700));
        const c = entry("replaced");
        await p.set("a", a);
        await p.set("b", b);
        assert.equal(p.bytes(), entryBytes("a", a) + entryBytes("b", b));
        await p.set("a", c);
        assert.equal(p.bytes(), entryBytes("a", c) + entryBytes("b", b));
        await p.delete("b");
        assert.equal(p.bytes(), entryBytes("a", c));
        if (await clearOrRefuse(p)) assert.equal(p.bytes(), 0);
      });
    });

    if (!options.leases) {
      api.it("hands out no fill leases (its G1 across processes is the layer's in-process tickets and the bus)", async () => {
        const p = await partition();
        assert.equal(typeof p.lease, "undefined");
        assert.equal(typeof p.fill, "undefined");
      });
    }

    if (options.leases) {
      api.describe("lease and fill: a loaded value is stored only if no write came since the miss", () => {
        type Leasing = StorePartition & Required<Pick<StorePartition, "lease" | "fill">>;
        const leasing = async (partitionOptions: PartitionOptions = {}): Promise<Leasing> => {
          const p = await partition(undefined, partitionOptions);
          assert.equal(typeof p.lease, "function", "a store with leases has lease on every partition");
          assert.equal(typeof p.fill, "function", "a store with leases has fill on every partition");
          return p as Leasing;
        };
        const token = (lease: FillLease): string => {
          assert.ok("granted" in lease, `a granted lease, got ${JSON.stringify(lease)}`);
          return lease.granted;
        };
        const LEASE_MS = 10_000;

        api.it("a lease over nothing is granted, reads as a miss everywhere, and its fill stores the entry", async () => {
          const p = await leasing();
          const lease = await p.lease("k", LEASE_MS);
          assert.equal("entry" in lease ? lease.entry : undefined, undefined);
          assert.equal(await p.get("k"), undefined);
          assert.deepStrictEqual(await p.getMany(["k", "other"]), [undefined, undefined]);
          assert.equal(await p.fill("k", entry({ n: 1 }, { storedAt: 5 }), undefined, token(lease)), true);
          const filled = await p.get("k");
          assert.deepStrictEqual([filled?.value, filled?.storedAt], [{ n: 1 }, 5]);
        });

        api.it("a second lease while the first is held is busy; once filled, a lease finds the value", async () => {
          const p = await leasing();
          const first = await p.lease("k", LEASE_MS);
          assert.deepStrictEqual(await p.lease("k", LEASE_MS), { busy: true });
          assert.equal(await p.fill("k", entry(1), undefined, token(first)), true);
          const after = await p.lease("k", LEASE_MS);
          assert.equal("entry" in after ? after.entry?.value : undefined, 1);
        });

        for (const [write, apply, left] of [
          ["set", (p: StorePartition) => p.set("k", entry("written")), "written"],
          ["delete", (p: StorePartition) => p.delete("k"), undefined],
          ["clear", (p: StorePartition) => p.clear(), undefined],
        ] as const) {
          api.it(`a ${write} after the lease makes its fill fail, and what the ${write} left stays`, async () => {
            const p = await leasing();
            const lease = await p.lease("k", LEASE_MS);
            await apply(p);
            assert.equal(await p.fill("k", entry("loaded"), undefined, token(lease)), false);
            assert.equal((await p.get("k"))?.value, left);
          });
        }

        api.it("a lease over a value comes with the entry; its fill replaces it only if nobody wrote since", async () => {
          const p = await leasing();
          await p.set("k", entry("v1"));
          const refresh = await p.lease("k", LEASE_MS);
          assert.equal("entry" in refresh ? refresh.entry?.value : undefined, "v1");
          assert.equal(await p.fill("k", entry("v2"), undefined, token(refresh)), true);
          assert.equal((await p.get("k"))?.value, "v2");
          const overtaken = await p.lease("k", LEASE_MS);
          await p.set("k", entry("v3"));
          assert.equal(await p.fill("k", entry("v4"), undefined, token(overtaken)), false);
          assert.equal((await p.get("k"))?.value, "v3");
        });

        api.it("a lease past its ttl is free: the next lease is granted, and the first token can no longer fill", async () => {
          const p = await leasing();
          const first = await p.lease("k", realTtl);
          await elapse(realTtl * 2);
          const second = await p.lease("k", LEASE_MS);
          assert.equal(await p.fill("k", entry("first"), undefined, token(first)), false);
          assert.equal(await p.fill("k", entry("second"), undefined, token(second)), true);
          assert.equal((await p.get("k"))?.value, "second");
        });

        api.it("a filled entry with ttlMs is gone once it has passed, like a set one", async () => {
          const p = await leasing();
          assert.equal(await p.fill("k", entry(1), realTtl, token(await p.lease("k", LEASE_MS))), true);
          await elapse(realTtl * 2);
          assert.equal(await p.get("k"), undefined);
        });

        api.it("a lease is no entry: deleting it answers false, and a cache with maxSize does not count it", async () => {
          const p = await leasing({ maxSize: 1024 * 1024 });
          await p.lease("a", LEASE_MS);
          assert.equal(await p.delete("a"), false);
          const lease = await p.lease("b", LEASE_MS);
          const c = entry({ name: "Ada" });
          await p.set("c", c);
          assert.equal(p.bytes?.(), entryBytes("c", c), "the lease on 'b' counts nothing");
          const b = entry({ name: "Grace" });
          assert.equal(await p.fill("b", b, undefined, token(lease)), true);
          assert.equal(p.bytes?.(), entryBytes("c", c) + entryBytes("b", b), "the fill counts like a set");
        });

        api.it("in a cache with maxSize a fill evicts the least recently used entries like a set, and reports them", async () => {
          const value = (i: number): string => `${"v".repeat(300)}${i}`;
          const one = entryBytes("k:1", entry(value(1)));
          const evicted: [string, unknown, EvictionReason][] = [];
          const p = await leasing({ maxSize: 2 * one + Math.floor(one / 2), onEvict: (key, old, reason) => evicted.push([key, old.value, reason]) });
          await p.set("k:1", entry(value(1)));
          await p.set("k:2", entry(value(2)));
          const lease = await p.lease("k:3", LEASE_MS);
          assert.equal(await p.fill("k:3", entry(value(3)), undefined, token(lease)), true);
          assert.deepStrictEqual(evicted, [["k:1", value(1), "size"]]);
          assert.equal(await p.get("k:1"), undefined);
          assert.equal((await p.get("k:3"))?.value, value(3));
        });
      });
    }
    api.it("keys with NUL and other control characters, '%', ':', '/', unicode and case are stored, read and listed as themselves", async () => {
      const p = await partition();
      // A chunk key holds NUL; a case- or accent-folding backend would make the last three one entry.
      const keys = [chunkKey("video:1", "v1", 0), "tab\there", "del\u007f", "pct%41", "data:ünï/cødé:🎉/x", "data:Ab", "data:ab", "data:äb "];
      for (const key of keys) await p.set(key, entry(key));
      for (const key of keys) assert.equal((await p.get(key))?.value, key, `the entry of ${JSON.stringify(key)}`);
      await assertKeys(p, undefined, [...keys].sort());
      await assertKeys(p, "data:ünï/*", ["data:ünï/cødé:🎉/x"]);
      assert.equal(await p.delete("data:ab"), true);
      assert.equal((await p.get("data:Ab"))?.value, "data:Ab");
    });

    api.it("a byte array of capabilities.maxValueBytes bytes (1 MiB when no lower limit is declared) fits one entry, as a chunk", async () => {
      const store = await open();
      const declared = store.capabilities?.maxValueBytes;
      const size = declared === undefined || declared > 1024 * 1024 ? 1024 * 1024 : declared;
      const p = await partition(store, { binary: true });
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
      const key = chunkKey("video:1", "v1", 0);
      await p.set(key, entry(bytes));
      assert.deepStrictEqual((await p.get(key))?.value, bytes);
    });

    if (options.makeFailingStore) {
      const makeFailing = options.makeFailingStore;
      const limit = options.failWithinMs ?? 3000;
      for (const [label, maxSize] of [
        ["", undefined],
        [" (a cache with maxSize)", 1024 * 1024],
      ] as const) {
        api.it(
          `every call on a failing backend rejects with a StoreError naming layer, store, cache, key and operation, and does not hang${label}`,
          async () => {
            const store = await makeFailing();
            opened.push(store);
            const cache = freshCache();
            const p = store.partition(cache, { layer: "contract", maxSize });
            const calls: [string, string | undefined, () => Promise<unknown>][] = [
              ["get", "k", async () => p.get("k")],
              ["getMany", undefined, async () => p.getMany(["k", "j"])],
              ["set", "k", async () => p.set("k", entry(1))],
              ["set with ttl", "k", async () => p.set("k", entry(1), 1000)],
              ["delete", "k", async () => p.delete("k")],
              ["keys", undefined, async () => collect(p.keys("*"))],
              ["clear", undefined, async () => p.clear()],
            ];
            for (const [what, key, call] of calls) {
              await assert.rejects(within(limit, what, call), (error: unknown) => {
                assert.ok(error instanceof Error, `${what} rejects with an Error`);
                assert.doesNotMatch(error.message, /hung for/, `${what} must reject, not hang`);
                assert.ok(error instanceof StoreError, `${what} rejects with a StoreError, got ${error.name}: ${error.message}`);
                assert.equal(error.layer, "contract", `${what}: the layer`);
                assert.equal(error.cache, cache, `${what}: the cache`);
                assert.ok(error.store.length > 0, `${what}: the store`);
                assert.ok(error.operation.length > 0, `${what}: the operation`);
                if (key !== undefined) assert.equal(error.key, key, `${what}: the key`);
                assert.ok(error.cause !== undefined || error instanceof StoreCapabilityError, `${what}: the backend's error as cause`);
                return true;
              });
            }
          },
        );
      }
    }
  });
}

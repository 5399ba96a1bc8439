// G3 "honest outcomes": a write whose outcome the store could not confirm rejects with
// WriteOutcomeUnknownError, and the layer acts as if it was applied (announces it, carries out the
// cascade); an atomicUpdate resolves the outcome by reading back, and a retry with its id never applies
// twice. Faults are injected by a wrapper around a real memory store that loses the store's answer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createLayer,
  defineManifest,
  memoryBus,
  memoryStore,
  tieredStore,
  StoreError,
  WriteOutcomeUnknownError,
  type CacheStore,
  type StoredEntry,
  type StorePartition,
} from "../../src/index.js";

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    accounts: { primary: "server", owns: ["account:*"], exclusive: true },
    users: { primary: "server", owns: ["user:*"], invalidates: ["profile:*"] },
    profiles: { primary: "server", owns: ["profile:*"] },
  },
});

type Fault = "none" | "applied-answer-lost" | "not-applied-answer-lost" | "unreadable";

/** A memory store whose writes can lose their answer, as a timed-out Redis call does, and whose reads can fail. */
function lossyStore() {
  const inner = memoryStore();
  const state = { fault: "none" as Fault, readsFail: false };
  const lost = (key: string) =>
    new WriteOutcomeUnknownError({ layer: "server", store: "lossy", key, operation: "set", cause: new Error("no answer within 500ms") });
  const store: CacheStore = {
    kind: "lossy",
    partition(cache, options) {
      const partition = inner.partition(cache, options);
      // Every method of the real partition, bound to it (its private fields need the real `this`).
      const wrapped: StorePartition = {
        get: (key) => partition.get(key),
        getMany: (keys) => partition.getMany(keys),
        set: (key, entry, ttlMs) => partition.set(key, entry, ttlMs),
        delete: (key) => partition.delete(key),
        keys: (pattern) => partition.keys(pattern),
        clear: () => partition.clear(),
        bytes: () => partition.bytes?.() ?? 0,
      };
      wrapped.get = (key) => {
        if (state.readsFail) throw new StoreError({ layer: "server", store: "lossy", key, operation: "get", cause: new Error("down") });
        return partition.get(key);
      };
      wrapped.set = async (key: string, entry: StoredEntry, ttlMs?: number) => {
        const fault = state.fault;
        if (fault === "not-applied-answer-lost") throw lost(key);
        await Promise.resolve(partition.set(key, entry, ttlMs));
        if (fault === "applied-answer-lost" || fault === "unreadable") {
          if (fault === "unreadable") state.readsFail = true;
          throw lost(key);
        }
      };
      return wrapped;
    },
  };
  return { store, state };
}

describe("honest outcomes", () => {
  it("a set whose answer was lost rejects with WriteOutcomeUnknownError and still announces and cascades", async () => {
    const { store, state } = lossyStore();
    const bus = memoryBus();
    const server = createLayer(app, "server", { store, bus, processId: "p1" });
    await server.own("profiles").set("profile:1", "old profile");
    state.fault = "applied-answer-lost";
    const error = await server
      .own("users")
      .set("user:1", { name: "new" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof WriteOutcomeUnknownError && error instanceof StoreError, "a StoreError that says the outcome is unknown");
    assert.match(error.message, /^✗ outcome unknown: set of 'user:1'/);
    assert.ok(
      bus.published.some((m) => m.target === "user:1"),
      "other processes were told, as if it was applied",
    );
    state.fault = "none";
    assert.equal(await server.own("profiles").get("profile:1"), undefined, "the cascade ran");
  });

  it("an atomicUpdate whose write landed but whose answer was lost resolves (read back), applied once", async () => {
    const { store, state } = lossyStore();
    const server = createLayer(app, "server", { store });
    const accounts = server.own("accounts");
    await accounts.atomicUpdate("account:1", () => 10);
    state.fault = "applied-answer-lost";
    assert.equal(await accounts.atomicUpdate("account:1", (n) => (n as number) + 1), 11);
    state.fault = "none";
    assert.equal(await accounts.get("account:1"), 11);
  });

  it("an atomicUpdate whose write did not land fails with a plain StoreError: the old value stays", async () => {
    const { store, state } = lossyStore();
    const accounts = createLayer(app, "server", { store }).own("accounts");
    await accounts.atomicUpdate("account:1", () => 10);
    state.fault = "not-applied-answer-lost";
    const error = await accounts
      .atomicUpdate("account:1", (n) => (n as number) + 1)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof StoreError && !(error instanceof WriteOutcomeUnknownError), `a known failure, got ${String(error)}`);
    state.fault = "none";
    assert.equal(await accounts.get("account:1"), 10);
  });

  it("when the outcome cannot be read back, a retry with the operation id is not applied twice", async () => {
    const { store, state } = lossyStore();
    const accounts = createLayer(app, "server", { store }).own("accounts");
    await accounts.atomicUpdate("account:1", () => 10);
    state.fault = "unreadable"; // applied, answer lost, and the store cannot be read for a while
    const error = await accounts
      .atomicUpdate("account:1", (n) => (n as number) + 1)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof WriteOutcomeUnknownError, `unknown, got ${String(error)}`);
    assert.equal(typeof error.operationId, "string");
    state.fault = "none";
    state.readsFail = false;
    // The caller retries, as a careful caller does after an unknown outcome: with the same id.
    assert.equal(await accounts.atomicUpdate("account:1", (n) => (n as number) + 1, { id: error.operationId! }), 11);
    assert.equal(await accounts.get("account:1"), 11, "incremented once, not twice");
  });
});

describe("atomicUpdate builds on the shared copy", () => {
  it("an update reads the shared tier under its lock, not this process's memory copy that missed another process's update", async () => {
    const shared = memoryStore(); // the one copy both processes share, like a Redis
    const sharedStore: CacheStore = {
      kind: "shared",
      partition: (cache, options) => {
        const partition = shared.partition(cache, options);
        return {
          get: (key) => partition.get(key),
          getMany: (keys) => partition.getMany(keys),
          set: (key, entry, ttlMs) => partition.set(key, entry, ttlMs),
          delete: (key) => partition.delete(key),
          keys: (pattern) => partition.keys(pattern),
          clear: () => partition.clear(),
          forgetLocal() {},
          forgetLocalPattern() {},
        };
      },
    };
    // Separate buses: A never hears of B's update (a message still on its way).
    const a = createLayer(app, "server", { store: tieredStore(memoryStore(), sharedStore), bus: memoryBus(), processId: "a" });
    const b = createLayer(app, "server", { store: tieredStore(memoryStore(), sharedStore), bus: memoryBus(), processId: "b" });
    await a.own("accounts").atomicUpdate("account:1", () => 1);
    assert.equal(await a.own("accounts").get("account:1"), 1); // now in A's memory tier
    await b.own("accounts").atomicUpdate("account:1", (n) => (n as number) + 1);
    assert.equal(await a.own("accounts").atomicUpdate("account:1", (n) => (n as number) + 1), 3, "built on B's 2, not A's stale 1");
  });
});

describe("a lock that cannot be released", () => {
  it("does not fail an update whose write was applied: the lock expires by its ttl, the failure is an error event", async () => {
    const inner = memoryStore();
    const store: CacheStore = {
      kind: "locking",
      partition: (cache, options) => inner.partition(cache, options),
      // A shared lock whose release fails, as a Redis that went away right after the write does.
      lock: async () => ({
        held: true,
        release: async () => {
          throw new StoreError({ layer: "server", store: "locking", operation: "unlock", cause: new Error("connection lost") });
        },
      }),
    };
    const server = createLayer(app, "server", { store });
    const errors: string[] = [];
    server.on("error", ({ operation }) => errors.push(operation));
    assert.equal(await server.own("accounts").atomicUpdate("account:1", () => 1), 1);
    assert.equal(await server.own("accounts").get("account:1"), 1);
    assert.deepEqual(errors, ["unlock"]);
  });
});

describe("a shared copy that cannot be read", () => {
  it("fails an atomicUpdate instead of starting the value afresh (a tiered store turns read failures into misses for reads, not here)", async () => {
    const shared = memoryStore();
    let down = false;
    const sharedStore: CacheStore = {
      kind: "flaky-shared",
      partition: (cache, options) => {
        const partition = shared.partition(cache, options);
        return {
          get: (key) => {
            if (down) throw new StoreError({ layer: "server", store: "flaky-shared", key, operation: "get", cause: new Error("down") });
            return partition.get(key);
          },
          getMany: (keys) => partition.getMany(keys),
          set: (key, entry, ttlMs) => partition.set(key, entry, ttlMs),
          delete: (key) => partition.delete(key),
          keys: (pattern) => partition.keys(pattern),
          clear: () => partition.clear(),
          forgetLocal() {},
          forgetLocalPattern() {},
        };
      },
    };
    const accounts = createLayer(app, "server", { store: tieredStore(memoryStore(), sharedStore) }).own("accounts");
    await accounts.atomicUpdate("account:1", () => 41);
    down = true;
    await assert.rejects(
      accounts.atomicUpdate("account:1", (n) => ((n as number | undefined) ?? 0) + 1),
      StoreError,
    );
    down = false;
    assert.equal(await accounts.get("account:1"), 41, "not reset to 1");
  });
});

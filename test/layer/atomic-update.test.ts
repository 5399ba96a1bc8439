// Cross-layer race conditions (seed disaster 7): an exclusive cache is written only by read-modify-write
// under a lock on the key, so concurrent updates never lose one another.
// Internal unit at the end: LocalLock, the in-process lock behind atomicUpdate, has no public face.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LocalLock } from "../../src/runtime/locks/local-lock.js";
import { serverLayer } from "./helpers/app.js";

describe("atomicUpdate", () => {
  it("10,000 concurrent increments end at exactly 10,000", async () => {
    const accounts = serverLayer().own("accounts");
    await Promise.all(Array.from({ length: 10_000 }, () => accounts.atomicUpdate("account:1", (n) => ((n as number | undefined) ?? 0) + 1)));
    assert.equal(await accounts.get("account:1"), 10_000);
  });

  it("a throwing fn leaves the old value and releases the lock", async () => {
    const accounts = serverLayer().own("accounts");
    await accounts.atomicUpdate("account:2", () => 5);
    await assert.rejects(
      accounts.atomicUpdate("account:2", () => {
        throw new Error("insufficient funds");
      }),
      /insufficient funds/,
    );
    assert.equal(await accounts.get("account:2"), 5);
    assert.equal(await accounts.atomicUpdate("account:2", (n) => (n as number) + 1), 6);
  });

  it("returning undefined deletes the key; the current value comes from the source when not stored", async () => {
    const accounts = serverLayer({ sources: { accounts: { load: async () => 100 } } }).own("accounts");
    assert.equal(await accounts.atomicUpdate("account:3", (n) => (n as number) - 30), 70);
    assert.equal(await accounts.atomicUpdate("account:3", () => undefined), undefined);
    assert.equal(await accounts.has("account:3"), false);
  });

  it("resolves to the stored, frozen value", async () => {
    const accounts = serverLayer().own("accounts");
    const stored = await accounts.atomicUpdate("account:4", () => ({ balance: 1 }));
    assert.ok(Object.isFrozen(stored));
  });
});

describe("LocalLock", () => {
  it("serves waiters in order and frees the name when the last releases", async () => {
    const locks = new LocalLock();
    const order: number[] = [];
    const first = await locks.acquire("k");
    const waiting = [1, 2, 3].map(async (n) => {
      const lock = await locks.acquire("k");
      order.push(n);
      await lock.release();
    });
    assert.equal(locks.isHeld("k"), true);
    await first.release();
    await Promise.all(waiting);
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(locks.isHeld("k"), false);
    assert.equal(first.held, false);
  });
});

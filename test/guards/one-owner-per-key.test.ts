import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AlreadyOwnedMessage, OverlapsOwnedMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith, issuesOf, rejectionOf } from "./helpers/define.js";

describe("one owner per key", () => {
  it("accepts caches whose patterns share no key: 'user:*' and 'users:*', 'k1:*' and 'k12:*'", () => {
    assertAccepted({
      caches: {
        user_data: { primary: "client", owns: ["user:*"] },
        users: { primary: "edge", owns: ["users:*"] },
        k1: { primary: "server", owns: ["k1:*"] },
        k12: { primary: "server", owns: ["k12:*"] },
      },
    });
  });

  it("accepts one cache owning overlapping patterns of its own", () => {
    assertAccepted({ caches: { user_data: { primary: "client", owns: ["user:*", "user:admin:*"] } } });
  });

  it("rejects 'user:*' owned by two caches, naming both", () => {
    const error = rejectionOf({
      caches: { user_data: { primary: "client", owns: ["user:*"] }, accounts: { primary: "server", owns: ["user:*"] } },
    });
    assert.deepEqual(error.issues, [
      {
        rule: "one-owner-per-key",
        message: "✗ 'user:*' is already owned by cache 'accounts' (server) — borrow it instead (at caches.user_data.owns[0])" satisfies Located<
          AlreadyOwnedMessage<"user:*", "accounts", "server">,
          "caches.user_data.owns[0]"
        >,
        cache: "user_data",
        layer: "client",
        pattern: "user:*",
        field: "owns",
      },
      {
        rule: "one-owner-per-key",
        message: "✗ 'user:*' is already owned by cache 'user_data' (client) — borrow it instead (at caches.accounts.owns[0])" satisfies Located<
          AlreadyOwnedMessage<"user:*", "user_data", "client">,
          "caches.accounts.owns[0]"
        >,
        cache: "accounts",
        layer: "server",
        pattern: "user:*",
        field: "owns",
      },
    ]);
    assert.equal(error.rule, "one-owner-per-key");
    assert.equal(error.cache, "user_data");
  });

  it("rejects 'user:admin:*' inside 'user:*' on the side with the longer literal prefix only", () => {
    assertRejectedWith(
      { caches: { user_data: { primary: "client", owns: ["user:*"] }, admins: { primary: "server", owns: ["user:admin:*"] } } },
      {
        rule: "one-owner-per-key",
        message: "✗ 'user:admin:*' overlaps 'user:*', owned by cache 'user_data' (client) — borrow it instead (at caches.admins.owns[0])" satisfies Located<
          OverlapsOwnedMessage<"user:admin:*", "user:*", "user_data", "client">,
          "caches.admins.owns[0]"
        >,
        cache: "admins",
        layer: "server",
        pattern: "user:admin:*",
        field: "owns",
      },
    );
  });

  it("rejects a key owned by a pattern of another cache ('user:1' inside 'user:*') on the key's side", () => {
    assertRejectedWith(
      { caches: { user_data: { primary: "client", owns: ["user:*"] }, root: { primary: "server", owns: ["user:1"] } } },
      {
        rule: "one-owner-per-key",
        message: "✗ 'user:1' overlaps 'user:*', owned by cache 'user_data' (client) — borrow it instead (at caches.root.owns[0])" satisfies Located<
          OverlapsOwnedMessage<"user:1", "user:*", "user_data", "client">,
          "caches.root.owns[0]"
        >,
        cache: "root",
        layer: "server",
        pattern: "user:1",
        field: "owns",
      },
    );
  });

  it("rejects overlapping patterns with equal literal prefixes ('a*b', 'ab*') on both sides", () => {
    const error = rejectionOf({ caches: { x: { primary: "client", owns: ["a*b"] }, y: { primary: "edge", owns: ["a*:b"] } } });
    assert.deepEqual(
      error.issues.map((issue) => [issue.cache, issue.message]),
      [
        [
          "x",
          "✗ 'a*b' overlaps 'a*:b', owned by cache 'y' (edge) — borrow it instead (at caches.x.owns[0])" satisfies Located<
            OverlapsOwnedMessage<"a*b", "a*:b", "y", "edge">,
            "caches.x.owns[0]"
          >,
        ],
        [
          "y",
          "✗ 'a*:b' overlaps 'a*b', owned by cache 'x' (client) — borrow it instead (at caches.y.owns[0])" satisfies Located<
            OverlapsOwnedMessage<"a*:b", "a*b", "x", "client">,
            "caches.y.owns[0]"
          >,
        ],
      ],
    );
  });

  it("checks 1000 caches near-linearly (tens of ms; the bound allows a loaded machine), and still finds the one conflict", () => {
    const caches: Record<string, object> = {};
    for (let i = 0; i < 1000; i++)
      caches[`c${i}`] = { primary: "server", owns: [`k${i}:*`, `m${i}:*`], invalidates: [`k${(i + 1) % 1000}:*`].slice(0, i === 999 ? 0 : 1) };
    const started = performance.now();
    assert.deepEqual(issuesOf({ caches }), []);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
    // A new object: defining the first one froze it.
    const withLate = { ...caches, late: { primary: "edge", owns: ["k517:x:*"] } };
    assert.deepEqual(
      issuesOf({ caches: withLate }).map((issue) => issue.message),
      [
        "✗ 'k517:x:*' overlaps 'k517:*', owned by cache 'c517' (server) — borrow it instead (at caches.late.owns[0])" satisfies Located<
          OverlapsOwnedMessage<"k517:x:*", "k517:*", "c517", "server">,
          "caches.late.owns[0]"
        >,
      ],
    );
  });

  it("says which cache declared the pattern, and where, from a JSON manifest (the cache and the field path)", () => {
    const json =
      '{ "caches": { "users_all": { "primary": "client", "owns": ["user:*"] }, "users_admin": { "primary": "server", "owns": ["admin:*", "user:admin:*"] } } }';
    const error = rejectionOf(JSON.parse(json));
    assert.equal(
      error.message,
      "✗ 'user:admin:*' overlaps 'user:*', owned by cache 'users_all' (client) — borrow it instead (at caches.users_admin.owns[1])" satisfies Located<
        OverlapsOwnedMessage<"user:admin:*", "user:*", "users_all", "client">,
        "caches.users_admin.owns[1]"
      >,
    );
    assert.equal(error.cache, "users_admin");
  });

  it("writes a cache name that is not an identifier the way JavaScript reaches it", () => {
    assert.deepEqual(
      issuesOf({ caches: { "user-data": { primary: "client", owns: ["user:*"] }, "admin data": { primary: "server", owns: ["user:admin:*"] } } }).map(
        (issue) => issue.message,
      ),
      ["✗ 'user:admin:*' overlaps 'user:*', owned by cache 'user-data' (client) — borrow it instead (at caches[\"admin data\"].owns[0])"],
    );
  });
});

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { InvalidationCycleMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith, issuesOf, rejectionOf } from "./helpers/define.js";

describe("acyclic invalidation", () => {
  it("accepts a chain user → profile → avatar", () => {
    assertAccepted({
      caches: {
        user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
        profile: { primary: "edge", owns: ["profile:*"], invalidates: ["avatar:*"] },
        avatar: { primary: "edge", owns: ["avatar:*"] },
      },
    });
  });

  it("accepts two caches invalidating the same third one (a diamond, not a cycle)", () => {
    assertAccepted({
      caches: {
        a: { primary: "client", owns: ["a:*"], invalidates: ["b:*", "c:*"] },
        b: { primary: "edge", owns: ["b:*"], invalidates: ["d:*"] },
        c: { primary: "edge", owns: ["c:*"], invalidates: ["d:*"] },
        d: { primary: "server", owns: ["d:*"] },
      },
    });
  });

  it("rejects a cache that invalidates its own pattern", () => {
    assertRejectedWith(
      { caches: { h: { primary: "server", owns: ["h:*"], invalidates: ["h:*"] } } },
      {
        rule: "acyclic-invalidation",
        message: "✗ invalidating 'h:*' leads back to cache 'h' — invalidation cascades must be acyclic (at caches.h.invalidates[0])" satisfies Located<
          InvalidationCycleMessage<"h:*", "h">,
          "caches.h.invalidates[0]"
        >,
        cache: "h",
        layer: "server",
        pattern: "h:*",
        field: "invalidates",
      },
    );
  });

  it("rejects h → i → h on both caches, each at the target that leads back", () => {
    const error = rejectionOf({
      caches: { h: { primary: "server", owns: ["h:*"], invalidates: ["i:*"] }, i: { primary: "edge", owns: ["i:*"], invalidates: ["h:*"] } },
    });
    assert.deepEqual(error.issues, [
      {
        rule: "acyclic-invalidation",
        message: "✗ invalidating 'i:*' leads back to cache 'h' — invalidation cascades must be acyclic (at caches.h.invalidates[0])" satisfies Located<
          InvalidationCycleMessage<"i:*", "h">,
          "caches.h.invalidates[0]"
        >,
        cache: "h",
        layer: "server",
        pattern: "i:*",
        field: "invalidates",
      },
      {
        rule: "acyclic-invalidation",
        message: "✗ invalidating 'h:*' leads back to cache 'i' — invalidation cascades must be acyclic (at caches.i.invalidates[0])" satisfies Located<
          InvalidationCycleMessage<"h:*", "i">,
          "caches.i.invalidates[0]"
        >,
        cache: "i",
        layer: "edge",
        pattern: "h:*",
        field: "invalidates",
      },
    ]);
  });

  it("reports only the targets on the cycle, not a cache's other targets", () => {
    const issues = issuesOf({
      caches: {
        a: { primary: "client", owns: ["a:*"], invalidates: ["b:*", "z:*"] },
        b: { primary: "edge", owns: ["b:*"], invalidates: ["a:*"] },
        z: { primary: "server", owns: ["z:*"] },
      },
    });
    assert.deepEqual(
      issues.map((issue) => [issue.cache, issue.pattern]),
      [
        ["a", "b:*"],
        ["b", "a:*"],
      ],
    );
  });

  it("finds a cycle through 1000 caches without overflowing the stack", () => {
    const caches: Record<string, object> = {};
    for (let i = 0; i < 1000; i++) caches[`c${i}`] = { primary: "server", owns: [`k${i}:*`], invalidates: [`k${(i + 1) % 1000}:*`] };
    const issues = issuesOf({ caches });
    assert.equal(issues.length, 1000);
    assert.ok(issues.every((issue) => issue.rule === "acyclic-invalidation"));
  });
});

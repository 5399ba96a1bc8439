import { describe, it } from "node:test";
import type { PrivateOnSharedLayerMessage, PrivateWithoutWildcardMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

const carts = (fields: object) => ({ caches: { carts: { primary: "client", owns: ["cart:*"], private: true, ...fields } } });

describe("private never shared", () => {
  it("accepts a private cache on 'client' or on 'server'", () => {
    assertAccepted(carts({}));
    assertAccepted(carts({ primary: "server" }));
  });

  it("accepts a private cache on any layer of a manifest with two layers (none shared in between)", () => {
    assertAccepted({ layers: ["browser", "origin"], caches: { carts: { primary: "origin", owns: ["cart:*"], private: true } } });
  });

  it("rejects a private cache on 'edge', shared between users", () => {
    assertRejectedWith(carts({ primary: "edge" }), {
      rule: "private-never-shared",
      message:
        "✗ cache 'carts' is private but its primary 'edge' is shared between users — make its primary 'client' or 'server' (at caches.carts.private)" satisfies Located<
          PrivateOnSharedLayerMessage<"carts", "edge", "client", "server">,
          "caches.carts.private"
        >,
      cache: "carts",
      layer: "edge",
      field: "private",
    });
  });

  it("rejects a private cache owning 'config', a key with no per-user part", () => {
    assertRejectedWith(carts({ owns: ["cart:*", "config"] }), {
      rule: "private-never-shared",
      message:
        "✗ private cache 'carts' owns 'config', which has no wildcard — a private key must be per user, like 'cart:*' (at caches.carts.owns[1])" satisfies Located<
          PrivateWithoutWildcardMessage<"config", "carts">,
          "caches.carts.owns[1]"
        >,
      cache: "carts",
      layer: "client",
      pattern: "config",
      field: "owns",
    });
  });
});

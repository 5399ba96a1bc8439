import { describe, it } from "node:test";
import { privateOnSharedLayerMessage, privateWithoutWildcardMessage } from "../../src/runtime/messages/manifest.js";
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
      message: privateOnSharedLayerMessage("carts", "edge", "client", "server"),
      cache: "carts",
      layer: "edge",
      field: "private",
    });
  });

  it("rejects a private cache owning 'config', a key with no per-user part", () => {
    assertRejectedWith(carts({ owns: ["cart:*", "config"] }), {
      rule: "private-never-shared",
      message: privateWithoutWildcardMessage("config", "carts"),
      cache: "carts",
      layer: "client",
      pattern: "config",
      field: "owns",
    });
  });
});

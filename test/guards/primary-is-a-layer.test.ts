import { describe, it } from "node:test";
import type { PrimaryNotALayerMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

describe("primary is a layer", () => {
  it("accepts a primary among the default layers", () => {
    assertAccepted({ caches: { user_data: { primary: "client", owns: ["user:*"] } } });
  });

  it("accepts a primary among the manifest's own layers", () => {
    assertAccepted({ layers: ["browser", "origin"], caches: { user_data: { primary: "origin", owns: ["user:*"] } } });
  });

  it("rejects 'clinet', listing the layers to use", () => {
    assertRejectedWith(
      { caches: { user_data: { primary: "clinet", owns: ["user:*"] } } },
      {
        rule: "primary-is-a-layer",
        message:
          "✗ primary 'clinet' of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server' (at caches.user_data.primary)" satisfies Located<
            PrimaryNotALayerMessage<"'clinet'", "user_data", "'client', 'edge', 'server'">,
            "caches.user_data.primary"
          >,
        cache: "user_data",
        field: "primary",
      },
    );
  });

  it("rejects a default layer the manifest's own layers do not have", () => {
    assertRejectedWith(
      { layers: ["browser", "origin"], caches: { user_data: { primary: "edge", owns: ["user:*"] } } },
      {
        rule: "primary-is-a-layer",
        message: "✗ primary 'edge' of cache 'user_data' is not a layer — use one of 'browser', 'origin' (at caches.user_data.primary)" satisfies Located<
          PrimaryNotALayerMessage<"'edge'", "user_data", "'browser', 'origin'">,
          "caches.user_data.primary"
        >,
        cache: "user_data",
        field: "primary",
      },
    );
  });

  it("rejects a missing or non-string primary, writing what was given", () => {
    assertRejectedWith(
      { caches: { user_data: { owns: ["user:*"] } } },
      {
        rule: "primary-is-a-layer",
        message:
          "✗ primary undefined of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server' (at caches.user_data.primary)" satisfies Located<
            PrimaryNotALayerMessage<"undefined", "user_data", "'client', 'edge', 'server'">,
            "caches.user_data.primary"
          >,
        cache: "user_data",
        field: "primary",
      },
    );
    assertRejectedWith(
      { caches: { user_data: { primary: 2, owns: ["user:*"] } } },
      {
        rule: "primary-is-a-layer",
        message: "✗ primary 2 of cache 'user_data' is not a layer — use one of 'client', 'edge', 'server' (at caches.user_data.primary)" satisfies Located<
          PrimaryNotALayerMessage<"2", "user_data", "'client', 'edge', 'server'">,
          "caches.user_data.primary"
        >,
        cache: "user_data",
        field: "primary",
      },
    );
  });
});

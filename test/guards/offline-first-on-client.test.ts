import { describe, it } from "node:test";
import type { OfflineFirstNotOnClientMessage, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

describe("offline first on client", () => {
  it("accepts an offline_first cache on 'client', the first layer", () => {
    assertAccepted({ caches: { settings: { primary: "client", owns: ["settings:*"], strategy: "offline_first" } } });
  });

  it("rejects an offline_first cache on 'edge'", () => {
    assertRejectedWith(
      { caches: { settings: { primary: "edge", owns: ["settings:*"], strategy: "offline_first" } } },
      {
        rule: "offline-first-on-client",
        message:
          "✗ cache 'settings' is offline_first but its primary is 'edge' — make its primary 'client', the layer nearest the user (at caches.settings.strategy)" satisfies Located<
            OfflineFirstNotOnClientMessage<"settings", "edge", "client">,
            "caches.settings.strategy"
          >,
        cache: "settings",
        layer: "edge",
        field: "strategy",
      },
    );
  });

  it("takes the first of the manifest's own layers as the one nearest the user", () => {
    assertRejectedWith(
      { layers: ["browser", "origin"], caches: { settings: { primary: "origin", owns: ["settings:*"], strategy: "offline_first" } } },
      {
        rule: "offline-first-on-client",
        message:
          "✗ cache 'settings' is offline_first but its primary is 'origin' — make its primary 'browser', the layer nearest the user (at caches.settings.strategy)" satisfies Located<
            OfflineFirstNotOnClientMessage<"settings", "origin", "browser">,
            "caches.settings.strategy"
          >,
        cache: "settings",
        layer: "origin",
        field: "strategy",
      },
    );
  });
});

// The manifest the layer tests share: docs/design.md's example manifest, plus small caches for eviction and freshness.
import { createLayer, defineManifest, type LayerOptions, type OwnedCaches, type Source } from "../../../src/index.js";

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*", "settings:*"] },
    profile: { primary: "edge", owns: ["profile:*"], invalidates: ["feed:*"] },
    feed: { primary: "server", owns: ["feed:*"] },
    settings: { primary: "client", owns: ["settings:*"], strategy: "offline_first" },
    product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB" },
    small: { primary: "edge", owns: ["small:*"], maxSize: "1KB" },
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "4B" },
    data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"], backfill: true } },
    request_temp: { primary: "server", owns: ["req:*"], lifetime: "request" },
    sessions: { primary: "server", owns: ["session:*"], lifetime: "session", ttl: "30m" },
    open_sessions: { primary: "server", owns: ["open:*"], lifetime: "session" },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true },
    prices: { primary: "server", owns: ["price:*"], ttl: "1m", grace: "6h", timeout: "100ms", hardTimeout: "2s" },
    quotes: { primary: "server", owns: ["quote:*"], ttl: "1m", hardTimeout: "2s" },
  },
});

/** The server's options as these tests give them: the typed options, with any owned cache's source, listing or not. */
export type ServerOptions = Omit<LayerOptions<typeof app, "server">, "sources"> & {
  readonly sources?: { readonly [C in OwnedCaches<typeof app, "server">]?: Source<unknown> };
};

/**
 * `createLayer(app, "server", options)`, typed, for tests that never warm. `data_cache` warms, so `tsc`
 * asks for its listing source (type-tests/handles/warm-needs-a-listing-source.test-d.ts); these tests
 * build the server without one, as a JavaScript caller may — the run-time twin reports the missing
 * source at `warm()` (test/twins/warm-source-twin.test.ts) — so only `sources` is cast.
 */
export function serverLayer(options: ServerOptions = {}) {
  return createLayer(app, "server", options as LayerOptions<typeof app, "server">);
}

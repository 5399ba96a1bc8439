// What every `@example` in src/ may assume without declaring it (scripts/check-examples.ts imports
// these names into each example, after the exports of the example's own file and of the package).
// Kept to the README's tour: its manifest, its `User`, its database and Redis URL, and the three layers
// made from them. An example that needs anything else declares it itself.
//
// One difference from the README: `data_cache` has no `warm` here. A layer that owns a warm cache must be
// given a listing source for it, so with `warm` every example that creates a server layer (to show a
// store, a bus, a clock) would need a `sources` line that says nothing about what it shows. Examples of
// warming still read as the README's tour (data_cache prefetching `popular:*`): their types do not
// depend on it.
import { defineManifest, typed, type Layer } from "../../src/index.node.js";

/** The value type of the tour's `user_data` cache. */
export interface User {
  id: string;
  name: string;
}

/** The manifest of the README's tour. */
export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "client", owns: ["user:*"], value: typed<User>(), invalidates: ["profile:*", "settings:*"] },
    profile: { primary: "edge", owns: ["profile:*"] },
    settings: { primary: "client", owns: ["settings:*"], strategy: "offline_first" },
    product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB" },
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1MB" },
    data_cache: { primary: "server", owns: ["data:*", "popular:*"] },
    request_temp: { primary: "server", owns: ["req:*"], lifetime: "request" },
    sessions: { primary: "server", owns: ["session:*"], lifetime: "session", ttl: "30m" },
    accounts: { primary: "server", owns: ["account:*"], exclusive: true },
    live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time" },
  },
});

/** The database behind the server layer's sources. */
export declare const db: {
  load(key: string): Promise<unknown>;
  scan(pattern: string): AsyncIterable<string>;
};

/** Where Redis runs. */
export declare const url: string;

/** The tour's three layers, each in its own process. */
export declare const client: Layer<typeof app, "client">;
export declare const edge: Layer<typeof app, "edge">;
export declare const server: Layer<typeof app, "server">;

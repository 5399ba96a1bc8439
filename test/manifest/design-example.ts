// The manifest of docs/design.md, "The manifest", as plain data (a fresh copy per call, since defining one freezes it).
import { typed } from "../../src/index.js";

export function designExample() {
  return {
    layers: ["client", "edge", "server"],
    caches: {
      user_data: { primary: "client", owns: ["user:*"], value: typed<{ id: string }>(), invalidates: ["profile:*", "settings:*"] },
      profile: { primary: "edge", owns: ["profile:*"] },
      settings: { primary: "client", owns: ["settings:*"], strategy: "offline_first" },
      product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB" },
      video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "1MB" },
      data_cache: { primary: "server", owns: ["data:*", "popular:*"], warm: { prefetch: ["popular:*"], backfill: true } },
      request_temp: { primary: "server", owns: ["req:*"], lifetime: "request" },
      sessions: { primary: "server", owns: ["session:*"], lifetime: "session", ttl: "30m" },
      accounts: { primary: "server", owns: ["account:*"], exclusive: true },
      live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time" },
    },
  };
}

// One small manifest for the HTTP tests: the edge owns products (served), secrets (never exposed)
// and a streaming video cache; the server owns private carts and real-time prices; the client owns users.
import { defineManifest } from "../../src/index.js";

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
    settings: { primary: "client", owns: ["settings:*"], strategy: "offline_first" },
    profile: { primary: "edge", owns: ["profile:*"] },
    product_cache: { primary: "edge", owns: ["products:*"], maxSize: "1MB" },
    secret_cache: { primary: "edge", owns: ["secret:*"] },
    video_cache: { primary: "edge", owns: ["video:*"], streaming: true, chunkSize: "4B" },
    carts: { primary: "server", owns: ["cart:*"], private: true },
    live_prices: { primary: "server", owns: ["price:*"], strategy: "real_time" },
    data_cache: { primary: "server", owns: ["data:*"], invalidates: ["products:*"] },
  },
});

/** Waits until `check` passes, polling every few ms, at most `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms}ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// The client layer of the three-layer app, in a browser tab: it owns 'user:*' (and the offline_first
// 'settings:*') in IndexedDB, borrows 'products:*' from the edge (workerd) over HTTP, keeps what it shows
// as a short-lived copy, and drops that copy when the edge's event feed says a product changed.
import { createLayerRuntime } from "../../../src/runtime/layer/create-layer.js";
import { remoteLayer } from "../../../src/runtime/http/remote-layer.js";
import { idbStore } from "../../../src/runtime/stores/idb.js";
import { matchesPattern } from "../../../src/runtime/pattern/index.js";
import { app } from "../../http/app.js";

interface PageApp {
  ready: boolean;
  restoredUser: unknown;
  user: unknown;
  shown: Record<string, unknown>;
  drops: { target: string; at: number }[];
  readProduct(key: string): Promise<unknown>;
  readSetting(key: string): Promise<{ value?: unknown; error?: string }>;
}
declare global {
  /** What the page holds for a user, types included (Playwright cannot carry a Set out of the page). */
  function describeUser(user: unknown): { name: string; since: string; tags: string } | undefined;
  interface Window {
    __app?: PageApp;
    __error?: string;
  }
}

const params = new URLSearchParams(location.search);
// Signed in as user 1: the edge lets this tab invalidate 'profile:1' (its own user_data writes cascade there).
const edgeRoute = remoteLayer(params.get("edge")!, { layer: "edge", headers: { Authorization: "Bearer user-1" }, timeout: 2000 });
const origin = remoteLayer(params.get("origin")!, { layer: "server", headers: { Authorization: "Bearer page-token" }, timeout: 1000 });

const client = createLayerRuntime(app, "client", {
  store: idbStore("three-layers"),
  remotes: { edge: edgeRoute },
  // settings are the client's own (offline_first): loaded once from the origin's API, then kept in IndexedDB.
  sources: { settings: { load: async (key) => (await origin.read("data_cache", `data:${key}`)).value } },
});

globalThis.describeUser = (user) => {
  if (user === undefined) return undefined;
  const { name, since, tags } = user as { name: string; since: unknown; tags: unknown };
  return {
    name,
    since: since instanceof Date ? `Date ${since.toISOString()}` : `not a Date: ${String(since)}`,
    tags: tags instanceof Set ? `Set ${[...tags].join(",")}` : `not a Set: ${JSON.stringify(tags)}`,
  };
};

async function main(): Promise<void> {
  const users = client.own("user_data");
  const restoredUser = await users.get("user:1");
  if (restoredUser === undefined) await users.set("user:1", { name: "Ada", since: new Date(Date.UTC(2020, 0, 1)), tags: new Set(["admin"]) });
  const shown: Record<string, unknown> = {};
  const drops: { target: string; at: number }[] = [];
  edgeRoute.onInvalidate((invalidation) => {
    if (invalidation.cache !== "product_cache") return;
    for (const key of Object.keys(shown)) {
      if (invalidation.isPattern ? matchesPattern(invalidation.target, key) : key === invalidation.target) delete shown[key];
    }
    drops.push({ target: invalidation.target, at: Date.now() });
  });
  await edgeRoute.subscribed();
  window.__app = {
    ready: true,
    restoredUser,
    user: await users.get("user:1"),
    shown,
    drops,
    async readProduct(key) {
      const value = await client.borrow("products:*").get(key);
      shown[key] = value;
      return value;
    },
    async readSetting(key) {
      try {
        return { value: await client.own("settings").get(key) };
      } catch (error) {
        return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    },
  };
}

main().catch((error: unknown) => {
  window.__error = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
});

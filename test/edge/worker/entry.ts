// The edge layer of the test app, as a Cloudflare-style module worker: it owns 'products:*' in the Web
// Cache API (edgeCacheStore), loads a missing product from the origin's 'data:*' over HTTP (remoteLayer),
// and serves its caches with serveLayer. Reads are public; invalidations need the edge token, or a
// user's own token for their own profile.
import { createLayerRuntime } from "../../../src/runtime/layer/create-layer.js";
import { serveLayer, type LayerHandler } from "../../../src/runtime/http/serve-layer.js";
import { remoteLayer } from "../../../src/runtime/http/remote-layer.js";
import { edgeCacheStore } from "../../../src/runtime/stores/edge-cache.js";
import { app } from "../../http/app.js";

interface Env {
  readonly ORIGIN: string;
  readonly ORIGIN_TOKEN: string;
  readonly EDGE_TOKEN: string;
  readonly ALLOW_ORIGIN?: string;
}

let handler: LayerHandler | undefined;

function handlerFor(env: Env): LayerHandler {
  const origin = remoteLayer(env.ORIGIN, { layer: "server", headers: { Authorization: env.ORIGIN_TOKEN }, timeout: 3000 });
  const edge = createLayerRuntime(app, "edge", {
    store: edgeCacheStore({ name: "borrowcache-edge" }),
    sources: {
      product_cache: { load: async (key) => (await origin.read("data_cache", key.replace(/^products:/, "data:"))).value },
    },
    remotes: { server: origin },
  });
  return serveLayer(edge, {
    expose: ["product_cache", "profile"],
    authorize: (request, access) => {
      if (access.action !== "invalidate") return true;
      const auth = request.headers.get("Authorization");
      // The server may invalidate anything here; a signed-in user only their own profile (a write to 'user:42' invalidates 'profile:42').
      return auth === env.EDGE_TOKEN || (access.cache === "profile" && auth === `Bearer user-${access.key.slice("profile:".length)}`);
    },
    cors: env.ALLOW_ORIGIN ? { origins: [env.ALLOW_ORIGIN] } : undefined,
    heartbeatMs: 5000,
  });
}

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    handler ??= handlerFor(env);
    return handler(request);
  },
};

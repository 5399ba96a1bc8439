// One route contract, three routes: a layer's in-process route, and the same layer served by
// serveLayer and reached by remoteLayer over fetch and over node:http. Same call, same result.
import { routeContract } from "../../src/test-suite/index.js";
import { serveLayer } from "../../src/index.js";
import { remoteLayer as fetchRemoteLayer } from "../../src/index.js";
import { remoteLayer as nodeRemoteLayer, serveNode } from "../../src/index.node.js";

const expose = ["product_cache", "video_cache", "slow_cache", "flaky_cache"] as const;

routeContract("in-process route", (owner) => ({ route: owner.route, close: () => {} }));

for (const [name, remoteLayer] of [
  ["fetch", fetchRemoteLayer],
  ["node:http", nodeRemoteLayer],
] as const) {
  routeContract(`remoteLayer over ${name}`, async (owner) => {
    const server = await serveNode(serveLayer(owner, { expose: [...expose] }));
    const route = remoteLayer(server.url, { layer: "edge", timeout: 2000 });
    return {
      route,
      subscribed: () => route.subscribed(),
      close: async () => {
        route.close();
        await server.close();
      },
    };
  });
}

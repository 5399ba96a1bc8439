// serveLayer exposes only caches the layer owns, and a private cache only behind authorize (rule 12).
import { expectError } from "tsd";
import { createLayer, defineManifest, serveLayer } from "../../src/index.js";

const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"] },
    product_cache: { primary: "edge", owns: ["products:*"] },
    carts: { primary: "server", owns: ["cart:*"], private: true },
    data_cache: { primary: "server", owns: ["data:*"] },
  },
});
const edge = createLayer(app, "edge");
const server = createLayer(app, "server");

serveLayer(edge, { expose: ["product_cache"] });
serveLayer(server, { expose: ["carts", "data_cache"], authorize: (_request, { cache }) => cache !== "carts" });

//~ ✗ cannot expose cache 'user_data' (client) from layer 'edge' — expose only caches layer 'edge' owns
expectError(serveLayer(edge, { expose: ["product_cache", "user_data"] }));

//~ ✗ cannot expose private cache 'carts' of layer 'server' without authorize — pass authorize to serveLayer
expectError(serveLayer(server, { expose: ["data_cache", "carts"] }));

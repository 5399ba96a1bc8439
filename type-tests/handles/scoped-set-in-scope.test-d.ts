// setScoped exists only on a request scope's handle; everything it sets is deleted when the scope ends.
import { expectError } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({ caches: { request_temp: { primary: "server", owns: ["req:*"], lifetime: "request" } } });
const server = createLayer(app, "server");

await server.scope("request", async (req) => {
  await req.setScoped("req:1:cart", { items: 3 });
});

//~ ✗ setScoped on cache 'request_temp' needs a request scope — call it on the handle of layer.scope('request', …)
expectError(server.own("request_temp").setScoped("req:1:cart", { items: 3 }));

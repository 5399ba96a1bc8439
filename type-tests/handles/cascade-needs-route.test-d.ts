// A layer whose writes cascade to a cache owned by another layer must be given a route to that layer
// when it is created (G7: a write is never applied here and then left half-done there).
import { expectError } from "tsd";
import { createLayer, defineManifest, remoteLayer } from "../../src/index.js";

const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], invalidates: ["profile:*"] },
    profile: { primary: "edge", owns: ["profile:*"], invalidates: ["feed:*"] },
    feed: { primary: "server", owns: ["feed:*"] },
  },
});

const server = createLayer(app, "server");
const edge = createLayer(app, "edge", { remotes: { server } });
createLayer(app, "client", { remotes: { edge, server } });
createLayer(app, "client", { remotes: { edge: remoteLayer("http://127.0.0.1:1/"), server: () => server } });

//~ ✗ cache 'profile' (edge) invalidates 'feed:*', owned by 'feed' (server), but layer 'edge' has no route to 'server' — pass remotes: { server } to createLayer
expectError(createLayer(app, "edge"));

//~ ✗ cache 'profile' (edge) invalidates 'feed:*', owned by 'feed' (server), but layer 'edge' has no route to 'server' — pass remotes: { server } to createLayer
expectError(createLayer(app, "edge", {}));

// The cascade is followed to its end: a client write of 'user:42' drops 'feed:42' at the server, so the client needs that route too.
//~ ✗ cache 'profile' (edge) invalidates 'feed:*', owned by 'feed' (server), but layer 'client' has no route to 'server' — pass remotes: { server } to createLayer
expectError(createLayer(app, "client", { remotes: { edge } }));

// Rule 10: a session cache without ttl takes set(key, value, { cleanup }); with a ttl, entries expire.
import { expectError } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({
  caches: {
    sessions: { primary: "server", owns: ["session:*"], lifetime: "session" },
    timed_sessions: { primary: "server", owns: ["tsession:*"], lifetime: "session", ttl: "30m" },
  },
});
const server = createLayer(app, "server");

await server.own("sessions").set("session:1", { user: 1 }, { cleanup: () => undefined });
await server.own("timed_sessions").set("tsession:1", { user: 1 });

//~ ✗ cache 'sessions' has lifetime 'session' and no ttl — pass { cleanup } to set, or give the cache a ttl
expectError(server.own("sessions").set("session:1", { user: 1 }));

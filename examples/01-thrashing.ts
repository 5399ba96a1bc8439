// Disaster 1 — cache thrashing: two layers fighting over the same data.
// Without a borrow checker the frontend and the backend both write 'user:123', each overwriting
// the other's copy, and the value ping-pongs between layers. With one owner per key, `tsc` rejects
// the second writer, and a JavaScript caller (no tsc to stop it) gets the same words at run time.
//
// Run: node --import tsx examples/01-thrashing.ts
import { BorrowError, createLayer, defineManifest, ManifestError, typed } from "../src/index.js";

interface User {
  readonly id: number;
  readonly name: string;
}

// One declaration: the client owns every 'user:*' key.
const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"], value: typed<User>() },
  },
});

const client = createLayer(app, "client");
const server = createLayer(app, "server", { remotes: { client } });

await client.own("user_data").set("user:123", { id: 123, name: "Ada" });
console.log("client wrote user:123 →", await client.own("user_data").get("user:123"));

// The backend may read it (through the owner, keeping no copy of its own) …
console.log("server reads it by borrowing →", await server.follow("user_data").get("user:123"));

// … but not write it. tsc says, on the argument:
try {
  // @ts-expect-error ✗ cannot write 'user:*' from layer 'server': owned by 'user_data' (client)
  await server.follow("user_data").set("user:123", { id: 123, name: "Eve" });
} catch (error) {
  // The same rule at run time, for JavaScript callers and `as any` casts:
  if (!(error instanceof BorrowError)) throw error;
  console.log(`server write refused at run time (${error.rule}):\n  ${error.message}`);
}

// Claiming the pattern from a second layer is caught where the manifest is written:
try {
  defineManifest({
    caches: {
      // @ts-expect-error ✗ 'user:*' is already owned by cache 'backend_users' (server) — borrow it instead
      user_data: { primary: "client", owns: ["user:*"] },
      // @ts-expect-error ✗ 'user:*' is already owned by cache 'user_data' (client) — borrow it instead
      backend_users: { primary: "server", owns: ["user:*"] },
    },
  });
} catch (error) {
  if (!(error instanceof ManifestError)) throw error;
  console.log(`a second owner is refused (${error.issues.length} issues):\n  ${error.issues.map((issue) => issue.message).join("\n  ")}`);
}

// And a manifest that arrives as JSON (no types at all) gets the same check.
const fromJson: unknown = JSON.parse(
  '{"caches":{"user_data":{"primary":"client","owns":["user:*"]},"backend_users":{"primary":"server","owns":["user:admin:*"]}}}',
);
try {
  defineManifest(fromJson as never);
} catch (error) {
  if (!(error instanceof ManifestError)) throw error;
  console.log(`the JSON manifest is refused:\n  ${error.message}`);
}

console.log("the value never ping-ponged:", await client.own("user_data").get("user:123"));
await Promise.all([client.close(), server.close()]);

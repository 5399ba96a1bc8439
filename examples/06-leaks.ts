/**
 * Seed disaster 6 — memory leaks.
 *
 * Without a borrow checker a handler stores `req:123` "for this request" and forgets to delete it —
 * or deletes it on the happy path only, and every failing request leaks one entry, forever.
 *
 * With borrowcache the manifest gives the cache `lifetime: "request"`. `tsc` accepts `setScoped` only
 * on a request scope's handle, and the scope deletes every key it set when it ends: at the end of an
 * `await using` block, when the handler throws (the error still reaches the caller), or when the
 * request's AbortSignal fires.
 *
 * Run: node --import tsx examples/06-leaks.ts
 */
import { createLayer, defineManifest, memoryStore, typed } from "../src/index.js";

interface Draft {
  readonly user: string;
  readonly lines: readonly string[];
}

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    request_temp: { primary: "server", owns: ["req:*"], lifetime: "request", value: typed<Draft>() },
  },
});

const store = memoryStore();
const server = createLayer(app, "server", { store });
const held = async () => {
  let count = 0;
  for await (const _key of store.partition("request_temp", {}).keys()) count += 1;
  return count;
};

// What `tsc` rejects (never called: it would not compile without the directive).
export function rejectedByTsc() {
  // @ts-expect-error ✗ setScoped on cache 'request_temp' needs a request scope — call it on the handle of layer.scope('request', …)
  void server.own("request_temp").setScoped("req:1:draft", { user: "ada", lines: [] });
}

// A handler that fails half of the time, after storing its scratch data.
async function handle(id: number): Promise<string> {
  await using req = server.requestScope();
  await req.setScoped(`req:${id}:draft`, { user: `user-${id}`, lines: ["hello"] });
  await req.setScoped(`req:${id}:preview`, { user: `user-${id}`, lines: ["preview"] });
  if (id % 2 === 1) throw new Error(`request ${id}: payment declined`);
  return `request ${id}: ok`;
} // both keys are deleted here, on return and on throw

let failed = 0;
for (let id = 0; id < 1_000; id += 1) await handle(id).catch(() => (failed += 1));
console.log(`1,000 requests, ${failed} of them threw: request_temp holds ${await held()} entries`);

// The callback form, and a request cut off by its client: the abort ends the scope at once.
const disconnect = new AbortController();
const slow = server.scope(
  "request",
  async (req) => {
    await req.setScoped("req:slow:draft", { user: "bob", lines: [] });
    disconnect.abort(); // the client went away mid-request
    await new Promise((resolve) => setTimeout(resolve, 10));
    console.log(`after the abort, while the handler still runs: request_temp holds ${await held()} entries`);
    await req.setScoped("req:slow:late", { user: "bob", lines: [] }).catch((error: Error) => console.log(`a late setScoped is refused: ${error.message}`));
  },
  { signal: disconnect.signal },
);
await slow;
console.log(`at the end: request_temp holds ${await held()} entries`);

await server.close();

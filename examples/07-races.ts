/**
 * Seed disaster 7 — cross-layer race conditions.
 *
 * Without a borrow checker, code reads a value, awaits something, and writes back what it computed:
 * `if (!client.get("user:123")) server.set("user:123", data)`. Another writer slips in between the
 * read and the write, and one of the two updates is lost.
 *
 * With borrowcache the manifest marks the cache `exclusive: true`. `tsc` removes `set` from its handle
 * (and every write from its borrowers): the only write is `atomicUpdate(key, fn)`, a read-modify-write
 * under a lock on the key — an in-process mutex on a memory store, a Redis lock (token, expiry,
 * compare-and-delete) on a Redis store, so it holds across processes too.
 *
 * Run: node --import tsx examples/07-races.ts            (memory store)
 *      REDIS_URL=redis://127.0.0.1:6379 node --import tsx examples/07-races.ts   (also two "processes" on Redis)
 */
import { BorrowError, createLayer, defineManifest, typed } from "../src/index.js";
import { redisStore } from "../src/redis.js";

interface Account {
  readonly balance: number;
}

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    accounts: { primary: "server", owns: ["account:*"], exclusive: true, value: typed<Account>() },
    scratch: { primary: "server", owns: ["scratch:*"], value: typed<Account>() }, // not exclusive: for contrast
  },
});

const server = createLayer(app, "server");
const client = createLayer(app, "client", { remotes: { server } });
const accounts = server.own("accounts");

// What `tsc` rejects (never called: it would not compile without the directives).
export function rejectedByTsc() {
  // @ts-expect-error ✗ cannot set in cache 'accounts': it is exclusive — write it with atomicUpdate(key, fn)
  void accounts.set("account:1", { balance: 0 });
  // @ts-expect-error ✗ cannot write 'account:*' from layer 'client': owned by 'accounts' (server)
  void client.borrow("accounts").atomicUpdate("account:1", () => ({ balance: 1 }));
}

// What the runtime does for JavaScript callers and casts: the same text, as a BorrowError.
try {
  await (accounts as unknown as { set(key: string, value: unknown): Promise<void> }).set("account:1", { balance: 0 });
} catch (error) {
  if (error instanceof BorrowError) console.log(`runtime twin (${error.rule}): ${error.message}`);
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 1)); // the await between read and write

// The disaster: 100 concurrent deposits as get → await → set on a cache that allows `set`.
const scratch = server.own("scratch");
await scratch.set("scratch:1", { balance: 0 });
await Promise.all(
  Array.from({ length: 100 }, async () => {
    const account = await scratch.get("scratch:1");
    await pause();
    await scratch.set("scratch:1", { balance: (account?.balance ?? 0) + 1 });
  }),
);
console.log(`100 deposits as get-then-set:     balance ${(await scratch.get("scratch:1"))?.balance} (updates lost)`);

// The same 100 deposits through atomicUpdate on the exclusive cache.
await accounts.atomicUpdate("account:1", () => ({ balance: 0 }));
await Promise.all(
  Array.from({ length: 100 }, () =>
    accounts.atomicUpdate("account:1", async (account) => {
      await pause();
      return { balance: (account?.balance ?? 0) + 1 };
    }),
  ),
);
console.log(`100 deposits through atomicUpdate: balance ${(await accounts.get("account:1"))?.balance}`);
console.log(`the client reads it through the server: balance ${(await client.borrow("accounts").get("account:1"))?.balance}`);

await client.close();
await server.close();

// Two server processes (two layers, each with its own Redis connection) depositing at once.
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  const namespace = `borrowcache-example-07:${Date.now().toString(36)}`;
  const stores = [0, 1].map(() => redisStore(redisUrl, { namespace }));
  const processes = stores.map((store, i) => createLayer(app, "server", { store, processId: `server-${i}` }));
  try {
    await processes[0]!.own("accounts").atomicUpdate("account:2", () => ({ balance: 0 }));
    await Promise.all(
      processes.flatMap((layer) =>
        Array.from({ length: 50 }, () =>
          layer.own("accounts").atomicUpdate("account:2", async (account) => {
            await pause();
            return { balance: (account?.balance ?? 0) + 1 };
          }),
        ),
      ),
    );
    console.log(`2 × 50 deposits from two processes on Redis: balance ${(await processes[1]!.own("accounts").get("account:2"))?.balance}`);
    await processes[0]!.own("accounts").delete("account:2");
  } finally {
    for (const layer of processes) await layer.close();
    for (const store of stores) await store.close(); // a layer closes only the store it made itself
  }
}

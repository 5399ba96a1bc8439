/**
 * Seed disaster 2 — redundant caching.
 *
 * Without a borrow checker a 50 MB product catalog is cached at every layer: 50 MB in the browser,
 * 50 MB in the CDN, 50 MB on the server, 150 MB for the same data, and three copies to keep in step.
 *
 * With borrowcache the manifest says the edge owns `products:*` (with a 50 MB budget). The client and
 * the server may only *borrow* it: `tsc` refuses their writes, and at run time a borrowed read goes to
 * the edge and is never stored by the borrower. One copy, bounded by `maxSize`.
 *
 * Run: node --import tsx examples/02-redundancy.ts
 */
import { BorrowError, createLayer, defineManifest, memoryStore } from "../src/index.js";

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    product_cache: { primary: "edge", owns: ["products:*"], maxSize: "50MB" },
  },
});

// The catalog's origin: a database the edge loads from on a miss.
let databaseReads = 0;
const catalog = {
  async load(key: string) {
    databaseReads += 1;
    return { id: key.slice("products:".length), name: `Product ${key}`, price: 10 + key.length };
  },
};

const stores = { client: memoryStore(), edge: memoryStore(), server: memoryStore() };
const edge = createLayer(app, "edge", { store: stores.edge, sources: { product_cache: catalog } });
const server = createLayer(app, "server", { store: stores.server, remotes: { edge } });
const client = createLayer(app, "client", { store: stores.client, remotes: { edge } });

const borrowedProducts = client.borrow("product_cache");
const mine = { id: "1", name: "mine", price: 0 };
// @ts-expect-error ✗ cannot write 'products:*' from layer 'client': owned by 'product_cache' (edge)
await borrowedProducts.set("products:1", mine).catch(() => undefined);

// What the runtime does instead, for JavaScript callers and casts: the same text, as a BorrowError.
try {
  await (client.borrow("product_cache") as unknown as { set(key: string, value: unknown): Promise<void> }).set("products:1", {});
} catch (error) {
  if (error instanceof BorrowError) console.log(`runtime twin (${error.rule}): ${error.message}`);
}
try {
  server.own("product_cache" as never);
} catch (error) {
  if (error instanceof BorrowError) console.log(`runtime twin (${error.rule}): ${error.message}`);
}

// Both borrowers read the catalog many times; every read is answered by the edge.
for (let round = 0; round < 100; round++) {
  for (let id = 1; id <= 20; id++) {
    await client.borrow("product_cache").get(`products:${id}`);
    await server.borrow("product_cache").get(`products:${id}`);
  }
}

const countKeys = async (layer: keyof typeof stores) => {
  let count = 0;
  for await (const _key of stores[layer].partition("product_cache", {}).keys()) count += 1;
  return count;
};
console.log(`4,000 borrowed reads of 20 products → ${databaseReads} database reads (one per product)`);
console.log(`copies held: client ${await countKeys("client")}, edge ${await countKeys("edge")}, server ${await countKeys("server")}`);
const stats = edge.stats().caches["product_cache"]!;
console.log(`edge product_cache: ${stats.hits} hits, ${stats.misses} misses, ${stats.bytes} bytes (budget 50MB)`);

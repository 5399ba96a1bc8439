// The browser tab (bundled by server.ts with esbuild): the client layer owns 'user:*' in IndexedDB and
// borrows 'products:*' from the edge over HTTP. It keeps what it shows as a short-lived copy and drops
// it the moment the edge's event feed says a product changed, then reads it again.
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";
import { idbStore } from "../../src/runtime/stores/idb.js";
import { app, type Product } from "./app.js";

const edge = remoteLayer(new URL("/edge/", location.href), { layer: "edge" });
const client = createLayerRuntime(app, "client", { store: idbStore("three-layers-example"), remotes: { edge } });
const log = (line: string): void => {
  const item = document.createElement("li");
  item.textContent = `${new Date().toISOString().slice(11, 23)} ${line}`;
  document.querySelector("#log")!.prepend(item);
};

const shown = new Map<string, Product>();
async function show(key: string): Promise<void> {
  const product = (await client.borrow("products:*").get(key)) as Product | undefined;
  if (product) shown.set(key, product);
  document.querySelector("#products")!.textContent = [...shown]
    .map(([k, p]) => `${k}: ${p.name}, ${p.price} cents (updated ${p.updatedAt.toISOString()})`)
    .join("\n");
}

async function main(): Promise<void> {
  const users = client.own("user_data");
  let user = (await users.get("user:1")) as { visits: number; firstSeen: Date } | undefined;
  user = { visits: (user?.visits ?? 0) + 1, firstSeen: user?.firstSeen ?? new Date() };
  await users.set("user:1", user);
  document.querySelector("#user")!.textContent = `visit #${user.visits}, first seen ${user.firstSeen.toISOString()} (kept in IndexedDB: reload the page)`;

  edge.onInvalidate((invalidation) => {
    if (invalidation.cache !== "product_cache" || !shown.has(invalidation.target)) return;
    shown.delete(invalidation.target);
    log(`the edge says '${invalidation.target}' changed: dropped the tab's copy, reading it again`);
    void show(invalidation.target);
  });
  await edge.subscribed();
  await show("products:1");
  log("ready: products:1 borrowed from the edge, user:1 owned here");
  const raisePrice = async () => {
    await fetch("/api/raise-price", { method: "POST" });
    log("asked the server to raise the price of data:1");
  };
  document.querySelector("#raise")!.addEventListener("click", () => void raisePrice());
  (window as unknown as { exampleReady: boolean }).exampleReady = true;
}

main().catch((error: unknown) => log(`error: ${String(error)}`));

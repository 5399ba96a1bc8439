// The same tab as client.ts, written with React (bundled by server.ts, served at /react): components read
// through the client layer's handles with `useCached` and re-render when a key changes — a visit counted
// in this tab, in another tab of the shop (broadcastBus: tabs share one IndexedDB and hear each other on a
// BroadcastChannel), or a price raised on the server (the edge's event feed). Nobody wires a refresh.
import { createElement, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { broadcastBus, createLayer, idbStore, remoteLayer } from "../../src/index.js";
import { LayerProvider, useCached } from "../../src/react/index.js";
import { app } from "./app.js";

/** One render, with when it happened (epoch ms, comparable across the tabs of one machine). */
export interface ExampleRender {
  readonly what: "visits" | "price";
  readonly shown: string;
  readonly at: number;
}

/** A visit counted in this tab: when its write started, and when it was stored. */
export interface ExampleWrite {
  readonly startedAt: number;
  doneAt: number | undefined;
}

declare global {
  interface Window {
    exampleReact?: { ready: boolean; renders: ExampleRender[]; writes: ExampleWrite[] };
  }
}

const now = (): number => performance.timeOrigin + performance.now();
const renders: ExampleRender[] = [];
window.exampleReact = { ready: false, renders, writes: [] };

const edge = remoteLayer(new URL("/edge/", location.href), { layer: "edge" });
const client = createLayer(app, "client", { store: idbStore("three-layers-example"), bus: broadcastBus("three-layers-example"), remotes: { edge } });
const users = client.own("user_data");

function Visits(): ReactNode {
  const { data: visitor, status } = useCached(users, "user:1");
  const shown = status === "pending" ? "…" : `${visitor?.visits ?? 0} visits counted in this browser`;
  renders.push({ what: "visits", shown, at: now() });
  return createElement("p", { id: "visits" }, shown);
}

function Price(): ReactNode {
  const { data: product, status } = useCached(client.borrow("product_cache"), "products:1");
  const shown = status === "pending" ? "…" : `${product?.name}: ${product?.price} cents`;
  renders.push({ what: "price", shown, at: now() });
  return createElement("p", { id: "price" }, shown);
}

async function countVisit(): Promise<void> {
  const write = { startedAt: now(), doneAt: undefined as number | undefined };
  window.exampleReact!.writes.push(write);
  await users.atomicUpdate("user:1", (visitor) => ({ visits: (visitor?.visits ?? 0) + 1, firstSeen: visitor?.firstSeen ?? new Date() }));
  write.doneAt = now();
}

createRoot(document.querySelector("#root")!).render(
  createElement(
    LayerProvider,
    { layer: client, remotes: { edge } },
    createElement(Visits),
    createElement(Price),
    createElement("button", { id: "count", onClick: () => void countVisit() }, "Count a visit (watch the other tab)"),
  ),
);
window.exampleReact.ready = true;

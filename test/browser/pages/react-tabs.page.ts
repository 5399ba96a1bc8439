// A React page of the client layer, opened in several tabs of one origin: it owns 'user:*' in the
// IndexedDB the tabs share, hears the other tabs on a BroadcastChannel (broadcastBus), and borrows
// 'products:*' from the edge served by the test under /edge/. Components record every render with
// its time, so the test can tell when each tab showed what.
import { createElement, StrictMode, Suspense, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { broadcastBus, createLayer, idbStore, remoteLayer } from "../../../src/index.js";
import { LayerProvider, useCached, useSuspenseCached } from "../../../src/react/index.js";
import { app, type User } from "../../react/app.js";

/** One render: which component, what it showed, and when (epoch ms, sub-millisecond, comparable across tabs). */
export interface Render {
  readonly component: string;
  readonly shown: string;
  readonly at: number;
}

interface TabApi {
  ready: boolean;
  renders: Render[];
  /** Reads of each key through the layer here (hits and misses). */
  reads: Record<string, number>;
  /** Writes `user:1` here; resolves the time the write started. */
  write(name: string): Promise<number>;
  /** `user:1` read straight from the layer (not from a component). */
  readUser(): Promise<string | undefined>;
  /** Mounts three more components showing `user:2` at once. */
  mountMore(): void;
}
declare global {
  interface Window {
    __tab?: TabApi;
    __error?: string;
  }
}

const now = (): number => performance.timeOrigin + performance.now();
const renders: Render[] = [];
const reads: Record<string, number> = {};

const edge = remoteLayer(new URL("/edge/", location.href), { layer: "edge" });
const client = createLayer(app, "client", { store: idbStore("react-tabs"), bus: broadcastBus("react-tabs"), remotes: { edge } });
const users = client.own("user_data");
const products = client.borrow("product_cache");
for (const event of ["hit", "miss"] as const) client.on(event, ({ key }) => void (reads[key] = (reads[key] ?? 0) + 1));

function UserName({ id, userKey }: { id: string; userKey: `user:${string}` }): ReactNode {
  const { data, status, isStale } = useCached(users, userKey);
  const shown = status === "pending" ? "pending" : `${data?.name ?? "nobody"}${isStale ? " (stale)" : ""}`;
  renders.push({ component: id, shown, at: now() });
  return createElement("li", { id }, shown);
}

function Price(): ReactNode {
  const { data, status } = useCached(products, "products:1");
  const shown = status === "pending" ? "pending" : `${data?.name}: ${data?.price}`;
  renders.push({ component: "price", shown, at: now() });
  return createElement("p", { id: "price" }, shown);
}

function SuspensePrice(): ReactNode {
  const { data } = useSuspenseCached(products, "products:2");
  const shown = `${data?.name}: ${data?.price}`;
  renders.push({ component: "suspense-price", shown, at: now() });
  return createElement("p", { id: "suspense-price" }, shown);
}

function Fallback(): ReactNode {
  renders.push({ component: "suspense-price", shown: "fallback", at: now() });
  return "loading…";
}

let more = false;
let renderApp = (): void => undefined;
function App(): ReactNode {
  return createElement(
    LayerProvider,
    { layer: client, remotes: { edge } },
    createElement(
      "ul",
      null,
      createElement(UserName, { id: "user-a", userKey: "user:1" }),
      createElement(UserName, { id: "user-b", userKey: "user:1" }),
      createElement(UserName, { id: "user-c", userKey: "user:1" }),
      ...(more ? ["more-a", "more-b", "more-c"].map((id) => createElement(UserName, { key: id, id, userKey: "user:2" })) : []),
    ),
    createElement(Price),
    createElement(Suspense, { fallback: createElement(Fallback) }, createElement(SuspensePrice)),
  );
}

async function main(): Promise<void> {
  const root = createRoot(document.body.appendChild(document.createElement("main")));
  renderApp = () => root.render(createElement(StrictMode, null, createElement(App)));
  renderApp();
  window.__tab = {
    ready: true,
    renders,
    reads,
    async write(name) {
      const at = now();
      await users.set("user:1", { name, since: new Date() } satisfies User);
      return at;
    },
    async readUser() {
      return (await users.get("user:1"))?.name;
    },
    mountMore() {
      more = true;
      renderApp();
    },
  };
}

main().catch((error: unknown) => {
  window.__error = String(error instanceof Error ? error.stack : error);
});

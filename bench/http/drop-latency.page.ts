// The tab side of bench/http/drop-latency.ts: follows the edge's event feed and notes when each
// invalidation arrives, on the wall clock (performance.timeOrigin + now: comparable with Node's).
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";

declare global {
  interface Window {
    heard: Record<string, number>;
    ready: boolean;
  }
}

window.heard = {};
const edge = remoteLayer(`${location.origin}/`, { layer: "edge" });
edge.onInvalidate((invalidation) => {
  window.heard[invalidation.target] = performance.timeOrigin + performance.now();
});
void edge.subscribed().then(() => {
  window.ready = true;
});

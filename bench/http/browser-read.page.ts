// The tab side of bench/http/browser-read.ts: times borrowed reads (`remoteLayer.read` over the tab's
// own fetch) against plain fetches of the same bytes, alternating rounds, on the tab's wall clock.
import { remoteLayer } from "../../src/runtime/http/remote-layer.js";

declare global {
  interface Window {
    measure(requests: number, rounds: number): Promise<{ plain: number[]; borrowed: number[] }>;
    ready: boolean;
  }
}

const params = new URLSearchParams(location.search);
const edge = remoteLayer(params.get("edge")!, { layer: "edge" });
const bareUrl = params.get("bare")!;

const variants = {
  plain: () => fetch(bareUrl).then((response) => response.text()),
  borrowed: () => edge.read("product_cache", "products:42"),
};

async function perRequest(one: () => Promise<unknown>, requests: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < requests; i++) await one();
  return ((performance.now() - start) * 1000) / requests;
}

window.measure = async (requests, rounds) => {
  const out = { plain: [] as number[], borrowed: [] as number[] };
  for (const one of Object.values(variants)) await perRequest(one, 300); // warm up: JIT, connections
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["plain", "borrowed"] as const) : (["borrowed", "plain"] as const);
    for (const name of order) out[name].push(await perRequest(variants[name], requests));
  }
  return out;
};
window.ready = true;

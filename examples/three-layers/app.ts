// The manifest of the example shop: who owns what, across the browser, the edge and the server.
import { typed } from "../../src/runtime/manifest/typed.js";

export const app = {
  layers: ["client", "edge", "server"],
  caches: {
    // The tab's own data, kept in IndexedDB: survives reloads, never leaves the browser.
    user_data: { primary: "client", owns: ["user:*"], value: typed<Visitor>() },
    // The product pages, owned by the edge (one copy per location), loaded from the server's data.
    product_cache: { primary: "edge", owns: ["products:*"], value: typed<Product>() },
    // The source of truth; a write to 'data:42' invalidates 'products:42' wherever it is owned.
    data_cache: { primary: "server", owns: ["data:*"], invalidates: ["products:*"], value: typed<Product>() },
  },
} as const;

/** A product as the shop stores it. */
export interface Product {
  readonly name: string;
  readonly price: bigint;
  readonly updatedAt: Date;
}

/** What the tab keeps about its visitor. */
export interface Visitor {
  readonly visits: number;
  readonly firstSeen: Date;
}

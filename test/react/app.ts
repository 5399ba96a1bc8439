// The manifest the React, TanStack Query and cross-tab tests share: the tab owns users, the edge owns
// products (loaded from the server's data, whose writes invalidate them), and a streaming cache that
// no hook may read whole.
import { defineManifest, typed } from "../../src/index.js";

export interface User {
  readonly name: string;
  readonly since: Date;
}

export interface Product {
  readonly name: string;
  readonly price: number;
}

export const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: {
    user_data: { primary: "client", owns: ["user:*"], value: typed<User>() },
    product_cache: { primary: "edge", owns: ["products:*"], value: typed<Product>() },
    data_cache: { primary: "server", owns: ["data:*"], invalidates: ["products:*"], value: typed<Product>() },
    video_cache: { primary: "client", owns: ["video:*"], streaming: true, chunkSize: "4B" },
  },
});

/** Waits until `check` passes, polling every few ms, at most `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms}ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise and the functions that settle it, for a source a test answers by hand. */
export function deferred<TValue>() {
  let resolve!: (value: TValue) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<TValue>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** `promise`, or a rejection naming `what` after `ms`: a wait that cannot hang a test. */
export function within<TValue>(promise: Promise<TValue>, ms: number, what: string): Promise<TValue> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms}ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

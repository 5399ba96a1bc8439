import type { ManifestModel } from "../model/model.js";
import type { WarmCache } from "./warm-types.js";
import type { KeyListing } from "../contracts/source.js";
import { warmWithoutKeysMessage, warmWithoutSourceMessage } from "../messages/borrow.js";

/**
 * What `warmPlan` needs of a cache's source: the loader, and the lister of keys for `warm.prefetch`.
 *
 * @example
 * const source: WarmSource = { load: (key) => db.load(key), keys: (pattern) => db.scan(pattern) }
 */
export interface WarmSource {
  load(key: string): unknown;
  keys?(pattern: string): KeyListing;
}

/**
 * How a warm-up stores what it prefetched through a cache's owner: a ticket taken before the source is
 * asked, so that a write of the key while the load runs wins (the prefetched value is then not stored).
 *
 * @example
 * // A cache's owner (CacheOwner) takes the tickets of its keys: openFill, closeFill, fill.
 * declare const owner: { openFill(key: string): object; closeFill(ticket: object): void; fill(key: string, value: unknown, ticket: object): Promise<boolean> }
 * const filler: WarmFiller<object> = { open: (k) => owner.openFill(k), close: (t) => owner.closeFill(t), fill: (k, v, t) => owner.fill(k, v, t) }
 */
export interface WarmFiller<TTicket> {
  open(key: string): TTicket;
  close(ticket: TTicket): void;
  fill(key: string, value: unknown, ticket: TTicket): Promise<boolean>;
}

/**
 * The caches a layer warms: every cache whose primary is `layer` and that has `warm` in the manifest,
 * with its prefetch patterns, its own patterns as the filter, its source's `keys` and `load`, and
 * `store` to write through the owner. A warm cache whose source cannot list keys is kept in the plan
 * with a lister that fails naming the cache and the layer, so `warmCaches` reports it and goes on.
 *
 * @example
 * import { modelOf } from "../model/model-of.js"
 * import { warmCaches } from "./warm-caches.js"
 * declare function fillerOf(cache: string): WarmFiller<unknown> // through the cache's owner
 * const sources = { data_cache: { load: (key: string) => db.load(key), keys: (pattern: string) => db.scan(pattern) } }
 * const result = await warmCaches({ caches: warmPlan(modelOf(app), "server", sources, fillerOf) })
 */
export function warmPlan<TTicket>(
  model: ManifestModel,
  layer: string,
  sources: Readonly<Record<string, WarmSource | undefined>>,
  fillerFor: (cache: string) => WarmFiller<TTicket>,
): WarmCache[] {
  const plan: WarmCache[] = [];
  for (const cache of model.caches.values()) {
    if (cache.primary !== layer || cache.warm === undefined || cache.warm.prefetch.length === 0) continue;
    const source = sources[cache.name];
    const keys = source?.keys?.bind(source);
    const filler = fillerFor(cache.name);
    // The ticket of each key between its load and its store.
    const tickets = new Map<string, TTicket>();
    plan.push({
      cache: cache.name,
      prefetch: cache.warm.prefetch,
      owns: cache.owns,
      keys: keys ?? (() => cannotList(cache.name, layer, source === undefined)),
      load: async (key) => {
        if (source === undefined) throw new TypeError(warmWithoutSourceMessage(cache.name, layer));
        const ticket = filler.open(key);
        let value: unknown;
        try {
          value = await source.load(key);
        } finally {
          if (value === undefined) filler.close(ticket);
        }
        if (value !== undefined) tickets.set(key, ticket);
        return value;
      },
      store: async (key, value) => {
        if (!tickets.has(key)) throw new TypeError(`✗ warm-up stored '${key}' of cache '${cache.name}' without loading it first`);
        const ticket = tickets.get(key) as TTicket;
        tickets.delete(key);
        await filler.fill(key, value, ticket);
      },
    });
  }
  return plan;
}

// An async iterable that fails when listed, so the failure lands in the warm-up result, not at plan time.
// (A generator without `yield`: TypeScript 5.4 rejects `yield* []` in a typed generator.)
// eslint-disable-next-line require-yield -- it only throws; an AsyncGenerator is what the warm-up lists from
async function* cannotList(cache: string, layer: string, noSource: boolean): AsyncGenerator<string> {
  throw new TypeError(noSource ? warmWithoutSourceMessage(cache, layer) : warmWithoutKeysMessage(cache, layer));
}

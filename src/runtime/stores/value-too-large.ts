/**
 * The one refusal of a value larger than its cache's whole `maxSize`, built here for every store, so
 * memory, IndexedDB, the Web Cache API, keyv and Redis refuse with the same `ValueError` and text.
 */
import { ValueError } from "../errors.js";
import { valueTooLargeMessage } from "../messages/value.js";

/** Where a value is being stored. */
export interface BudgetSite {
  readonly cache: string;
  readonly layer: string;
  /** The cache's byte budget. */
  readonly maxSize: number;
}

/**
 * The `ValueError` for `key`, whose entry counts `bytes` (see `entryBytes`), more than the budget.
 *
 * @example
 * throw valueTooLarge("products:1", 20_480, { cache: "product_cache", layer: "edge", maxSize: 10_240 })
 * // ✗ value of 'products:1' in cache 'product_cache' takes 20480 bytes, more than its maxSize of 10240 bytes — store a smaller value or raise maxSize
 */
export function valueTooLarge(key: string, bytes: number, site: BudgetSite): ValueError {
  return new ValueError(valueTooLargeMessage(key, site.cache, String(bytes), String(site.maxSize)), key, site.cache, site.layer);
}

/**
 * `bytes`, after checking they fit the budget at all (an absent budget fits anything).
 *
 * @example
 * import { entryBytes } from "./entry-bytes.js"
 * const entry = { value: { id: "1", name: "Ada" }, storedAt: Date.now() }
 * const bytes = withinBudget("user:1", entryBytes("user:1", entry), { cache: "user_data", layer: "client", maxSize: 10_240 })
 * @throws ValueError (`valueTooLarge`) when `bytes > maxSize`
 */
export function withinBudget(key: string, bytes: number, site: Omit<BudgetSite, "maxSize"> & { readonly maxSize: number | undefined }): number {
  if (site.maxSize !== undefined && bytes > site.maxSize) throw valueTooLarge(key, bytes, site as BudgetSite);
  return bytes;
}

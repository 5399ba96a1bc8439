/**
 * Rule `store-fits`, run-time twin of src/types/handles/store-fits.ts: the layer's store can do what
 * the caches the layer owns ask of it (`StoreCapabilities`). `createLayer` calls `checkStoreFits`, so a
 * manifest the store cannot serve fails there, naming cache, store and layer, not at the first write.
 */
import type { CacheStore, StoreCapabilities } from "../contracts/store.js";
import type { ManifestModel } from "../model/model.js";
import { StoreError } from "../errors.js";
import { cannotMeasureMessage, chunkTooLargeMessage, inexactKeysMessage } from "./store-fit-messages.js";

/** What a cache needs that its store lacks. */
export type StoreNeed = "listsKeys" | "measuresSize" | "exactKeys" | "maxValueBytes";

/** Where a store capability is missing, for `StoreCapabilityError`. */
export interface StoreCapabilityDetails {
  readonly need: StoreNeed;
  readonly layer: string;
  readonly store: string;
  readonly cache: string;
  readonly operation: string;
  readonly key?: string | undefined;
}

/**
 * A store asked for something it cannot do: at `createLayer` (the manifest needs it), or at the call
 * (`keys(pattern)`, `clear()` on a store that cannot list). A `StoreError`, so it passes through the
 * layer unwrapped; its message is the rule's text, and `need` says which capability is missing.
 *
 * @example
 * try {
 *   createLayer(app, "edge", { store: memoryStore() })
 * } catch (e) {
 *   if (e instanceof StoreCapabilityError && e.need === "maxValueBytes") console.error(e.message)
 * }
 */
export class StoreCapabilityError extends StoreError {
  static override readonly code = "E_STORE_CAPABILITY";
  override readonly name = "StoreCapabilityError";
  readonly need: StoreNeed;

  constructor(message: string, details: StoreCapabilityDetails) {
    super({ layer: details.layer, store: details.store, cache: details.cache, key: details.key, operation: details.operation });
    this.message = message;
    this.need = details.need;
  }
}

/**
 * How a store is named in these messages: its `kind`, with the backend its capabilities describe.
 *
 * @example
 * import KeyvMemcache from "@keyv/memcache"
 * storeLabel(keyvStore(new KeyvMemcache("127.0.0.1:11211"), { namespace: "app" })) //=> "keyv (@keyv/memcache)"
 */
export function storeLabel(store: Pick<CacheStore, "kind" | "capabilities">): string {
  const backend = store.capabilities?.backend;
  return backend === undefined ? store.kind : `${store.kind} (${backend})`;
}

/**
 * Throws a `StoreCapabilityError` when `store` cannot serve a cache `layer` owns: keys compared
 * inexactly, `maxSize` on a store that cannot measure, a streaming cache's `chunkSize` above what one
 * entry holds. A store without `capabilities` passes. A listing on a store that cannot list is refused
 * at the call instead (`cannotListAtRunTimeMessage`): only run-time calls drop by pattern.
 *
 * @example
 * import KeyvMysql from "@keyv/mysql"
 * declare const model: Parameters<typeof checkStoreFits>[0] // modelOf(app)
 * checkStoreFits(model, "server", keyvStore(new KeyvMysql("mysql://app@127.0.0.1/app"), { namespace: "app" }))
 * // throws (a streaming cache with chunkSize "64KB"): ✗ cache 'video_cache' streams chunks of 65536 bytes, more than store 'keyv (@keyv/mysql)' of layer 'server' holds in one entry (48957 bytes) — …
 */
export function checkStoreFits(model: ManifestModel, layer: string, store: CacheStore): void {
  const capabilities = store.capabilities;
  if (!capabilities) return;
  const owned = [...model.caches.values()].filter((cache) => cache.primary === layer);
  const label = storeLabel(store);
  const fail = (need: StoreNeed, cache: string, message: string): never => {
    throw new StoreCapabilityError(message, { need, layer, store: label, cache, operation: "createLayer" });
  };
  const first = owned[0];
  if (!capabilities.exactKeys && first) fail("exactKeys", first.name, inexactKeysMessage(label, layer));
  if (!capabilities.measuresSize) {
    const sized = owned.find((cache) => cache.maxSize !== undefined);
    if (sized) fail("measuresSize", sized.name, cannotMeasureMessage(sized.name, label, layer));
  }
  checkChunks(owned, capabilities, label, layer, fail);
}

function checkChunks(
  owned: readonly { readonly name: string; readonly streaming: boolean; readonly chunkSize: number | undefined }[],
  capabilities: StoreCapabilities,
  label: string,
  layer: string,
  fail: (need: StoreNeed, cache: string, message: string) => never,
): void {
  const max = capabilities.maxValueBytes;
  if (max === undefined) return;
  for (const cache of owned) {
    if (cache.streaming && cache.chunkSize !== undefined && cache.chunkSize > max) {
      fail("maxValueBytes", cache.name, chunkTooLargeMessage(cache.name, String(cache.chunkSize), label, layer, String(max)));
    }
  }
}

// The built-in stores. Each store's file adds its line here.
export { memoryStore, MemoryStore } from "./memory.js";
export type { MemoryStoreOptions } from "./memory.js";
export { keyvStore, KeyvStore } from "./keyv-store.js";
export type { KeyvStoreOptions, KeyvAdapter } from "./keyv-store.js";
export { pgClientGuard, keyvAdapterProfiles } from "./keyv-adapters.js";
export type { KeyvAdapterCapabilities } from "./keyv-adapters.js";
export { KeyvTimeoutError, KeyvAdapterError } from "./keyv-connection.js";
export { StoreCapabilityError, checkStoreFits, storeLabel } from "./store-fits.js";
export type { StoreNeed } from "./store-fits.js";
export type { StoreCapabilities } from "../contracts/store.js";
export { entryBytes } from "./entry-bytes.js";
export type { CacheStore, StorePartition, StoredEntry, PartitionOptions, EvictionReason, KeyLock, StoreOptions } from "../contracts/store.js";

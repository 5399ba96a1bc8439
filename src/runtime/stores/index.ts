// The built-in stores. Each store's file adds its line here.
export { memoryStore, MemoryStore } from "./memory.js";
export type { MemoryStoreOptions } from "./memory.js";
export { keyvStore, KeyvStore } from "./keyv-store.js";
export type { KeyvStoreOptions, KeyvAdapter } from "./keyv-store.js";
export { entryBytes } from "./entry-bytes.js";
export type { CacheStore, StorePartition, StoredEntry, PartitionOptions, EvictionReason, KeyLock, StoreOptions } from "../contracts/store.js";

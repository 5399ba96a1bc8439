/**
 * `keyvStore(adapter)`: a keyv 5 store adapter (`@keyv/sqlite`, `@keyv/postgres`, `@keyv/mysql`,
 * `@keyv/redis`, `@keyv/valkey`, `@keyv/memcache`, `keyv-file`, a `Map`, …) as a `CacheStore`. Keys are
 * `<namespace>::<cache>::<key>`; entries are written with `serializeEntry` (keeping Dates, Maps, Sets,
 * BigInts, byte arrays) unless the adapter is an in-process `Map`, which holds read-only entries as they are.
 *
 * We call the adapter directly, not through `Keyv`: its wrapper costs about 4× the async floor even
 * with serialization off (docs/performance.md#memory), and its `clear()` would empty every cache. Expiry is kept
 * in the record as well as passed as the adapter's ttl, because several adapters (a `Map`, the SQL
 * ones) ignore the ttl and memcached rounds it to seconds: a read never answers an entry past its ttl.
 *
 * Real adapters fail in ways keyv does not smooth over; what this store does about it is in
 * keyv-connection.ts (error listeners, a deadline on every call, recovery of an adapter created while
 * its backend was away), keyv-record.ts (records handed back as text, bytes or parsed objects),
 * keyv-keys.ts (keys every key column takes) and keyv-adapters.ts (what each known adapter can do).
 */
import type { KeyvStoreAdapter } from "keyv";
import type { CacheStore, PartitionOptions, StoreCapabilities, StoreOptions } from "../contracts/store.js";
import { systemClock } from "../time/clock.js";
import { inspectedCapabilities, keyvAdapterProfile, type KeyvAdapterCapabilities, type KeyvAdapterProfile } from "./keyv-adapters.js";
import type { KeyvStoreCapabilities } from "./keyv-capabilities.js";
import { KeyvConnection } from "./keyv-connection.js";
import { escapeKey, type KeyEscaping } from "./keyv-keys.js";
import { KeyvPartition } from "./keyv-partition.js";
import { storeLabel } from "./store-fits.js";

export { KeyvPartition } from "./keyv-partition.js";

/** What `keyvStore` accepts: a keyv 5 store adapter, or a Map (keyv's default in-memory store). */
export type KeyvAdapter = KeyvStoreAdapter | Map<string, unknown>;

/** Options of `keyvStore`. */
export interface KeyvStoreOptions<TDeclared extends KeyvAdapterCapabilities = KeyvAdapterCapabilities> extends StoreOptions {
  /** First part of every key, so several apps or tests can share one backend. */
  readonly namespace: string;
  /**
   * Write entries as text with `serializeEntry`. `false` stores entry objects as they are: only for
   * in-process Map-like adapters.
   * @default false for a `Map`, true otherwise
   */
  readonly serialize?: boolean | undefined;
  /**
   * Longest any adapter call may take; past it the call fails with a `StoreError` whose cause
   * (`KeyvTimeoutError`) names the bound. Each step of a listing is one call.
   * @default 2000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * What the adapter can do, for one the table (keyv-adapters.ts) does not know, or to correct it:
   * `{ listsKeys: false, maxItemBytes: 1_000_000 }`. `createLayer` checks the manifest against it.
   */
  readonly capabilities?: TDeclared & { readonly backend?: string | undefined };
  /** Hears every error event of the adapter (a dropped connection, a reconnect that failed), also those no call was waiting for. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * Wraps a keyv 5 store adapter as a store. Give a factory (`() => new KeyvPostgres(…)`) rather than an
 * adapter to let the store replace an adapter created while its backend was away (the SQL adapters
 * recover this way without one) and close what it made on `close()`.
 *
 * @example
 * import KeyvSqlite from "@keyv/sqlite"
 * const server = createLayer(app, "server", {
 *   store: keyvStore(new KeyvSqlite("sqlite://cache.db"), { namespace: "app" }),
 *   sources: { data_cache: { load: (key) => db.load(key), keys: (pattern) => db.scan(pattern) } },
 * })
 * @throws TypeError when the adapter, as configured, cannot back a store (`@keyv/redis` without `throwOnErrors`, `@keyv/postgres` without `pgClientGuard`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}`: no capabilities declared beyond the adapter's own
export function keyvStore<const TAdapter extends KeyvAdapter, const TDeclared extends KeyvAdapterCapabilities = {}>(
  adapter: TAdapter | (() => TAdapter),
  options: KeyvStoreOptions<TDeclared>,
): KeyvStore<KeyvStoreCapabilities<TAdapter, TDeclared>> {
  return new KeyvStore(adapter, options);
}

const DEFAULT_TIMEOUT_MS = 2000;
// Room a record needs around a byte array's base64 (tags, times, the keep-until mark, a JSON quoting).
const RECORD_OVERHEAD = 256;

/**
 * The store `keyvStore` returns.
 *
 * @example
 * const store = new KeyvStore(new Map(), { namespace: "test" })
 */
export class KeyvStore<TCapabilities extends StoreCapabilities = StoreCapabilities> implements CacheStore {
  readonly kind = "keyv";
  /** What this store can do: the adapter's (from the table, the adapter's shape, or `options.capabilities`), as this store serves it. */
  readonly capabilities: TCapabilities;
  /** The adapter package this store recognised ("@keyv/postgres"), or "keyv adapter". */
  readonly adapterName: string;
  readonly #options: KeyvStoreOptions;
  readonly #connection: KeyvConnection;
  readonly #profile: KeyvAdapterProfile | undefined;
  readonly #escaping: KeyEscaping;
  readonly #maxItemBytes: number | undefined;
  readonly #serialize: boolean;

  constructor(source: KeyvAdapter | (() => KeyvAdapter), options: KeyvStoreOptions) {
    const factory = typeof source === "function" ? source : undefined;
    const adapter = factory ? factory() : (source as KeyvAdapter);
    const profile = adapter instanceof Map ? undefined : keyvAdapterProfile(adapter);
    const refusal = profile?.refusal?.(adapter as never);
    if (refusal) throw new TypeError(`✗ ${refusal}`);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs > 0)) throw new TypeError(`✗ keyvStore timeoutMs must be a positive number of milliseconds — got ${timeoutMs}`);
    const declared = definedOnly(options.capabilities ?? {});
    const own = { ...(profile ? profile.capabilities(adapter as never) : inspectedCapabilities(adapter)), ...declared };
    this.#options = options;
    this.#profile = profile;
    this.#serialize = options.serialize ?? !(adapter instanceof Map);
    this.#escaping = own.exactKeys ? "plain" : "folded";
    this.#maxItemBytes = own.maxItemBytes;
    this.adapterName = profile?.name ?? "keyv adapter";
    const backend = options.capabilities?.backend ?? profile?.name;
    this.capabilities = Object.freeze({
      listsKeys: own.listsKeys,
      maxValueBytes: own.maxItemBytes === undefined ? undefined : Math.floor((own.maxItemBytes - RECORD_OVERHEAD) / 4) * 3,
      ttlResolutionMs: own.ttlResolutionMs,
      exactKeys: true, // a backend that folds keys gets escaped ones (keyv-keys.ts): distinct keys stay distinct
      measuresSize: true,
      ...(backend === undefined ? {} : { backend }),
    }) as StoreCapabilities as TCapabilities;
    const recreate =
      factory ? () => factory() as KeyvStoreAdapter
      : profile?.recreate ? () => profile.recreate!(this.#connection.adapter)
      : undefined;
    this.#connection = new KeyvConnection(adapter as KeyvStoreAdapter, {
      adapterName: this.adapterName,
      timeoutMs,
      clock: options.clock ?? systemClock,
      recreate,
      ownsRecreated: factory !== undefined,
      onError: options.onError,
      watch: profile?.watch,
    });
    if (factory) this.#connection.adopt();
  }

  partition(cache: string, options: PartitionOptions): KeyvPartition {
    const namespace = escapeKey(this.#options.namespace, this.#escaping);
    return new KeyvPartition({
      cache,
      layer: options.layer ?? this.#options.layer ?? this.kind,
      listNamespace: `${namespace}::${escapeKey(cache, this.#escaping)}`,
      namespacePrefix: `${namespace}::`,
      escaping: this.#escaping,
      serialize: this.#serialize,
      profile: this.#profile,
      listsKeys: this.capabilities.listsKeys,
      maxItemBytes: this.#maxItemBytes,
      label: storeLabel(this),
      clock: this.#options.clock ?? systemClock,
      connection: this.#connection,
      maxSize: options.maxSize,
      onEvict: options.onEvict,
    });
  }

  /** Disconnects the adapters this store made from a factory; an adapter passed in stays the caller's to close. */
  close(): Promise<void> {
    return this.#connection.close();
  }
}

function definedOnly<T extends object>(declared: T): Partial<T> {
  return Object.fromEntries(Object.entries(declared).filter(([, value]) => value !== undefined)) as Partial<T>;
}

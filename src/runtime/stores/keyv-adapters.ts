/**
 * The keyv adapters `keyvStore` knows, and what each can do. keyv 5 adapters declare nothing about
 * themselves, so this table says it for the ones people install (each row backed by
 * test/stores/keyv-adapters.test.ts against its real server): whether it lists keys, how large one
 * record may be, how finely it expires, whether it compares keys exactly, and the few things
 * `keyvStore` must do differently for it. An adapter not in the table is inspected (`iterator`,
 * `ttlSupport`) or described by the user: `keyvStore(adapter, { capabilities })`.
 *
 * Adapters are recognised by shape, not by class name, so a bundler that renames classes changes nothing.
 */
import type { KeyvStoreAdapter } from "keyv";

/**
 * What a keyv adapter (its backend) can do, as the table says or the user declares it. `keyvStore`
 * turns it into the store's `StoreCapabilities`.
 *
 * @example
 * keyvStore(new Map(), { namespace: "app", capabilities: { listsKeys: false, maxItemBytes: 1_000_000 } })
 */
export interface KeyvAdapterCapabilities {
  /** `iterator(namespace)` lists keys (reliably). @default whether the adapter has `iterator` */
  readonly listsKeys?: boolean | undefined;
  /** The largest record the backend stores under one key, in UTF-8 bytes (MySQL `TEXT`: 65,535). @default no limit */
  readonly maxItemBytes?: number | undefined;
  /** The step in which the backend drops expired entries, ms; `Infinity`: never by itself. @default 1 if `ttlSupport`, else Infinity */
  readonly ttlResolutionMs?: number | undefined;
  /** Keys are compared exactly; `false` (a case-insensitive collation): `keyvStore` escapes keys so distinct keys stay distinct. @default true */
  readonly exactKeys?: boolean | undefined;
}

/** An adapter as this file reads it: any of its fields may be absent. */
type Shape = Readonly<Record<string, unknown>> & { readonly opts?: Readonly<Record<string, unknown>> | undefined };

/** One known adapter: how to recognise it, what it can do, and what `keyvStore` does for it. */
export interface KeyvAdapterProfile {
  /** The package, named in errors and capabilities: "@keyv/postgres". */
  readonly name: string;
  readonly matches: (adapter: Shape) => boolean;
  readonly capabilities: (adapter: Shape) => Required<Omit<KeyvAdapterCapabilities, "maxItemBytes">> & { readonly maxItemBytes?: number | undefined };
  /** It parses what it reads with @keyv/serialize (rewriting `:`-strings): records are written as JSON strings. */
  readonly quoted?: boolean;
  /** Its `iterator(namespace)` yields keys without `<namespace><separator>`. */
  readonly stripsNamespace?: boolean;
  /** The ttl its `set` must be given for `ms` (memcached counts whole seconds, and reads over 30 days as a date). */
  readonly ttl?: (ms: number) => number;
  /** Lists records itself where the adapter's own `iterator` cannot (keyv-file's needs Node 22). */
  readonly list?: (adapter: Shape, namespace: string) => AsyncIterable<readonly [unknown, unknown]>;
  /** A fresh adapter with the same settings, for one created while its backend was away (SQL adapters stay broken). */
  readonly recreate?: (adapter: Shape) => KeyvStoreAdapter;
  /** Why this adapter, as configured, cannot back a store (its failures would pass for misses, or kill the process). */
  readonly refusal?: (adapter: Shape) => string | undefined;
  /**
   * Gives the adapter's own connection promise a handler at once. @keyv/sqlite and @keyv/mysql keep one
   * that rejects for good when the first connect fails, and nothing handles it until a call chains on
   * it: created while the database is away, the adapter itself raises an unhandled rejection.
   */
  readonly watch?: (adapter: Shape) => void;
}

const THIRTY_DAYS_S = 30 * 24 * 3600;
const REDIS_MAX = 512 * 1024 * 1024;
const exact = { exactKeys: true } as const;

/** A new adapter of the same class with the same options: the SQL adapters keep every setting in `opts`. */
const sameClass = (adapter: Shape): KeyvStoreAdapter => {
  const Adapter = adapter.constructor as new (options: unknown) => KeyvStoreAdapter;
  return new Adapter({ ...adapter.opts });
};
// One harmless statement through the adapter's `query`, which chains on its connection promise.
const watchConnection = (adapter: Shape): void => {
  void Promise.resolve()
    .then(() => (adapter["query"] as (sql: string) => Promise<unknown>).call(adapter, "SELECT 1"))
    .catch(() => {});
};
const dialect =
  (name: string) =>
  (adapter: Shape): boolean =>
    adapter.opts?.["dialect"] === name && typeof adapter["query"] === "function";

/** The table. Order matters only where shapes overlap: none do. */
export const keyvAdapterProfiles: readonly KeyvAdapterProfile[] = Object.freeze([
  {
    name: "@keyv/redis",
    matches: (a) => typeof a["getClient"] === "function" && "throwOnErrors" in a,
    capabilities: () => ({ listsKeys: true, maxItemBytes: REDIS_MAX, ttlResolutionMs: 1, ...exact }),
    stripsNamespace: true,
    refusal: (a) =>
      a["throwOnErrors"] === true ?
        undefined
      : "@keyv/redis answers a failed call as a miss and a failed listing as an empty one unless created with throwOnErrors — create it as new KeyvRedis(url, { throwOnErrors: true })",
  },
  {
    name: "@keyv/valkey",
    matches: (a) => typeof a["redis"] === "object" && a["redis"] !== null && typeof a["_getKeyName"] === "function",
    // With useRedisSets: false its keys get a prefix its iterator does not look under: it lists nothing.
    capabilities: (a) => ({ listsKeys: a.opts?.["useRedisSets"] !== false, maxItemBytes: REDIS_MAX, ttlResolutionMs: 1, ...exact }),
  },
  {
    name: "@keyv/memcache",
    matches: (a) => typeof a["formatKey"] === "function" && typeof a["client"] === "object",
    // An item holds its key and ~60 bytes of header within memcached's 1MB (-I 1m): 1,048,576 − 250 − 326 left for the record.
    capabilities: () => ({ listsKeys: false, maxItemBytes: 1_048_000, ttlResolutionMs: 1000, ...exact }),
    quoted: true,
    ttl: (ms) => Math.min(Math.ceil(ms / 1000), THIRTY_DAYS_S) * 1000,
  },
  {
    name: "@keyv/postgres",
    matches: dialect("postgres"),
    // TEXT holds up to 1GB; nothing drops rows by ttl (ttlSupport false): keyvStore deletes an expired record when it meets it.
    capabilities: () => ({ listsKeys: true, maxItemBytes: 1024 * 1024 * 1024 - 1, ttlResolutionMs: Number.POSITIVE_INFINITY, ...exact }),
    recreate: sameClass,
    refusal: (a) =>
      typeof a.opts?.["onConnect"] === "function" ?
        undefined
      : "@keyv/postgres's connection pool has no 'error' listener, so a connection dropped while idle (a database restart) kills the process — create it as new KeyvPostgres({ uri, onConnect: pgClientGuard })",
  },
  {
    name: "@keyv/mysql",
    matches: dialect("mysql"),
    // `value TEXT` holds 65,535 bytes; the default collation folds case, accents and trailing spaces.
    capabilities: () => ({ listsKeys: true, maxItemBytes: 65_535, ttlResolutionMs: Number.POSITIVE_INFINITY, exactKeys: false }),
    recreate: sameClass,
    watch: watchConnection,
  },
  {
    name: "@keyv/sqlite",
    matches: dialect("sqlite"),
    capabilities: () => ({ listsKeys: true, maxItemBytes: 1_000_000_000, ttlResolutionMs: Number.POSITIVE_INFINITY, ...exact }),
    recreate: sameClass,
    watch: watchConnection,
  },
  {
    name: "keyv-file",
    matches: (a) => typeof a["getSync"] === "function" && typeof a["saveToDisk"] === "function",
    capabilities: () => ({ listsKeys: true, ttlResolutionMs: 1, ...exact }),
    list: listKeyvFile,
  },
]);

/**
 * The table's row for `adapter`, if any.
 *
 * @example
 * import KeyvMemcache from "@keyv/memcache"
 * keyvAdapterProfile(new KeyvMemcache("127.0.0.1:11211"))?.name //=> "@keyv/memcache"
 */
export function keyvAdapterProfile(adapter: object): KeyvAdapterProfile | undefined {
  return keyvAdapterProfiles.find((profile) => profile.matches(adapter as Shape));
}

/**
 * What an adapter the table does not know can do, from its shape: it lists if it has `iterator`, and
 * expires entries itself if it says `ttlSupport`.
 *
 * @example
 * inspectedCapabilities(new Map()) //=> { listsKeys: true, ttlResolutionMs: Infinity, exactKeys: true }
 */
export function inspectedCapabilities(adapter: object): Required<Omit<KeyvAdapterCapabilities, "maxItemBytes">> {
  const shape = adapter as Shape;
  return {
    listsKeys: adapter instanceof Map || typeof shape["iterator"] === "function",
    ttlResolutionMs: shape["ttlSupport"] === true ? 1 : Number.POSITIVE_INFINITY,
    exactKeys: true,
  };
}

/**
 * The `onConnect` a `@keyv/postgres` adapter needs (`new KeyvPostgres({ uri, onConnect: pgClientGuard })`).
 * pg's pool re-emits an error of an idle connection (the server restarted, a proxy dropped it) on
 * itself, and @keyv/postgres keeps its pool out of reach, so nobody listens and the process dies. This
 * catches that re-emit on each connection: the pool has already dropped the connection, and the next
 * call opens another (or fails with a `StoreError` while the database is away).
 *
 * @example
 * import KeyvPostgres from "@keyv/postgres"
 * const adapter = new KeyvPostgres({ uri: "postgresql://app@127.0.0.1/app", onConnect: pgClientGuard })
 */
export function pgClientGuard(client: { emit: (event: string | symbol, ...args: unknown[]) => boolean }): void {
  const emit = client.emit;
  client.emit = function guardedEmit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "error") return emit.call(this, event, ...args);
    try {
      return emit.call(this, event, ...args);
    } catch {
      return true; // the pool's re-emit with no listener: the connection is already out of the pool
    }
  };
}

// keyv-file's own iterator filters a Map iterator with `.filter`, which Node 20 lacks: list its keys here.
async function* listKeyvFile(adapter: Shape, namespace: string): AsyncIterable<readonly [unknown, unknown]> {
  const file = adapter as unknown as { keys(): Promise<Iterable<string>>; get(key: string): Promise<unknown> };
  for (const key of [...(await file.keys())]) {
    if (key.startsWith(namespace)) yield [key, await file.get(key)];
  }
}

/**
 * A cache's partition as its layer sees it when entries cross a trust boundary: every entry read is
 * checked against the cache's deploy `version` (another version is a miss) and, with a schema, validated
 * (an invalid value is a miss, reported as a `ValueError`); every entry written is stamped with the
 * version and, with `validate: "write"` or `"both"`, validated first (an invalid value is refused).
 *
 * Chunks of a streamed value are passed through: they are reached only through their header, which is
 * checked. A verdict is kept per entry object, so an in-process tier that answers the same frozen entry
 * again (a tiered store's memory tier) validates it once.
 */
import type { FillLease, StoredEntry, StorePartition, StoredWrite } from "../contracts/store.js";
import { ValueError } from "../errors.js";
import { storedValueInvalidMessage, writtenValueInvalidMessage } from "../messages/value.js";
import { isChunkKey } from "../streaming/chunk-keys.js";
import { schemaIssue, type SchemaIssue } from "./schema-issue.js";
import type { StandardSchemaV1 } from "../manifest/standard-schema.js";

/** What a checked partition checks, and where it reports. */
export interface EntryChecks {
  readonly cache: string;
  readonly layer: string;
  /** The cache's deploy version: stamped on writes; a read entry of another version is a miss. Absent: not checked. */
  readonly version?: string | number | undefined;
  /** Run on every entry read (the store is not trusted). */
  readonly readSchema?: StandardSchemaV1 | undefined;
  /** Run on every value written (`validate: "write"` or `"both"`). */
  readonly writeSchema?: StandardSchemaV1 | undefined;
  /** Told of each stored value that failed its schema (the read answered a miss). */
  readonly onInvalid: (key: string, error: ValueError) => void;
}

type MaybePromise<T> = T | Promise<T>;

/**
 * Wraps `partition` so reads and writes are checked; with nothing to check it is `partition` itself.
 *
 * @example
 * import { z } from "zod";
 * const users = checkedPartition(redisStore(url).partition("user_data", {}), {
 *   cache: "user_data", layer: "server", version: "2026-12-04",
 *   readSchema: z.object({ name: z.string() }), onInvalid: (key, error) => console.warn(error.message),
 * });
 * await users.get("user:1") // undefined when Redis holds `42`, or an entry of another version
 */
export function checkedPartition(partition: StorePartition, checks: EntryChecks): StorePartition {
  if (checks.version === undefined && checks.readSchema === undefined && checks.writeSchema === undefined) return partition;
  return new CheckedPartition(partition, checks);
}

class CheckedPartition implements StorePartition {
  readonly #inner: StorePartition;
  readonly #checks: EntryChecks;
  readonly #verdicts = new WeakMap<StoredEntry, boolean>();
  readonly lease?: (key: string, ttlMs: number) => Promise<FillLease>;
  readonly peek?: (key: string) => Promise<StoredEntry | undefined>;
  readonly fill?: (key: string, entry: StoredEntry, ttlMs: number | undefined, token: string) => Promise<boolean>;
  readonly release?: (key: string, token: string) => Promise<void>;
  readonly expire?: (key: string, now: number, staleUntil: number) => Promise<boolean>;
  readonly setMany?: (entries: readonly StoredWrite[]) => Promise<void>;
  readonly deleteMany?: (keys: readonly string[]) => Promise<boolean>;
  readonly bytes?: () => number;
  readonly forgetLocal?: (key: string) => void;
  readonly forgetLocalPattern?: (pattern: string) => void;
  readonly touch?: (key: string) => void;

  constructor(inner: StorePartition, checks: EntryChecks) {
    this.#inner = inner;
    this.#checks = checks;
    // Optional methods stay absent when the store lacks them: the layer asks `partition.lease !== undefined`.
    if (inner.lease) this.lease = async (key, ttlMs) => this.#checkedLease(key, await inner.lease!(key, ttlMs));
    if (inner.peek) this.peek = async (key) => this.#read(key, await inner.peek!(key));
    if (inner.fill) this.fill = async (key, entry, ttlMs, token) => inner.fill!(key, await this.#forWrite(key, entry), ttlMs, token);
    if (inner.release) this.release = (key, token) => inner.release!(key, token);
    // A soft invalidation rewrites the entry where it is, version and all; a batch is checked and stamped entry by entry.
    if (inner.expire) this.expire = (key, now, staleUntil) => inner.expire!(key, now, staleUntil);
    if (inner.setMany)
      this.setMany = async (entries) =>
        inner.setMany!(await Promise.all(entries.map(async (write) => ({ ...write, entry: await this.#forWrite(write.key, write.entry) }))));
    if (inner.deleteMany) this.deleteMany = (keys) => inner.deleteMany!(keys);
    if (inner.bytes) this.bytes = () => inner.bytes!();
    if (inner.forgetLocal) this.forgetLocal = (key) => inner.forgetLocal!(key);
    if (inner.forgetLocalPattern) this.forgetLocalPattern = (pattern) => inner.forgetLocalPattern!(pattern);
    if (inner.touch) this.touch = (key) => inner.touch!(key);
  }

  get(key: string): MaybePromise<StoredEntry | undefined> {
    const found = this.#inner.get(key);
    if (found === undefined) return undefined;
    if (found instanceof Promise) return found.then((entry) => this.#read(key, entry));
    return this.#read(key, found);
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    const entries = await this.#inner.getMany(keys);
    return Promise.all(entries.map(async (entry, index) => this.#read(keys[index] as string, entry)));
  }

  set(key: string, entry: StoredEntry, ttlMs?: number): void | Promise<void> {
    const checked = this.#forWrite(key, entry);
    if (checked instanceof Promise) return checked.then((stamped) => this.#inner.set(key, stamped, ttlMs));
    return this.#inner.set(key, checked, ttlMs);
  }

  delete(key: string): boolean | Promise<boolean> {
    return this.#inner.delete(key);
  }

  keys(pattern?: string): AsyncIterable<string> {
    return this.#inner.keys(pattern);
  }

  clear(): Promise<void> {
    return this.#inner.clear();
  }

  /**
   * The entry as a read answers it: itself, or `undefined` (a miss) for another version or a value its
   * schema refuses — reported unless `quiet` (the lease a miss takes re-reads what the miss just reported).
   */
  #read(key: string, entry: StoredEntry | undefined, quiet = false): MaybePromise<StoredEntry | undefined> {
    if (entry === undefined || isChunkKey(key)) return entry;
    const { version, readSchema } = this.#checks;
    if (version !== undefined && entry.version !== version) return undefined;
    if (readSchema === undefined) return entry;
    const verdict = this.#verdicts.get(entry);
    if (verdict !== undefined) return verdict ? entry : undefined;
    const issue = schemaIssue(readSchema, entry.value);
    if (issue instanceof Promise) return issue.then((found) => this.#judge(key, entry, found, quiet));
    return this.#judge(key, entry, issue, quiet);
  }

  #judge(key: string, entry: StoredEntry, issue: SchemaIssue | undefined, quiet: boolean): StoredEntry | undefined {
    this.#verdicts.set(entry, issue === undefined);
    if (issue === undefined) return entry;
    if (quiet) return undefined;
    const { cache, layer } = this.#checks;
    this.#checks.onInvalid(key, new ValueError(storedValueInvalidMessage(key, cache, layer, issue.path, issue.message), key, cache, layer, issue.path));
    return undefined;
  }

  /** A lease over an entry the read would not answer is a lease over nothing (its token still guards the fill). */
  async #checkedLease(key: string, lease: FillLease): Promise<FillLease> {
    if (!("granted" in lease) || lease.entry === undefined) return lease;
    const entry = await this.#read(key, lease.entry, true);
    return entry === undefined ? { granted: lease.granted } : lease;
  }

  /** The entry stamped with the version, after the write schema accepted its value; a refused value throws a `ValueError`. */
  #forWrite(key: string, entry: StoredEntry): MaybePromise<StoredEntry> {
    if (isChunkKey(key)) return entry;
    const { version, writeSchema } = this.#checks;
    const stamped = version === undefined || entry.version === version ? entry : { ...entry, version };
    if (writeSchema === undefined) return stamped;
    const issue = schemaIssue(writeSchema, entry.value);
    if (issue instanceof Promise) return issue.then((found) => this.#accept(key, stamped, found));
    return this.#accept(key, stamped, issue);
  }

  #accept(key: string, entry: StoredEntry, issue: SchemaIssue | undefined): StoredEntry {
    if (issue === undefined) return entry;
    const { cache, layer } = this.#checks;
    throw new ValueError(writtenValueInvalidMessage(key, cache, issue.path, issue.message), key, cache, layer, issue.path);
  }
}

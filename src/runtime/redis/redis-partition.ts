/**
 * One cache's slice of a Redis store: keys `<namespace>::<cache>::<key>`. Reads call node-redis
 * directly (no keyv wrapper on the hot path: it costs 1.4× a raw GET, see docs/performance.md, "Redis"), every call
 * goes through `RedisCalls` (deadline, circuit breaker, `StoreError`). A cache with a `maxSize` keeps
 * its keys under `<namespace>::{<cache>}::<key>` and writes and deletes them through its `RedisBudget`
 * (one script call each); its hits are plain GETs too, whose keys the budget sends as recency later.
 * A text partition hands out fill leases (`lease`/`fill`, see `redis-lease.ts`); a binary (streaming)
 * one does not: its values are written chunk by chunk, not filled at once.
 */
import type { FillLease, PartitionOptions, StoredEntry, StorePartition } from "../contracts/store.js";
import type { RedisConnection } from "./redis-connection.js";
import type { CallSite, RedisCalls } from "./redis-calls.js";
import { serializeEntry } from "../serialize/index.js";
import { decodeBinaryEntry, decodeTextEntry, encodeBinaryEntry } from "./redis-entry-codec.js";
import { escapeGlob, patternToGlob } from "./redis-keys.js";
import { guardedSet, LateWriteError, ttlArgument } from "./redis-guarded-set.js";
import type { RedisBudget } from "./redis-budget.js";
import { FILL, LEASE, LEASE_AWARE_DELETE, LEASE_MARK, RELEASE } from "./redis-lease.js";
import { runScript } from "./redis-script.js";
import { NodeRoute, type CallRoute } from "./redis-breakers.js";

/** How writes are bounded: their timeout, and Redis's clock minus ours (see `redis-guarded-set.ts`). */
export interface WriteDeadlines {
  readonly timeoutMs: number;
  offsetMs: number;
}

const SCAN_COUNT = 1000;
const BUSY: FillLease = Object.freeze({ busy: true });

/**
 * A partition of `redisStore`. Made by `RedisStore.partition`.
 *
 * @example
 * const users = redisStore(url, { namespace: "app" }).partition("user_data", {});
 * await users.set("user:1", { value: { name: "Ada" }, storedAt: Date.now() });
 */
export class RedisPartition implements StorePartition {
  readonly #connection: RedisConnection;
  readonly #calls: RedisCalls;
  readonly #site: CallSite;
  readonly #prefix: string;
  readonly #binary: boolean;
  readonly #deadlines: WriteDeadlines;
  readonly #budget: RedisBudget | undefined;
  /** A budgeted cache's bytes, as Redis last reported them to this process; absent without a budget (Redis cannot tell cheaply). */
  readonly bytes?: () => number;
  /** A budgeted cache's recency without a read (see `StorePartition.touch`); absent without a budget. */
  readonly touch?: (key: string) => void;
  /** See `StorePartition.lease`; absent on a binary partition. */
  readonly lease?: (key: string, ttlMs: number) => Promise<FillLease>;
  /** See `StorePartition.fill`; absent on a binary partition. */
  readonly fill?: (key: string, entry: StoredEntry, ttlMs: number | undefined, token: string) => Promise<boolean>;
  /** See `StorePartition.release`; absent on a binary partition. */
  readonly release?: (key: string, token: string) => Promise<void>;

  constructor(
    connection: RedisConnection,
    calls: RedisCalls,
    site: CallSite,
    prefix: string,
    options: PartitionOptions,
    deadlines: WriteDeadlines,
    budget?: RedisBudget,
  ) {
    this.#deadlines = deadlines;
    this.#connection = connection;
    this.#calls = calls;
    this.#site = site;
    this.#prefix = prefix;
    this.#binary = options.binary === true;
    this.#budget = budget;
    if (budget) {
      this.bytes = () => budget.bytes();
      this.touch = (key) => budget.touch(key);
    }
    if (!this.#binary) {
      this.lease = (key, ttlMs) => this.#lease(key, ttlMs);
      this.fill = (key, entry, ttlMs, token) => this.#fill(key, entry, ttlMs, token);
      this.release = (key, token) => this.#release(key, token);
    }
  }

  get(key: string): Promise<StoredEntry | undefined> {
    const full = this.#prefix + key;
    const budget = this.#budget;
    if (budget) {
      const touched = (entry: StoredEntry | undefined) => {
        if (entry) budget.touch(key);
        return entry;
      };
      if (this.#binary)
        return this.#run(
          "get",
          key,
          () => this.#connection.binary.get(full),
          (record) => touched(decodeBinaryEntry(record)),
          full,
        );
      return this.#run(
        "get",
        key,
        () => this.#connection.client.get(full),
        (record) => touched(decodeTextEntry(record)),
        full,
      );
    }
    if (this.#binary) return this.#run("get", key, () => this.#connection.binary.get(full), decodeBinaryEntry, full);
    return this.#run("get", key, () => this.#connection.client.get(full), decodeTextEntry, full);
  }

  async getMany(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return [];
    // A cluster refuses MGET across slots: ask per key (node-redis pipelines them per node). A budgeted
    // cache's keys share one slot (its hash tag): one MGET, on a cluster too.
    const budget = this.#budget;
    if (this.#connection.isCluster && !budget) return Promise.all(keys.map((key) => this.get(key)));
    const full = keys.map((key) => this.#prefix + key);
    const what = keys.length === 1 ? keys[0] : `${keys[0]}, … (${keys.length} keys)`;
    const touched = (entries: (StoredEntry | undefined)[]) => {
      if (budget) entries.forEach((entry, i) => entry && budget.touch(keys[i] as string));
      return entries;
    };
    if (this.#binary)
      return this.#run(
        "getMany",
        what,
        () => this.#connection.binary.mGet(full),
        (replies) => touched(replies.map(decodeBinaryEntry)),
        full[0],
      );
    return this.#run(
      "getMany",
      what,
      () => this.#connection.client.mGet(full),
      (replies) => touched(replies.map(decodeTextEntry)),
      full[0],
    );
  }

  set(key: string, entry: StoredEntry, ttlMs?: number): Promise<void> {
    let payload: string | Buffer;
    let bytes = 0;
    try {
      // A value too large for the budget is refused before it is encoded.
      if (this.#budget) bytes = this.#budget.measure(key, entry);
      payload = this.#binary ? encodeBinaryEntry(entry) : serializeEntry(entry);
    } catch (error) {
      return Promise.reject(error); // too large, or not serializable: the caller's error, not Redis's
    }
    const full = this.#prefix + key;
    const { timeoutMs } = this.#deadlines;
    const redisDeadline = this.#redisDeadline();
    if (this.#budget) return this.#budget.set(key, bytes, payload, ttlMs, redisDeadline, timeoutMs);
    return this.#calls.write(
      this.#site,
      "set",
      key,
      () => guardedSet(this.#connection.client, full, payload, ttlMs, redisDeadline),
      (written) => {
        if (!written) throw new LateWriteError(timeoutMs);
      },
      full,
    );
  }

  delete(key: string): Promise<boolean> {
    if (this.#budget) return this.#budget.delete(key);
    const full = this.#prefix + key;
    // A binary partition holds no leases: a plain DEL (streaming deletes every chunk this way).
    if (this.#binary)
      return this.#calls.write(
        this.#site,
        "delete",
        key,
        () => this.#connection.client.del(full),
        (count) => count > 0,
        full,
      );
    // A script, not a DEL: a key holding only another process's lease held no entry (the lease goes too).
    return this.#calls.write(
      this.#site,
      "delete",
      key,
      () => runScript(this.#connection.client, LEASE_AWARE_DELETE, { keys: [full], arguments: [] }),
      (count) => count === 1,
      full,
    );
  }

  /** Redis is shared: another process's write already changed the one copy, so there is nothing local to drop. */
  forgetLocal(_key: string): void {}

  /** See `forgetLocal`. */
  forgetLocalPattern(_pattern: string): void {}

  async *keys(pattern?: string): AsyncIterable<string> {
    const match = escapeGlob(this.#prefix) + (pattern === undefined ? "*" : patternToGlob(pattern));
    // SCAN may return a key twice: yield each once.
    const seen = new Set<string>();
    for (const { address, client: node } of await this.#masters("keys")) {
      const route = new NodeRoute(address);
      let cursor = "0";
      do {
        const page = await this.#run(
          "keys",
          pattern,
          () => node.scan(cursor, { MATCH: match, COUNT: SCAN_COUNT }),
          (reply) => reply,
          route,
        );
        cursor = String(page.cursor);
        for (const full of page.keys) {
          if (seen.has(full)) continue;
          seen.add(full);
          yield full.slice(this.#prefix.length);
        }
      } while (cursor !== "0");
    }
  }

  async clear(): Promise<void> {
    // The budget drops what it counts with its bookkeeping; the scan below catches anything it did not count.
    if (this.#budget) await this.#budget.clear();
    const match = `${escapeGlob(this.#prefix)}*`;
    for (const { address, client: node } of await this.#masters("clear")) {
      const route = new NodeRoute(address);
      let cursor = "0";
      do {
        const page = await this.#run(
          "clear",
          undefined,
          () => node.scan(cursor, { MATCH: match, COUNT: SCAN_COUNT }),
          (reply) => reply,
          route,
        );
        cursor = String(page.cursor);
        if (page.keys.length === 0) continue;
        const budget = this.#budget;
        if (budget) {
          await Promise.all(page.keys.map((full) => budget.delete(full.slice(this.#prefix.length))));
        } else if (this.#connection.isCluster) {
          // Keys of one node may sit in different slots, and a multi-key UNLINK must stay in one slot.
          await Promise.all(
            page.keys.map((full) =>
              this.#calls.write(
                this.#site,
                "clear",
                undefined,
                () => node.unlink(full),
                () => undefined,
                route,
              ),
            ),
          );
        } else {
          await this.#calls.write(
            this.#site,
            "clear",
            undefined,
            () => node.unlink(page.keys),
            () => undefined,
            route,
          );
        }
      } while (cursor !== "0");
    }
  }

  /**
   * Places this process's lease on `key` unless it holds something (one script call): over nothing, a
   * marker that reads as a miss; over a value, the value's SHA-1 as the token.
   */
  #lease(key: string, ttlMs: number): Promise<FillLease> {
    const token = globalThis.crypto.randomUUID();
    const args = [LEASE_MARK + token, ttlArgument(ttlMs), String(Math.floor(this.#redisDeadline()))];
    const { timeoutMs } = this.#deadlines;
    const full = this.#prefix + key;
    return this.#run(
      "lease",
      key,
      () => runScript(this.#connection.client, LEASE, { keys: [full], arguments: args }),
      (reply) => {
        if (reply === 1) return { granted: token };
        if (reply === 2) return BUSY;
        if (Array.isArray(reply)) return { granted: String(reply[1]), entry: decodeTextEntry(String(reply[0])) };
        throw new LateWriteError(timeoutMs); // 0: refused as late, no lease placed
      },
      full,
    );
  }

  /** Frees this process's lease on `key` (a load that stored nothing): one compare-and-delete script call. */
  #release(key: string, token: string): Promise<void> {
    return this.#run(
      "release",
      key,
      () => runScript(this.#connection.client, RELEASE, { keys: [this.#prefix + key], arguments: [LEASE_MARK + token] }),
      () => undefined,
    );
  }

  /** Stores `entry` if `key` still holds the lease `token` (one script call, guarded like `set`). */
  #fill(key: string, entry: StoredEntry, ttlMs: number | undefined, token: string): Promise<boolean> {
    let payload: string;
    let bytes = 0;
    try {
      if (this.#budget) bytes = this.#budget.measure(key, entry);
      payload = serializeEntry(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    const { timeoutMs } = this.#deadlines;
    const redisDeadline = this.#redisDeadline();
    if (this.#budget) return this.#budget.fill(key, bytes, payload, ttlMs, redisDeadline, timeoutMs, token);
    const args = [payload, ttlArgument(ttlMs), String(Math.floor(redisDeadline)), token];
    const full = this.#prefix + key;
    return this.#calls.write(
      this.#site,
      "fill",
      key,
      () => runScript(this.#connection.client, FILL, { keys: [full], arguments: args }),
      (reply) => {
        if (reply === 0) throw new LateWriteError(timeoutMs);
        return reply === 1;
      },
      full,
    );
  }

  /**
   * When Redis must refuse a write sent now: once we would have stopped waiting for it (less a margin
   * for the reply's way back), so a write reported failed never lands later. On Redis's clock.
   */
  #redisDeadline(): number {
    const { timeoutMs, offsetMs } = this.#deadlines;
    return Date.now() + timeoutMs - Math.max(5, timeoutMs / 5) + offsetMs;
  }

  #masters(operation: string) {
    return this.#run(
      operation,
      undefined,
      () => this.#connection.masterNodes(),
      (nodes) => nodes,
    );
  }

  /** A read, counted against the breaker of the node `route` (the Redis key, or a node) goes to. */
  #run<TReply, TResult>(
    operation: string,
    key: string | undefined,
    start: () => Promise<TReply>,
    map: (reply: TReply) => TResult,
    route?: CallRoute,
  ): Promise<TResult> {
    return this.#calls.run(this.#site, operation, key, start, map, route);
  }
}

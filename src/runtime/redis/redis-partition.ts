/**
 * One cache's slice of a Redis store: keys `<namespace>::<cache>::<key>`. Reads call node-redis
 * directly (no keyv wrapper on the hot path: it costs 1.4× a raw GET, see docs/performance.md, "Redis"), every call
 * goes through `RedisCalls` (deadline, circuit breaker, `StoreError`). A cache with a `maxSize` keeps
 * its keys under `<namespace>::{<cache>}::<key>` and writes and deletes them through its `RedisBudget`
 * (one script call each); its hits are plain GETs too, whose keys the budget sends as recency later.
 * A text partition hands out fill leases (`lease`/`fill`, see `redis-lease.ts`); a binary (streaming)
 * one does not: its values are written chunk by chunk, not filled at once.
 */
import type { FillLease, PartitionOptions, StoredEntry, StoredWrite, StorePartition } from "../contracts/store.js";
import type { RedisConnection } from "./redis-connection.js";
import type { CallSite, RedisCalls } from "./redis-calls.js";
import { serializeEntry } from "../serialize/index.js";
import { decodeBinaryEntry, decodeTextEntry, encodeBinaryEntry } from "./redis-entry-codec.js";
import { escapeGlob, patternToGlob } from "./redis-keys.js";
import { guardedSet, LateWriteError, ttlArgument } from "./redis-guarded-set.js";
import type { RedisBudget } from "./redis-budget.js";
import { FILL, isLeaseMarker, LEASE, LEASE_AWARE_DELETE, LEASE_MARK, RELEASE } from "./redis-lease.js";
import { runScript } from "./redis-script.js";
import { NodeRoute, type CallRoute } from "./redis-breakers.js";
import { DELETE_MANY, EXPIRE_IF_UNCHANGED, SET_MANY } from "./redis-batch-scripts.js";
import { keySlot } from "./redis-slot.js";
import { expiredEntry } from "../stores/expired-entry.js";

/** How writes are bounded: their timeout, and Redis's clock minus ours (see `redis-guarded-set.ts`). */
export interface WriteDeadlines {
  readonly timeoutMs: number;
  offsetMs: number;
}

const SCAN_COUNT = 1000;

/** The keys of a batch as an error names them: the first, and how many. */
function describeKeys(keys: readonly string[]): string {
  return keys.length === 1 ? keys[0]! : `${keys[0] ?? ""}, … (${keys.length} keys)`;
}
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
  /** See `StorePartition.expire`: a compare-and-set script; absent on a binary or budgeted partition. */
  readonly expire?: (key: string, now: number, staleUntil: number) => Promise<boolean>;
  /** See `StorePartition.setMany`: one script call per slot (one on a standalone Redis); absent on a binary or budgeted partition. */
  readonly setMany?: (entries: readonly StoredWrite[]) => Promise<void>;
  /** See `StorePartition.deleteMany`: one script call per slot; absent on a binary or budgeted partition. */
  readonly deleteMany?: (keys: readonly string[]) => Promise<boolean>;

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
    // A budgeted cache counts bytes per key in its own scripts: its batches go key by key through them.
    if (!this.#binary && !budget) {
      this.expire = (key, now, staleUntil) => this.#expire(key, now, staleUntil);
      this.setMany = (entries) => this.#setMany(entries);
      this.deleteMany = (keys) => this.#deleteMany(keys);
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
   * Guarded SETs of every entry: one script call per cluster slot (one in all on a standalone Redis),
   * sent at once, so node-redis writes them to each node in one go. Refused whole when late, like `set`.
   */
  async #setMany(entries: readonly StoredWrite[]): Promise<void> {
    const records = entries.map(({ key, entry, ttlMs }) => ({ key, full: this.#prefix + key, payload: serializeEntry(entry), ttl: ttlArgument(ttlMs) }));
    const { timeoutMs } = this.#deadlines;
    const deadline = String(Math.floor(this.#redisDeadline()));
    await Promise.all(
      this.#bySlot(records).map((group) =>
        this.#calls.write(
          this.#site,
          "setMany",
          describeKeys(group.map((record) => record.key)),
          () =>
            runScript(this.#connection.client, SET_MANY, {
              keys: group.map((record) => record.full),
              arguments: [deadline, ...group.flatMap((record) => [record.payload, record.ttl])],
            }),
          (reply) => {
            if (reply !== 1) throw new LateWriteError(timeoutMs);
          },
          group[0]!.full,
        ),
      ),
    );
  }

  /** Lease-aware deletes of every key: one script call per cluster slot. Resolves whether an entry was there for any. */
  async #deleteMany(keys: readonly string[]): Promise<boolean> {
    const records = keys.map((key, index) => ({ key, full: this.#prefix + key, index }));
    const deleted = new Array<boolean>(keys.length).fill(false);
    await Promise.all(
      this.#bySlot(records).map((group) =>
        this.#calls.write(
          this.#site,
          "deleteMany",
          describeKeys(group.map((record) => record.key)),
          () => runScript(this.#connection.client, DELETE_MANY, { keys: group.map((record) => record.full), arguments: [] }),
          (reply) => group.forEach((record, i) => (deleted[record.index] = (reply as unknown[])[i] === 1)),
          group[0]!.full,
        ),
      ),
    );
    return deleted.includes(true);
  }

  /**
   * Soft invalidation, atomic against any other write: reads the record, marks it stale, and writes it
   * back only if the record is still the one read (a script); a write in between wins and is read
   * again. A lease is ended (that load's fill is refused); one replaced meanwhile is read again. Nothing
   * there: nothing to mark.
   */
  async #expire(key: string, now: number, staleUntil: number): Promise<boolean> {
    const full = this.#prefix + key;
    for (let attempt = 0; attempt < 8; attempt++) {
      const record = await this.#run(
        "get",
        key,
        () => this.#connection.client.get(full),
        (text) => text,
        full,
      );
      // A load in flight (another process's lease): like a delete, the expire ends the lease, so that load's fill is refused.
      // When the compare fails, the lease is gone: that load's fill (loaded before this expire) may have
      // landed in between, so read again and mark it rather than leave it fresh.
      if (record !== null && isLeaseMarker(record)) {
        const released = await this.#calls.write(
          this.#site,
          "expire",
          key,
          () => runScript(this.#connection.client, RELEASE, { keys: [full], arguments: [record] }),
          (reply) => reply === 1,
          full,
        );
        if (released) return false;
        continue;
      }
      const entry = decodeTextEntry(record);
      const marked = entry === undefined ? undefined : expiredEntry(entry, now, staleUntil);
      if (record === null || marked === undefined) return false;
      const swapped = await this.#calls.write(
        this.#site,
        "expire",
        key,
        () =>
          runScript(this.#connection.client, EXPIRE_IF_UNCHANGED, { keys: [full], arguments: [record, serializeEntry(marked), ttlArgument(staleUntil - now)] }),
        (reply) => reply === 1,
        full,
      );
      if (swapped) return true;
    }
    return false; // written over eight times while it was being marked: what is there now is newer than the expire
  }

  /** Records grouped by cluster slot (a script's keys must share one); one group on a standalone Redis. */
  #bySlot<TRecord extends { readonly full: string }>(records: readonly TRecord[]): TRecord[][] {
    if (!this.#connection.isCluster) return records.length === 0 ? [] : [[...records]];
    const groups = new Map<number, TRecord[]>();
    for (const record of records) {
      const slot = keySlot(record.full);
      const group = groups.get(slot);
      if (group) group.push(record);
      else groups.set(slot, [record]);
    }
    return [...groups.values()];
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

/**
 * The writes of a Redis cache with a byte budget (`maxSize`), each one script call (one round trip, as
 * without a budget) that also keeps the budget's bookkeeping (see `redis-budget-scripts.ts`). Every
 * process sharing the Redis runs the same scripts on the same keys, so they keep one budget between
 * them. Evictions are reported to the process whose write caused them, with the evicted entry (its
 * record travels back in the reply). Hits stay plain GETs: the keys they found are remembered here
 * (`touch`) and sent as recency with this process's next write, or on their own within a second: a
 * script call per hit would cost 1.3× (sequential) to 2.5× (64 in flight) a GET (bench/redis/budget-cost.ts).
 */
import type { Clock } from "../contracts/clock.js";
import type { PartitionOptions, StoredEntry } from "../contracts/store.js";
import type { RedisConnection } from "./redis-connection.js";
import type { CallSite, RedisCalls } from "./redis-calls.js";
import type { BudgetKeys } from "./redis-keys.js";
import { runScript, type RedisScript, type ScriptRunner } from "./redis-script.js";
import { BUDGET_CLEAR, BUDGET_DELETE, BUDGET_FILL, BUDGET_SET, BUDGET_TOUCH } from "./redis-budget-scripts.js";
import { decodeBinaryEntry, decodeTextEntry } from "./redis-entry-codec.js";
import { LateWriteError, ttlArgument } from "./redis-guarded-set.js";
import { entryBytes } from "../stores/entry-bytes.js";
import { withinBudget } from "../stores/value-too-large.js";

/** What a budgeted partition hands its `RedisBudget`. */
export interface RedisBudgetSetup {
  readonly connection: RedisConnection;
  readonly calls: RedisCalls;
  readonly site: CallSite & { readonly cache: string };
  readonly keys: BudgetKeys;
  readonly binary: boolean;
  readonly maxSize: number;
  readonly onEvict: PartitionOptions["onEvict"];
  /** Times the flush of touches no write carried. */
  readonly clock: Clock;
}

// Entries one CLEAR call drops: enough to make few round trips, few enough not to stall Redis.
const CLEAR_BATCH = 500;
// Touches wait for the next write at most this long, and at most this many, before a call of their own.
const TOUCH_FLUSH_MS = 1000;
const TOUCH_BATCH = 500;

/**
 * One budgeted cache's calls on Redis. Made by `RedisPartition` for a cache with a `maxSize`.
 *
 * @example
 * declare const setup: RedisBudgetSetup // the partition's connection, calls, site, budget keys, maxSize, onEvict, clock
 * const budget = new RedisBudget(setup)
 */
export class RedisBudget {
  readonly #setup: RedisBudgetSetup;
  readonly #runner: ScriptRunner;
  readonly #decode: (record: never) => StoredEntry | undefined;
  /** The total Redis last reported to this process. */
  #bytes = 0;
  /** Keys hit since this process's last write (here, or in a tiered store's local tier), sent with the next one. */
  #touched = new Set<string>();
  #touchTimer: unknown;

  constructor(setup: RedisBudgetSetup) {
    this.#setup = setup;
    this.#runner = setup.binary ? setup.connection.binary : setup.connection.client;
    this.#decode = setup.binary ? decodeBinaryEntry : decodeTextEntry;
  }

  /** The cache's bytes as Redis last reported them to this process (after its own writes and deletes). */
  bytes(): number {
    return this.#bytes;
  }

  /** Marks `key` as used (a hit, here or in a tiered store's local tier): sent with the next write, or on its own within `TOUCH_FLUSH_MS`. */
  touch(key: string): void {
    this.#touched.add(key);
    if (this.#touched.size >= TOUCH_BATCH) this.#flushTouches();
    else this.#touchTimer ??= this.#setup.clock.setTimeout(() => this.#flushTouches(), TOUCH_FLUSH_MS);
  }

  /**
   * The bytes `entry` counts (`entryBytes`), sent to Redis with the write.
   * @throws ValueError (`valueTooLarge`) for an entry larger than the whole budget
   */
  measure(key: string, entry: StoredEntry): number {
    const { site, maxSize } = this.#setup;
    return withinBudget(key, entryBytes(key, entry), { cache: site.cache, layer: site.layer, maxSize });
  }

  /** Writes `record` (an entry of `bytes`, see `measure`) unless Redis gets it after `redisDeadline`; evicts what no longer fits. */
  async set(key: string, bytes: number, record: string | Buffer, ttlMs: number | undefined, redisDeadline: number, timeoutMs: number): Promise<void> {
    await this.#write("set", BUDGET_SET, key, bytes, record, ttlMs, redisDeadline, timeoutMs, []);
  }

  /** `set` for a loaded value, only while `key` still holds the lease `token`; resolves whether it was stored. */
  async fill(key: string, bytes: number, record: string, ttlMs: number | undefined, redisDeadline: number, timeoutMs: number, token: string): Promise<boolean> {
    return this.#write("fill", BUDGET_FILL, key, bytes, record, ttlMs, redisDeadline, timeoutMs, [token]);
  }

  async #write(
    operation: string,
    script: RedisScript,
    key: string,
    bytes: number,
    record: string | Buffer,
    ttlMs: number | undefined,
    redisDeadline: number,
    timeoutMs: number,
    extra: string[],
  ): Promise<boolean> {
    const { keys, maxSize, onEvict } = this.#setup;
    const touches = this.#takeTouches();
    const args = [
      record,
      ttlArgument(ttlMs),
      String(Math.floor(redisDeadline)),
      key,
      String(bytes),
      String(maxSize),
      keys.prefix,
      onEvict ? "1" : "0",
      ...extra,
      ...touches,
    ];
    const evicted = await this.#run(
      operation,
      key,
      script,
      [keys.prefix + key, keys.used, keys.sizes, keys.expires, keys.sum],
      args,
      (reply) => {
        if (reply === -1) return undefined; // a fill whose lease is gone: nothing changed
        if (!Array.isArray(reply)) throw new LateWriteError(timeoutMs);
        this.#bytes = Number(reply[1]);
        return reply.slice(2) as unknown[];
      },
      true,
    );
    if (evicted === undefined) {
      for (const touched of touches) this.touch(touched); // not sent: they go with the next call
      return false;
    }
    if (!onEvict) return true;
    for (let i = 0; i + 1 < evicted.length; i += 2) {
      const victim = String(evicted[i]);
      let old: StoredEntry | undefined;
      try {
        old = this.#decode(evicted[i + 1] as never);
      } catch {
        continue; // a record we cannot read was still evicted; there is nothing to report it with
      }
      if (old) onEvict(victim, old, "size");
    }
    return true;
  }

  delete(key: string): Promise<boolean> {
    const { keys } = this.#setup;
    return this.#run(
      "delete",
      key,
      BUDGET_DELETE,
      [keys.prefix + key, keys.used, keys.sizes, keys.expires, keys.sum],
      [key],
      (reply) => {
        const [deleted, total] = reply as [number, number];
        this.#bytes = Number(total);
        return deleted > 0;
      },
      true,
    );
  }

  /** Drops every entry the budget counts, in batches, each with its bookkeeping. */
  async clear(): Promise<void> {
    const { keys } = this.#setup;
    for (;;) {
      const left = await this.#run(
        "clear",
        undefined,
        BUDGET_CLEAR,
        [keys.used, keys.sizes, keys.expires, keys.sum],
        [keys.prefix, String(CLEAR_BATCH)],
        (reply) => {
          const [remaining, total] = reply as [number, number];
          this.#bytes = Number(total);
          return remaining;
        },
        true,
      );
      if (left === 0) return;
    }
  }

  #takeTouches(): string[] {
    if (this.#touched.size === 0) return [];
    const keys = [...this.#touched];
    this.#touched.clear();
    if (this.#touchTimer !== undefined) this.#setup.clock.clearTimeout(this.#touchTimer);
    this.#touchTimer = undefined;
    return keys;
  }

  #flushTouches(): void {
    const touched = this.#takeTouches();
    if (touched.length === 0) return;
    const { keys } = this.#setup;
    // Recency is a hint: a touch lost to an outage costs nothing but order.
    this.#run("touch", touched[0], BUDGET_TOUCH, [keys.used, keys.sum], touched, () => undefined).catch(() => {});
  }

  /** One script call; `write` for those that change entries (see `RedisCalls.write`). */
  #run<TResult>(
    operation: string,
    key: string | undefined,
    script: RedisScript,
    keys: string[],
    args: (string | Buffer)[],
    map: (reply: unknown) => TResult,
    write = false,
  ): Promise<TResult> {
    const { calls, site } = this.#setup;
    const start = () => runScript(this.#runner, script, { keys, arguments: args });
    // Every key of a budgeted cache shares its slot: the first one routes the call to its node.
    return write ? calls.write(site, operation, key, start, map, keys[0]) : calls.run(site, operation, key, start, map, keys[0]);
  }
}

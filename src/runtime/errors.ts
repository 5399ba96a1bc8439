import type { BorrowRule, ManifestRule } from "../types/messages/rules.js";

/** One violated manifest rule: the text `tsc` prints for it, and the data to branch on. */
export interface ManifestIssue {
  readonly rule: ManifestRule;
  readonly message: string;
  readonly cache?: string;
  readonly pattern?: string;
  readonly layer?: string;
  readonly field?: string;
}

/**
 * A manifest that breaks one or more rules of docs/design.md#manifest-rules. Every violation is listed in `issues`
 * (and in the message, one per line); `rule`, `cache`, `pattern`, `layer` and `field` are the first one's.
 *
 * @example
 * declare const text: string // a manifest read from a JSON file, which tsc never saw
 * try { defineManifest(JSON.parse(text)) } catch (e) { if (e instanceof ManifestError) console.log(e.issues.map((issue) => issue.rule)) }
 */
export class ManifestError extends Error {
  static readonly code = "E_MANIFEST";
  override readonly name = "ManifestError";
  readonly issues: readonly ManifestIssue[];
  readonly rule: ManifestRule;
  readonly cache: string | undefined;
  readonly pattern: string | undefined;
  readonly layer: string | undefined;
  readonly field: string | undefined;

  constructor(issues: readonly ManifestIssue[]) {
    const [first] = issues;
    if (!first) throw new TypeError("ManifestError needs at least one issue");
    super(issues.length === 1 ? first.message : `${issues.length} manifest rules broken:\n${issues.map((i) => i.message).join("\n")}`);
    this.issues = Object.freeze([...issues]);
    this.rule = first.rule;
    this.cache = first.cache;
    this.pattern = first.pattern;
    this.layer = first.layer;
    this.field = first.field;
  }
}

/** Where a borrow rule was broken at run time. */
export interface BorrowErrorDetails {
  readonly rule: BorrowRule;
  readonly cache?: string | undefined;
  readonly key?: string | undefined;
  readonly layer?: string | undefined;
  readonly cause?: unknown;
}

/**
 * A use of a handle that `tsc` would have rejected (from JavaScript or through a cast), or a borrow
 * whose owner cannot be reached. The message is the compile-time text; `rule`, `key`, `cache` and
 * `layer` say where.
 *
 * @example
 * await (server.borrow("user_data") as any).set("user:1", {}) // throws BorrowError, rule "write-through-owner"
 */
export class BorrowError extends Error {
  static readonly code = "E_BORROW";
  override readonly name = "BorrowError";
  readonly rule: BorrowRule;
  readonly cache: string | undefined;
  readonly key: string | undefined;
  readonly layer: string | undefined;

  constructor(message: string, details: BorrowErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.rule = details.rule;
    this.cache = details.cache;
    this.key = details.key;
    this.layer = details.layer;
  }
}

/** Where a store failed. */
export interface StoreErrorDetails {
  readonly layer: string;
  readonly store: string;
  readonly key?: string | undefined;
  readonly cache?: string | undefined;
  readonly operation: string;
  readonly cause?: unknown;
}

/**
 * A store (Redis, IndexedDB, …) failed or timed out. Wraps the store's own error as `cause` and names
 * the layer, the store, the operation and the key, like bentocache's `L2CacheError`.
 *
 * @example
 * try { await server.own("data_cache").set("data:1", 1) }
 * catch (e) { if (e instanceof StoreError) console.log(e.layer, e.store, e.cache, e.key, e.operation, e.cause) }
 */
export class StoreError extends Error {
  static readonly code: string = "E_STORE";
  override readonly name: string = "StoreError";
  readonly layer: string;
  readonly store: string;
  readonly key: string | undefined;
  readonly cache: string | undefined;
  readonly operation: string;

  constructor(details: StoreErrorDetails) {
    const what = details.key === undefined ? "" : ` of '${details.key}'`;
    const reason = details.cause instanceof Error ? `: ${details.cause.message}` : "";
    super(`✗ ${details.operation}${what} failed in store '${details.store}' of layer '${details.layer}'${reason}`, { cause: details.cause });
    this.layer = details.layer;
    this.store = details.store;
    this.key = details.key;
    this.cache = details.cache;
    this.operation = details.operation;
  }
}

/**
 * A write whose outcome could not be known: the store did not answer in time, or the connection
 * dropped after the write was sent, so it may or may not have been applied (G3: honest outcomes). The
 * layer acts as if it was: it announces the key on the bus, drops its own local copies and carries out
 * the cascade, so no reader is left with a value older than the one that may now be stored. An
 * `atomicUpdate` is safe to retry after it: pass `{ id: error.operationId }` and a retry that finds the
 * first attempt applied does not apply it again.
 *
 * @example
 * declare const user: User
 * const users = client.own("user_data")
 * try { await users.set("user:1", user) }
 * catch (e) { if (e instanceof WriteOutcomeUnknownError) await users.get("user:1") } // read back to learn which value holds
 */
export class WriteOutcomeUnknownError extends StoreError {
  static override readonly code = "E_WRITE_OUTCOME_UNKNOWN";
  override readonly name = "WriteOutcomeUnknownError";
  /** The id of the `atomicUpdate` whose outcome is unknown, to retry it safely; absent for other writes. */
  readonly operationId: string | undefined;

  constructor(details: StoreErrorDetails & { readonly operationId?: string | undefined }) {
    super(details);
    this.operationId = details.operationId;
    this.message = this.message.replace(/^✗ /, "✗ outcome unknown: ");
  }
}

/** A load that passed its `hardTimeout`, naming the key. */
export class LoadTimeoutError extends Error {
  static readonly code = "E_LOAD_TIMEOUT";
  override readonly name = "LoadTimeoutError";
  constructor(
    readonly key: string,
    readonly cache: string,
    readonly layer: string,
    readonly timeoutMs: number,
  ) {
    super(`✗ loading '${key}' of cache '${cache}' (${layer}) took longer than its hardTimeout of ${timeoutMs}ms`);
  }
}

/** A value refused at `set`: too large for `maxSize`, or not serializable. Nothing was stored. */
export class ValueError extends Error {
  static readonly code = "E_VALUE";
  override readonly name = "ValueError";
  constructor(
    message: string,
    readonly key: string,
    readonly cache: string,
    readonly layer: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

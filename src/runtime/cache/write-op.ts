import type { SetOptions } from "../contracts/set-options.js";
import type { ByteSource } from "../streaming/index.js";

export type { SetOptions };

/**
 * One write through a cache's owner, as the write transaction carries it: what to do to the store.
 *
 * @example
 * const op: WriteOp = { kind: "set", value: { name: "Ada" }, options: { ttl: 60_000 } };
 */
export type WriteOp =
  | { readonly kind: "set"; readonly value: unknown; readonly options?: SetOptions | undefined }
  | { readonly kind: "delete" }
  | { readonly kind: "update"; readonly fn: (current: unknown) => unknown; readonly id?: string | undefined }
  | { readonly kind: "stream"; readonly source: ByteSource; readonly ttl?: number | undefined };

/**
 * One batch of writes through a cache's owner (`setMany`, `deleteMany`): one write transaction for
 * all its keys, one store round trip where the store can.
 *
 * @example
 * const op: BatchWriteOp = { kind: "setMany", entries: [{ key: "user:1", value: { name: "Ada" } }] };
 */
export type BatchWriteOp =
  | {
      readonly kind: "setMany";
      readonly entries: readonly { readonly key: string; readonly value: unknown }[];
      readonly options?: SetOptions | undefined;
    }
  | { readonly kind: "deleteMany"; readonly keys: readonly string[] };

/** What applying a `WriteOp` did: the event it is counted as, and what the caller gets back. */
export interface WriteOutcome {
  /** `set` when a value is now stored, `delete` when the key is now absent. */
  readonly event: "set" | "delete";
  /** `set`: the stored (frozen) value; `delete`: whether a value was there; `update`: the new value or `undefined`. */
  readonly result: unknown;
}

/**
 * What `useCached` returns: the key's value as its handle reads it, and where the read stands.
 *
 * - `status`: `"pending"` until the first read answers, then `"success"`, or `"error"` when the
 *   latest read failed (`data` keeps the last value read, if any).
 * - `data`: the value, read-only as the handle returns it; `undefined` before the first answer and
 *   when the key holds nothing.
 * - `isStale`: the value shown is known to be out of date: the owner served it past its ttl (within
 *   grace), or the key changed and its new value is being read, or that read failed.
 *
 * @example
 * import { useCached } from "./use-cached.js"
 * const { data, status, isStale }: CachedState<ReadValue<typeof app, "user_data">> = useCached(client.own("user_data"), "user:1")
 */
export interface CachedState<TValue> {
  readonly status: "pending" | "success" | "error";
  readonly data: TValue | undefined;
  readonly error: unknown;
  readonly isStale: boolean;
}

/**
 * What `useSuspenseCached` returns: never pending (the component suspends until the first answer,
 * whose failure goes to the nearest error boundary). A later read that fails keeps the last value,
 * with `error` set and `isStale` true.
 *
 * @example
 * import { useSuspenseCached } from "./use-suspense-cached.js"
 * const { data }: SuspenseCachedState<ReadValue<typeof app, "user_data">> = useSuspenseCached(client.own("user_data"), "user:1")
 */
export interface SuspenseCachedState<TValue> {
  readonly status: "success" | "error";
  readonly data: TValue | undefined;
  readonly error: unknown;
  readonly isStale: boolean;
}

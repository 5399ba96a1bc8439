import type { InvalidationMode } from "../../runtime/contracts/invalidation-mode.js";

/**
 * One `invalidates` entry in its object form: a target and how it is invalidated. The plain string
 * form `"profile:*"` is `{ target: "profile:*", mode: "delete" }`.
 *
 * @example
 * const entry: InvalidationEntry = { target: "profile:*", mode: "expire" } // marked stale, served within grace while it refreshes
 */
export interface InvalidationEntry {
  /** The pattern invalidated; the writer's `*` captures carry over, as in the string form. */
  readonly target: string;
  /** `"expire"` marks the target stale instead of deleting it. @default "delete" */
  readonly mode?: InvalidationMode;
}

/**
 * The target of an `invalidates` entry in either form (distributes over a union of entries).
 *
 * @example
 * type T = TargetOfEntry<"profile:*" | { readonly target: "feed:*"; readonly mode: "expire" }>
 * //=> "profile:*" | "feed:*"
 */
export type TargetOfEntry<TEntry> =
  TEntry extends string ? TEntry
  : // An indexed access, not `extends { target: infer T }`: the inferred manifest is a reverse mapped type on TypeScript 5.x, whose properties `infer` does not see.
  TEntry extends object ?
    "target" extends keyof TEntry ?
      Extract<TEntry["target" & keyof TEntry], string>
    : never
  : never;

import type { InvalidationMode } from "../contracts/invalidation-mode.js";

/** The modes an `invalidates` entry may name, as the shape guard's message lists them. */
export const invalidationModes: readonly InvalidationMode[] = ["delete", "expire"];

/** What the shape guard says an entry's `mode` must be (the twin of the type level's). */
export const invalidationModeExpected = "'delete' or 'expire'";

/**
 * One `invalidates` entry in either form: a target pattern (`"profile:*"`, mode `"delete"`), or
 * `{ target, mode }`. Returns what was written as target (checked as a pattern by the callers) and the
 * mode, `undefined` when the entry names one that is not a mode.
 *
 * @example
 * readInvalidationEntry("profile:*")                                //=> { target: "profile:*", mode: "delete" }
 * readInvalidationEntry({ target: "profile:*", mode: "expire" })    //=> { target: "profile:*", mode: "expire" }
 * readInvalidationEntry({ target: "profile:*", mode: "soft" })      //=> { target: "profile:*", mode: undefined }
 */
export function readInvalidationEntry(entry: unknown): { readonly target: unknown; readonly mode: InvalidationMode | undefined } {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return { target: entry, mode: "delete" };
  const { target, mode } = entry as { readonly target?: unknown; readonly mode?: unknown };
  const known = Object.keys(entry).every((field) => field === "target" || field === "mode");
  if (!known) return { target, mode: undefined };
  if (mode === undefined) return { target, mode: "delete" };
  return { target, mode: invalidationModes.includes(mode as InvalidationMode) ? (mode as InvalidationMode) : undefined };
}

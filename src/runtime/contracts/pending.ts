import type { InvalidationMode } from "./invalidation-mode.js";

/** An invalidation a write applied here could not deliver to its owner yet (G7): kept, and replayed until it is. */
export interface PendingInvalidation {
  /** The layer that owns `cache` and must drop `target`. */
  readonly owner: string;
  readonly cache: string;
  /** A key, or a pattern when `isPattern`. */
  readonly target: string;
  readonly isPattern: boolean;
  /** `"expire"`: to be marked stale at its owner, not deleted. Absent: deleted. */
  readonly mode?: InvalidationMode | undefined;
  /** When it was first kept (the layer's clock). */
  readonly since: number;
  /** Deliveries tried so far. */
  readonly attempts: number;
  /** Why the last delivery failed. */
  readonly lastError: string | undefined;
}

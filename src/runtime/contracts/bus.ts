/**
 * How invalidations reach the other processes of the same layer. Messages carry keys and patterns,
 * never values. The default is in-process (`memoryBus`); `redisBus(url)` crosses processes.
 */
import type { InvalidationMode } from "./invalidation-mode.js";

/** One invalidation, as it crosses processes. */
export interface InvalidationMessage {
  /** The sending process's id, so a process ignores its own messages. */
  readonly origin: string;
  readonly layer: string;
  readonly cache: string;
  /** A key, or a pattern when `isPattern`. */
  readonly target: string;
  readonly isPattern: boolean;
  /** `"expire"`: marked stale (soft invalidation), not deleted. Absent: deleted. */
  readonly mode?: InvalidationMode | undefined;
}

/**
 * Whether a bus can vouch for this process's copies (G4: bounded staleness). `connected`: messages
 * arrive (a heartbeat proves it); `silent`: the connection looks open but nothing has arrived for the
 * liveness bound (a half-open connection, a proxy black hole), so messages may be lost; `reconnecting`:
 * the connection is down and being restored.
 */
export type BusState = "connected" | "silent" | "reconnecting";

/** What a layer needs from a bus. */
export interface InvalidationBus {
  /** Resolves once the message is handed to the transport (or queued for retry while it is away). */
  publish(message: InvalidationMessage): Promise<void>;
  /**
   * Calls `onMessage` for every message of other processes; `onReconnect` after the transport came
   * back from an outage (messages may have been missed). Returns the unsubscribe function.
   */
  subscribe(onMessage: (message: InvalidationMessage) => void, onReconnect?: () => void): () => void;
  /** The bus's state now, where it can tell (a bus that always delivers, like the in-process one, need not). */
  readonly state?: BusState;
  /**
   * Hears every change of `state`. A layer drops its in-process copies when the bus turns `silent` and
   * stops keeping new ones until it is `connected` again, so no copy outlives the liveness bound.
   * Returns the unsubscribe function.
   */
  onState?(listener: (state: BusState) => void): () => void;
  close?(): Promise<void>;
}

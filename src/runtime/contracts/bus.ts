/**
 * How invalidations reach the other processes of the same layer. Messages carry keys and patterns,
 * never values. The default is in-process (`memoryBus`); `redisBus(url)` crosses processes.
 */

/** One invalidation, as it crosses processes. */
export interface InvalidationMessage {
  /** The sending process's id, so a process ignores its own messages. */
  readonly origin: string;
  readonly layer: string;
  readonly cache: string;
  /** A key, or a pattern when `isPattern`. */
  readonly target: string;
  readonly isPattern: boolean;
}

/** What a layer needs from a bus. */
export interface InvalidationBus {
  /** Resolves once the message is handed to the transport (or queued for retry while it is away). */
  publish(message: InvalidationMessage): Promise<void>;
  /**
   * Calls `onMessage` for every message of other processes; `onReconnect` after the transport came
   * back from an outage (messages may have been missed). Returns the unsubscribe function.
   */
  subscribe(onMessage: (message: InvalidationMessage) => void, onReconnect?: () => void): () => void;
  close?(): Promise<void>;
}

/**
 * The invalidation bus of processes that share a store, built on the real `memoryBus`: each process
 * hears the others' messages in the order they were published (as on one pub/sub connection), each at
 * a moment the scheduler picks. Every delivery is logged, so the model knows when a process learned of
 * another's write.
 */
import { memoryBus, type InvalidationBus, type InvalidationMessage } from "../../../src/index.node.js";
import type { Scheduler } from "./scheduler.js";

/** A message as one process heard it. */
export interface Delivery {
  readonly to: string;
  readonly cache: string;
  readonly target: string;
  readonly isPattern: boolean;
  readonly publishedAt: number;
  readonly deliveredAt: number;
}

/**
 * One bus shared by the processes of a layer.
 *
 * @example
 * const bus = new ScheduledBus(scheduler);
 * createLayer(app, "server", { bus: bus.connect("s1"), processId: "s1" })
 */
export class ScheduledBus {
  readonly deliveries: Delivery[] = [];
  readonly #inner = memoryBus();
  readonly #scheduler: Scheduler;
  readonly #publishedAt = new WeakMap<InvalidationMessage, number>();

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  /** The bus as process `process` (its layer's `processId`) uses it. */
  connect(process: string): InvalidationBus {
    const scheduler = this.#scheduler;
    return {
      publish: (message) => {
        this.#publishedAt.set(message, scheduler.now());
        return this.#inner.publish(message);
      },
      subscribe: (onMessage, onReconnect) => {
        let tail = Promise.resolve();
        return this.#inner.subscribe((message) => {
          // A process ignores its own messages: no step for them.
          if (message.origin === process) return onMessage(message);
          tail = tail.then(async () => {
            await scheduler.point(`bus → ${process} ${message.target}`, "bus");
            const { cache, target, isPattern } = message;
            this.deliveries.push({ to: process, cache, target, isPattern, publishedAt: this.#publishedAt.get(message) ?? 0, deliveredAt: scheduler.now() });
            onMessage(message);
          });
        }, onReconnect);
      },
    };
  }
}

/**
 * One circuit breaker per Redis node, keyed by its address. On a Redis Cluster a dead master must not
 * make the store refuse calls to the healthy ones: a call is counted against (and refused by) the
 * breaker of the node it goes to — the master of its key's slot, or the node a per-node call (SCAN)
 * is sent to. Calls whose node is unknown (before the first connect, a publish to any node) share one
 * more breaker. On a single Redis every call goes to the one node: one breaker, as before.
 */
import { CircuitBreaker, type CircuitBreakerOptions } from "../faults/circuit-breaker.js";

/** The key under which calls tied to no node are counted. */
export const ANY_NODE = "*";

/** A call sent to one node's own client (SCAN of one master), not routed by a key. */
export class NodeRoute {
  constructor(readonly address: string) {}
}

/** Where a call goes: a Redis key (its slot's master on a cluster), a node, or anywhere (`undefined`). */
export type CallRoute = string | NodeRoute | undefined;

/**
 * The breakers of a store's nodes.
 *
 * @example
 * const breakers = new NodeBreakers({ failureThreshold: 3 }, (key) => (key.startsWith("a") ? "127.0.0.1:7000" : "127.0.0.1:7001"));
 * breakers.of(breakers.nodeOf("app::user::1")).allow(); // true: that master's breaker is closed
 */
export class NodeBreakers {
  readonly #options: CircuitBreakerOptions;
  readonly #nodeOf: ((redisKey: string) => string | undefined) | undefined;
  readonly #breakers = new Map<string, CircuitBreaker>();
  /** The breaker of calls tied to no node (and of every call on a single Redis). */
  readonly any: CircuitBreaker;

  /**
   * `nodeOf` maps a Redis key to its master's address (a cluster); absent, every call shares `any`.
   * `settings` are the options of each breaker, or the one breaker to use as `any`.
   */
  constructor(settings: CircuitBreakerOptions | CircuitBreaker = {}, nodeOf?: (redisKey: string) => string | undefined) {
    this.#options = settings instanceof CircuitBreaker ? {} : settings;
    this.#nodeOf = nodeOf;
    this.any = settings instanceof CircuitBreaker ? settings : new CircuitBreaker(settings);
    this.#breakers.set(ANY_NODE, this.any);
  }

  /** The address a call on `route` goes to now, or `ANY_NODE` when it cannot be told. */
  nodeOf(route: CallRoute): string {
    if (this.#nodeOf === undefined || route === undefined) return ANY_NODE;
    if (route instanceof NodeRoute) return route.address;
    return this.#nodeOf(route) ?? ANY_NODE;
  }

  /** The breaker of `node` (made closed on first use). */
  of(node: string): CircuitBreaker {
    let breaker = this.#breakers.get(node);
    if (!breaker) {
      breaker = new CircuitBreaker(this.#options);
      this.#breakers.set(node, breaker);
    }
    return breaker;
  }

  /** Every breaker made so far, by node address (`*`: calls tied to no node). */
  get all(): ReadonlyMap<string, CircuitBreaker> {
    return this.#breakers;
  }

  /** A node (re)connected and is ready: its calls may go again. Without a node: every breaker. */
  reset(node?: string): void {
    if (node === undefined) {
      for (const breaker of this.#breakers.values()) breaker.reset();
      return;
    }
    this.#breakers.get(node)?.reset();
    // Calls tied to no node went to some node: one that answers again may close their breaker too.
    this.any.reset();
  }
}

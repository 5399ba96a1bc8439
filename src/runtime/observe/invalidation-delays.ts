import type { InvalidationDelay } from "../events/layer-probe.js";
import type { DelayFigures, DelaySummary } from "../contracts/live-stats.js";

export type { DelayFigures, DelaySummary };

/** How many recent delays each cache keeps for its percentiles. */
const KEPT = 512;

/**
 * Collects invalidation delays (a probe's `invalidated`), by target cache and owner layer.
 *
 * @example
 * const delays = new InvalidationDelays();
 * delays.add({ cache: "profile", layer: "server", owner: "edge", target: "profile:1", isPattern: false, delayMs: 2, via: "direct" });
 * delays.summary().profile?.p50 //=> 2
 */
export class InvalidationDelays {
  readonly #samples = new Map<string, Samples>();

  add(delay: InvalidationDelay): void {
    this.#samplesOf(delay.cache).add(delay.delayMs);
    this.#samplesOf(`${delay.cache}\0${delay.owner}`).add(delay.delayMs);
  }

  /** By target cache. */
  summary(): Record<string, DelaySummary> {
    const summary: Record<string, DelaySummary> = {};
    for (const [id, samples] of this.#samples) {
      if (id.includes("\0")) continue;
      const byOwner: Record<string, DelayFigures> = {};
      for (const [other, ofOwner] of this.#samples) if (other.startsWith(`${id}\0`)) byOwner[other.slice(id.length + 1)] = ofOwner.figures();
      summary[id] = { ...samples.figures(), byOwner };
    }
    return summary;
  }

  #samplesOf(id: string): Samples {
    let samples = this.#samples.get(id);
    if (!samples) this.#samples.set(id, (samples = new Samples()));
    return samples;
  }
}

/** The last `KEPT` delays in a ring, with the count and maximum of all. */
class Samples {
  readonly #ring: number[] = [];
  #next = 0;
  #count = 0;
  #max = 0;

  add(ms: number): void {
    if (this.#ring.length < KEPT) this.#ring.push(ms);
    else this.#ring[this.#next] = ms;
    this.#next = (this.#next + 1) % KEPT;
    this.#count++;
    if (ms > this.#max) this.#max = ms;
  }

  figures(): DelayFigures {
    const sorted = [...this.#ring].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { count: this.#count, p50: at(0.5), p95: at(0.95), max: this.#max };
  }
}

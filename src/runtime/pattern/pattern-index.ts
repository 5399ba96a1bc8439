import { literalPrefix } from "./literal-prefix.js";
import { matchParts } from "./matches-pattern.js";
import { patternCovers } from "./pattern-covers.js";
import { patternsOverlap } from "./patterns-overlap.js";

/**
 * One pattern in a `PatternIndex`, with what it was added for.
 *
 * @example
 * const index = new PatternIndex<string>()
 * index.add("user:*", "user_data")
 * index.matching("user:42") //=> { pattern: "user:*", prefix: "user:", value: "user_data", parts: ["user:", ""] }
 */
export interface IndexedPattern<TValue> {
  readonly pattern: string;
  readonly prefix: string;
  readonly value: TValue;
  /** The pattern split at its `*`s, once, for the matcher. */
  readonly parts: readonly string[];
}

/**
 * Patterns grouped by literal prefix, so that finding the owner of a key, or the patterns that
 * overlap one, looks at a few buckets instead of every pattern. A key can only match a pattern whose
 * prefix starts the key, and two patterns can only overlap when one prefix starts the other
 * (docs/type-level.md#pattern-overlap), so a lookup probes the key's own prefixes of the lengths in use, and, for
 * overlap, the range of longer prefixes in sorted order.
 *
 * @example
 * const index = new PatternIndex<string>()
 * index.add("user:*", "user_data")
 * index.matching("user:42")?.value  //=> "user_data"
 * index.overlapping("user:admin:*").map((e) => e.value)  //=> ["user_data"]
 * index.covering("user:admin:*").map((e) => e.value)     //=> ["user_data"]
 */
export class PatternIndex<TValue> {
  readonly #byPrefix = new Map<string, IndexedPattern<TValue>[]>();
  #lengths: number[] = [];
  #sorted: string[] | undefined;

  /** Adds a pattern, in insertion order within its bucket. */
  add(pattern: string, value: TValue): void {
    const prefix = literalPrefix(pattern);
    const entry: IndexedPattern<TValue> = { pattern, prefix, value, parts: pattern.split("*") };
    const bucket = this.#byPrefix.get(prefix);
    if (bucket) {
      bucket.push(entry);
      return;
    }
    this.#byPrefix.set(prefix, [entry]);
    if (!this.#lengths.includes(prefix.length)) this.#lengths = [...this.#lengths, prefix.length].sort((x, y) => x - y);
    this.#sorted = undefined;
  }

  /**
   * A pattern that matches the key: among several, the one with the shortest literal prefix, then
   * the first added (in a manifest that keeps one owner per key, all of them belong to one cache).
   */
  matching(key: string): IndexedPattern<TValue> | undefined {
    for (const length of this.#lengths) {
      if (length > key.length) break;
      for (const entry of this.#byPrefix.get(key.slice(0, length)) ?? []) {
        if (matchParts(entry.parts, key, undefined)) return entry;
      }
    }
    return undefined;
  }

  /** Every pattern whose literal prefix starts (or equals) the given text. */
  withPrefixOf(text: string): IndexedPattern<TValue>[] {
    const found: IndexedPattern<TValue>[] = [];
    for (const length of this.#lengths) {
      if (length > text.length) break;
      const bucket = this.#byPrefix.get(text.slice(0, length));
      if (bucket) found.push(...bucket);
    }
    return found;
  }

  /** Every pattern that some key matches together with `pattern`. */
  overlapping(pattern: string): IndexedPattern<TValue>[] {
    const prefix = literalPrefix(pattern);
    const candidates = this.withPrefixOf(prefix);
    // A plain key cannot overlap a pattern whose prefix is longer than the key.
    if (pattern.includes("*")) candidates.push(...this.#extending(prefix));
    return candidates.filter((entry) => patternsOverlap(entry.pattern, pattern));
  }

  /**
   * Every pattern that covers `pattern` (matches every key it matches). Such a pattern's prefix
   * starts `pattern`'s: fill `pattern`'s `*`s with a character no pattern uses and the key must
   * still begin with it.
   */
  covering(pattern: string): IndexedPattern<TValue>[] {
    return this.withPrefixOf(literalPrefix(pattern)).filter((entry) => patternCovers(entry.pattern, pattern));
  }

  // The patterns whose prefix strictly extends `prefix`: a contiguous range of the sorted prefixes.
  #extending(prefix: string): IndexedPattern<TValue>[] {
    this.#sorted ??= [...this.#byPrefix.keys()].sort();
    const sorted = this.#sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] ?? "") <= prefix) low = middle + 1;
      else high = middle;
    }
    const found: IndexedPattern<TValue>[] = [];
    for (let i = low; i < sorted.length; i++) {
      const other = sorted[i] ?? "";
      if (!other.startsWith(prefix)) break;
      found.push(...(this.#byPrefix.get(other) ?? []));
    }
    return found;
  }
}

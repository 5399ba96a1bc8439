/**
 * A store's in-memory index of its keys, oldest use first, with the sum of their `bytes` kept in step:
 * a byte budget is then checked and enforced without a scan. Setting a key moves it to the end (most
 * recently used). Shared by the stores whose entries live outside the process (IndexedDB, the Web
 * Cache API).
 *
 * @example
 * const index = new ByteIndex<{ bytes: number }>()
 * index.set("user:1", { bytes: 120 }); index.set("user:2", { bytes: 80 })
 * index.bytes //=> 200
 * index.set("user:1", { bytes: 100 }) // replaced, and now the most recent
 * Array.from(index.keys()) //=> ["user:2", "user:1"]
 */
export class ByteIndex<TRow extends { readonly bytes: number }> implements Iterable<[string, TRow]> {
  readonly #rows = new Map<string, TRow>();
  #bytes = 0;

  /** The sum of every row's `bytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): TRow | undefined {
    return this.#rows.get(key);
  }

  has(key: string): boolean {
    return this.#rows.has(key);
  }

  /** Records `key`'s row, replacing any earlier one, as the most recently used. */
  set(key: string, row: TRow): void {
    this.delete(key);
    this.#rows.set(key, row);
    this.#bytes += row.bytes;
  }

  /** Drops `key`'s row; `true` if there was one. */
  delete(key: string): boolean {
    const old = this.#rows.get(key);
    if (!old) return false;
    this.#rows.delete(key);
    this.#bytes -= old.bytes;
    return true;
  }

  clear(): void {
    this.#rows.clear();
    this.#bytes = 0;
  }

  keys(): IterableIterator<string> {
    return this.#rows.keys();
  }

  [Symbol.iterator](): IterableIterator<[string, TRow]> {
    return this.#rows.entries();
  }
}

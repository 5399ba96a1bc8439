/**
 * Where a cache's values come from on a miss, and (for warm caches) which keys exist.
 *
 * @example
 * declare function findUser(id: string): Promise<User | undefined>
 * const source: Source<User> = { load: (key) => findUser(key.slice("user:".length)) }
 */
export interface Source<TValue> {
  load(key: string): Promise<TValue | undefined> | TValue | undefined;
  keys?(pattern: string): KeyListing;
}

/** A source that can list its keys: what a `warm` cache needs for `layer.warm()`. */
export interface ListingSource<TValue> extends Source<TValue> {
  keys(pattern: string): KeyListing;
}

/**
 * What a source's `keys(pattern)` returns: the keys one by one (an async generator over a cursor), or
 * all at once (an array, or a promise of one, as most database clients' scans return).
 *
 * @example
 * declare const db: { scan(pattern: string): Promise<string[]> }
 * const keys = (pattern: string): KeyListing => db.scan(pattern)
 */
export type KeyListing = AsyncIterable<string> | Iterable<string> | PromiseLike<Iterable<string>>;

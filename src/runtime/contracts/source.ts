/**
 * Where a cache's values come from on a miss, and (for warm caches) which keys exist.
 *
 * @example
 * const source: Source<User> = { load: (key) => db.users.find(key.slice(5)) }
 */
export interface Source<TValue> {
  load(key: string): Promise<TValue | undefined> | TValue | undefined;
  keys?(pattern: string): AsyncIterable<string>;
}

/** A source that can list its keys: what a `warm` cache needs for `layer.warm()`. */
export interface ListingSource<TValue> extends Source<TValue> {
  keys(pattern: string): AsyncIterable<string>;
}

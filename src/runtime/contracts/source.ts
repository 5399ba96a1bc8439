/**
 * Where a cache's values come from on a miss, and (for warm caches) which keys exist.
 *
 * @example
 * declare function findUser(id: string): Promise<User | undefined>
 * const source: Source<User> = { load: (key) => findUser(key.slice("user:".length)) }
 */
export interface Source<TValue> {
  load(key: string): Promise<TValue | undefined> | TValue | undefined;
  keys?(pattern: string): AsyncIterable<string>;
}

/** A source that can list its keys: what a `warm` cache needs for `layer.warm()`. */
export interface ListingSource<TValue> extends Source<TValue> {
  keys(pattern: string): AsyncIterable<string>;
}

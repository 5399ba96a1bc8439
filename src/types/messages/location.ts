/**
 * Where a manifest message points, at run time. `tsc` underlines the offending property, so its
 * message is the short form; a `ManifestError` (from JavaScript, a JSON manifest, a cast) has no
 * underline, so each of its messages is the same text with the path of the offending value after it.
 * `src/runtime/messages/location.ts` builds it, in one place, for every manifest guard.
 *
 * @example
 * type M = Located<"✗ 'user:admin:*' overlaps 'user:*', owned by cache 'users_all' (client) — borrow it instead", "caches.users_admin.owns[0]">
 * //=> "✗ 'user:admin:*' overlaps 'user:*', owned by cache 'users_all' (client) — borrow it instead (at caches.users_admin.owns[0])"
 */
export type Located<TMessage extends string, TPath extends string> = `${TMessage} (at ${TPath})`;

/**
 * Bad input from JavaScript that is not about one field of one cache: the manifest, its `caches`
 * or its `layers` of the wrong kind, a cache that is not an object. `tsc` rejects all of these with
 * its own errors; the run-time twins in `src/runtime/messages/manifest-shape.ts` say the same here.
 */

/** The manifest itself is not an object.
 * @example type M = NotAManifestMessage<"null">
 * //=> "✗ the manifest is null — pass an object like { caches: { user_data: { primary: 'client', owns: ['user:*'] } } }" */
export type NotAManifestMessage<TWritten extends string> =
  `✗ the manifest is ${TWritten} — pass an object like { caches: { user_data: { primary: 'client', owns: ['user:*'] } } }`;

/** A top-level field of the manifest has the wrong kind.
 * @example type M = BadManifestFieldMessage<"layers", "a non-empty array of distinct layer names">
 * //=> "✗ layers of the manifest must be a non-empty array of distinct layer names" */
export type BadManifestFieldMessage<TField extends string, TExpected extends string> = `✗ ${TField} of the manifest must be ${TExpected}`;

/** A cache that is not an object.
 * @example type M = NotACacheMessage<"user_data", "'client'">
 * //=> "✗ cache 'user_data' is 'client' — make it an object like { primary: 'client', owns: ['user:*'] }" */
export type NotACacheMessage<
  TCache extends string,
  TWritten extends string,
> = `✗ cache '${TCache}' is ${TWritten} — make it an object like { primary: 'client', owns: ['user:*'] }`;

import type * as M from "../../types/messages/manifest-shape.js";

// Run-time twins of src/types/messages/manifest-shape.ts: each returns exactly its type, so the texts cannot drift.

/** The run-time twin of `NotAManifestMessage`. */
export const notAManifestMessage = <const TWritten extends string>(written: TWritten): M.NotAManifestMessage<TWritten> =>
  `✗ the manifest is ${written} — pass an object like { caches: { user_data: { primary: 'client', owns: ['user:*'] } } }`;

/** The run-time twin of `BadManifestFieldMessage`. */
export const badManifestFieldMessage = <const TField extends string, const TExpected extends string>(
  field: TField,
  expected: TExpected,
): M.BadManifestFieldMessage<TField, TExpected> => `✗ ${field} of the manifest must be ${expected}`;

/** The run-time twin of `NotACacheMessage`. */
export const notACacheMessage = <const TCache extends string, const TWritten extends string>(
  cache: TCache,
  written: TWritten,
): M.NotACacheMessage<TCache, TWritten> => `✗ cache '${cache}' is ${written} — make it an object like { primary: 'client', owns: ['user:*'] }`;

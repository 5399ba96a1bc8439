// Calls the public defineManifest the way plain JavaScript would (no tsc to check the manifest first),
// and hands back what it threw.
import assert from "node:assert/strict";
import { ManifestError, defineManifest, type ManifestIssue } from "../../../src/index.js";

/** `defineManifest` as JavaScript sees it: any value in, the same value back (frozen), or a `ManifestError`. */
export const defineFromJavaScript = defineManifest as unknown as <TManifest>(input: TManifest) => TManifest;

/** Every issue that defining `input` reports, none when it is accepted (and then comes back frozen). */
export function issuesOf(input: unknown): readonly ManifestIssue[] {
  try {
    defineFromJavaScript(input);
    return [];
  } catch (error) {
    if (error instanceof ManifestError) return error.issues;
    throw error;
  }
}

/** The `ManifestError` that defining `input` throws; fails the test when it does not throw one. */
export function rejectionOf(input: unknown): ManifestError {
  try {
    defineFromJavaScript(input);
  } catch (error) {
    assert.ok(error instanceof ManifestError, `expected a ManifestError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the manifest to be rejected");
}

/** Asserts that `input` is rejected with exactly one issue, equal to `expected` (message and every field). */
export function assertRejectedWith(input: unknown, expected: ManifestIssue): ManifestError {
  const error = rejectionOf(input);
  assert.deepEqual(error.issues, [expected]);
  assert.equal(error.message, expected.message);
  assert.equal(error.rule, expected.rule);
  assert.equal(error.cache, expected.cache);
  assert.equal(error.pattern, expected.pattern);
  assert.equal(error.field, expected.field);
  assert.equal(error.layer, expected.layer);
  return error;
}

/** Asserts that `input` is accepted: the same object comes back, frozen. */
export function assertAccepted<T extends object>(input: T): T {
  const defined = defineFromJavaScript(input);
  assert.equal(defined, input);
  assert.ok(Object.isFrozen(defined));
  return defined;
}

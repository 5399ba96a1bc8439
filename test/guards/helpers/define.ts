// Calls the run-time checker the way plain JavaScript would, and hands back what it threw.
import assert from "node:assert/strict";
import { ManifestError, type ManifestIssue } from "../../../src/runtime/errors.js";
import { defineManifestRuntime } from "../../../src/runtime/model/define-manifest.js";

/** The `ManifestError` that defining `input` throws; fails the test when it does not throw one. */
export function rejectionOf(input: unknown): ManifestError {
  try {
    defineManifestRuntime(input);
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
  const defined = defineManifestRuntime(input);
  assert.equal(defined, input);
  assert.ok(Object.isFrozen(defined));
  return defined;
}

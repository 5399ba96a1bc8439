// A browser stand-in for `node:assert/strict`: the assertions our store tests use, with Node's strict
// semantics (deepStrictEqual compares prototypes, Dates by time, Maps and Sets by content, byte arrays
// by bytes, `-0` apart from `0`). esbuild aliases `node:assert/strict` to this file for browser pages.

export class AssertionError extends Error {
  override readonly name = "AssertionError";
}

function fail(message: unknown, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(typeof message === "string" ? message : fallback);
}

function show(value: unknown): string {
  try {
    return typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

export function isDeepStrictEqual(a: unknown, b: unknown, seen = new Map<object, unknown>()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (ArrayBuffer.isView(a)) {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array((b as ArrayBufferView).buffer, (b as ArrayBufferView).byteOffset, (b as ArrayBufferView).byteLength);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    if (a.size !== other.size) return false;
    for (const [key, value] of a) if (!other.has(key) || !isDeepStrictEqual(value, other.get(key), seen)) return false;
    return true;
  }
  if (a instanceof Set) {
    const other = [...(b as Set<unknown>)];
    if (a.size !== other.length) return false;
    return [...a].every((item) => other.some((candidate) => isDeepStrictEqual(item, candidate, seen)));
  }
  const keysA = Reflect.ownKeys(a).filter((k) => Object.prototype.propertyIsEnumerable.call(a, k));
  const keysB = Reflect.ownKeys(b).filter((k) => Object.prototype.propertyIsEnumerable.call(b, k));
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k], seen),
  );
}

export function ok(value: unknown, message?: unknown): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}
export function equal(actual: unknown, expected: unknown, message?: unknown): void {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}
export const strictEqual = equal;
export function notEqual(actual: unknown, expected: unknown, message?: unknown): void {
  if (Object.is(actual, expected)) fail(message, `expected a value other than ${show(expected)}`);
}
export const notStrictEqual = notEqual;
export function deepEqual(actual: unknown, expected: unknown, message?: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}
export const deepStrictEqual = deepEqual;
export function notDeepEqual(actual: unknown, expected: unknown, message?: unknown): void {
  if (isDeepStrictEqual(actual, expected)) fail(message, `expected a value not deep-equal to ${show(expected)}`);
}
export const notDeepStrictEqual = notDeepEqual;
export function match(text: string, pattern: RegExp, message?: unknown): void {
  if (!pattern.test(text)) fail(message, `expected ${show(text)} to match ${pattern}`);
}
export function doesNotMatch(text: string, pattern: RegExp, message?: unknown): void {
  if (pattern.test(text)) fail(message, `expected ${show(text)} not to match ${pattern}`);
}

type Expected = RegExp | ((error: unknown) => boolean) | (new (...args: never[]) => unknown) | Record<string, unknown> | undefined;
function check(error: unknown, expected: Expected, message: unknown): void {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (!expected.test(text) && !(error instanceof Error && expected.test(error.message))) fail(message, `error ${show(text)} does not match ${expected}`);
    return;
  }
  if (typeof expected === "function") {
    const proto: unknown = expected.prototype;
    if (proto !== undefined && error instanceof (expected as new () => unknown)) return;
    const isErrorClass = expected === Error || proto instanceof Error;
    if (!isErrorClass && (expected as (e: unknown) => unknown)(error) === true) return;
    fail(message, `error ${error instanceof Error ? error.message : show(error)} is not the expected one`);
  }
  for (const [key, value] of Object.entries(expected)) {
    const actual = (error as Record<string, unknown>)[key];
    const fits = value instanceof RegExp ? typeof actual === "string" && value.test(actual) : isDeepStrictEqual(actual, value);
    if (!fits) fail(message, `error.${key} is ${show(actual)}, expected ${show(value)}`);
  }
}
export function throws(run: () => unknown, expected?: Expected, message?: unknown): void {
  try {
    run();
  } catch (error) {
    check(error, expected, message);
    return;
  }
  fail(message, "expected a throw");
}
export async function rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: Expected, message?: unknown): Promise<void> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    check(error, expected, message);
    return;
  }
  fail(message, "expected a rejection");
}
export function doesNotThrow(run: () => unknown, message?: unknown): void {
  try {
    run();
  } catch (error) {
    fail(typeof message === "string" ? message : undefined, `unexpected throw: ${error instanceof Error ? error.message : show(error)}`);
  }
}
export async function doesNotReject(promise: Promise<unknown> | (() => Promise<unknown>), message?: unknown): Promise<void> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    fail(typeof message === "string" ? message : undefined, `unexpected rejection: ${error instanceof Error ? error.message : show(error)}`);
  }
}
export function fail_(message?: string): never {
  throw new AssertionError(message ?? "failed");
}

const assert = Object.assign((value: unknown, message?: unknown) => ok(value, message), {
  ok,
  equal,
  strictEqual,
  notEqual,
  notStrictEqual,
  deepEqual,
  deepStrictEqual,
  notDeepEqual,
  notDeepStrictEqual,
  match,
  doesNotMatch,
  throws,
  rejects,
  doesNotThrow,
  doesNotReject,
  fail: fail_,
  AssertionError,
  // Filled just below: `strict` is the module itself.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  strict: undefined as unknown,
});
assert.strict = assert;
export { fail_ as fail };
export default assert;

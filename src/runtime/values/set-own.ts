/**
 * Sets an own data property, also for the key `"__proto__"`, where plain assignment would change the
 * object's prototype instead (a value parsed from JSON may carry that key as data).
 *
 * @example
 * const target: Record<string, unknown> = {}
 * setOwn(target, "__proto__", 1)
 * Object.keys(target)                                  //=> ["__proto__"]
 * Object.getPrototypeOf(target) === Object.prototype  //=> true
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
